#include "common/codec/default_value_writer.h"

#include <cmath>
#include <string>

#include "common/codec/avro_json_text.h"

namespace causeway::codec {
namespace {

using avro::JsonValue;
using avro::Kind;
using avro::Node;

// Defaults nest no deeper than the schema text (which the parser caps); only a default that
// keeps taking its own default goes past this.
constexpr int kMaxDepth = 256;

class DefaultWriter {
 public:
  DefaultWriter(AvroBinaryWriter& out, size_t& budget) : out_(out), budget_(budget) {}

  DefaultWrite Run(const Node& type, const JsonValue& value) {
    if (Write(type, value, 0)) return DefaultWrite::kWritten;
    return over_budget_ ? DefaultWrite::kOverBudget : DefaultWrite::kContainsItself;
  }

 private:
  // False when the value cannot be written: nested past kMaxDepth (a default containing itself),
  // over the budget, or (never, after the parser's check) not of its type.
  bool Write(const Node& type, const JsonValue& value, int depth) {
    if (depth > kMaxDepth || !Spend(1)) return false;
    using Type = JsonValue::Type;
    switch (type.kind()) {
      case Kind::kNull:
        return value.is_null();
      case Kind::kBoolean:
        if (value.type() != Type::kBool) return false;
        out_.WriteBoolean(value.as_bool());
        return true;
      case Kind::kInt:
        if (value.type() != Type::kInt) return false;
        out_.WriteInt(static_cast<int32_t>(value.as_int()));
        return true;
      case Kind::kLong:
        if (value.type() != Type::kInt) return false;
        out_.WriteLong(value.as_int());
        return true;
      case Kind::kFloat:
      case Kind::kDouble: {
        std::optional<double> number =
            value.is_number() ? std::optional<double>(value.as_number())
            : value.type() == Type::kString ? NonFiniteFromString(value.as_string())
                                            : std::nullopt;
        if (!number) return false;
        if (type.kind() == Kind::kFloat) {
          out_.WriteFloat(static_cast<float>(*number));
        } else {
          out_.WriteDouble(*number);
        }
        return true;
      }
      case Kind::kString:
        if (value.type() != Type::kString || !Spend(value.as_string().size())) return false;
        out_.WriteString(value.as_string());
        return true;
      case Kind::kBytes:
      case Kind::kFixed: {
        std::string bytes;
        if (value.type() != Type::kString || !DecodeByteString(value.as_string(), bytes) ||
            !Spend(bytes.size())) {
          return false;
        }
        if (type.kind() == Kind::kBytes) {
          out_.WriteBytes(bytes);
          return true;
        }
        if (static_cast<int64_t>(bytes.size()) != type.fixed_size()) return false;
        out_.WriteFixed(bytes);
        return true;
      }
      case Kind::kEnum: {
        std::optional<size_t> index = value.type() == Type::kString
                                          ? type.SymbolIndex(value.as_string())
                                          : std::nullopt;
        if (!index) return false;
        out_.WriteEnum(*index);
        return true;
      }
      case Kind::kArray: {
        if (value.type() != Type::kArray) return false;
        const JsonValue::Array& items = value.as_array();
        if (!items.empty()) out_.WriteBlockCount(items.size());
        for (const JsonValue& item : items) {
          if (!Write(type.items(), item, depth + 1)) return false;
        }
        out_.WriteBlockEnd();
        return true;
      }
      case Kind::kMap: {
        if (value.type() != Type::kObject) return false;
        const JsonValue::Object& members = value.as_object();
        if (!members.empty()) out_.WriteBlockCount(members.size());
        for (const auto& [key, item] : members) {
          out_.WriteString(key);
          if (!Write(type.values(), item, depth + 1)) return false;
        }
        out_.WriteBlockEnd();
        return true;
      }
      case Kind::kRecord:
        return WriteRecord(type, value, depth);
      case Kind::kUnion:
        if (type.branches().empty()) return false;
        out_.WriteUnionIndex(0);
        return Write(*type.branches().front(), value, depth + 1);
    }
    return false;
  }

  bool Spend(size_t units) {
    if (units > budget_) {
      budget_ = 0;
      over_budget_ = true;
      return false;
    }
    budget_ -= units;
    return true;
  }

  bool WriteRecord(const Node& type, const JsonValue& value, int depth) {
    if (value.type() != JsonValue::Type::kObject) return false;
    for (const avro::Field& field : type.fields()) {
      const JsonValue* member = value.Find(field.name);
      if (member == nullptr) member = field.default_value ? &*field.default_value : nullptr;
      if (member == nullptr || !Write(field.type(), *member, depth + 1)) return false;
    }
    return true;
  }

  AvroBinaryWriter& out_;
  size_t& budget_;
  bool over_budget_ = false;
};

}  // namespace

DefaultWrite WriteDefaultValue(const Node& type, const JsonValue& value, AvroBinaryWriter& out,
                               size_t& budget) {
  return DefaultWriter(out, budget).Run(type, value);
}

}  // namespace causeway::codec
