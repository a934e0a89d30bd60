#include "common/avro/default_value.h"

#include <limits>

#include "absl/strings/str_cat.h"

namespace causeway::avro {
namespace {

using Type = JsonValue::Type;

bool IsInt32(const JsonValue& v) {
  return v.type() == Type::kInt && v.as_int() >= std::numeric_limits<int32_t>::min() &&
         v.as_int() <= std::numeric_limits<int32_t>::max();
}

// JSON has no NaN or infinities; Avro's Java implementation writes them as these strings.
bool IsFloatingPoint(const JsonValue& v) {
  if (v.is_number()) return true;
  if (v.type() != Type::kString) return false;
  const std::string& s = v.as_string();
  return s == "NaN" || s == "Infinity" || s == "-Infinity";
}

class DefaultChecker {
 public:
  DefaultChecker(JsonPath& path, std::vector<SchemaError>& errors)
      : path_(path), errors_(errors) {}

  void Check(const Node& type, const JsonValue& value) {
    switch (type.kind()) {
      case Kind::kNull:
        Expect(value.is_null(), "null", value);
        return;
      case Kind::kBoolean:
        Expect(value.type() == Type::kBool, "boolean", value);
        return;
      case Kind::kInt:
        Expect(IsInt32(value), "int", value);
        return;
      case Kind::kLong:
        Expect(value.type() == Type::kInt, "long", value);
        return;
      case Kind::kFloat:
      case Kind::kDouble:
        Expect(IsFloatingPoint(value), KindName(type.kind()), value);
        return;
      case Kind::kString:
        Expect(value.type() == Type::kString, "string", value);
        return;
      case Kind::kBytes:
        Expect(value.type() == Type::kString && Latin1Length(value.as_string()).has_value(),
               "bytes (a string of code points 0-255)", value);
        return;
      case Kind::kFixed:
        CheckFixed(type, value);
        return;
      case Kind::kEnum:
        Expect(value.type() == Type::kString && type.SymbolIndex(value.as_string()).has_value(),
               absl::StrCat("a symbol of enum \"", type.full_name(), "\""), value);
        return;
      case Kind::kArray:
        CheckArray(type, value);
        return;
      case Kind::kMap:
        CheckMap(type, value);
        return;
      case Kind::kRecord:
        CheckRecord(type, value);
        return;
      case Kind::kUnion:
        CheckUnion(type, value);
        return;
    }
  }

 private:
  void Expect(bool ok, std::string_view what, const JsonValue& value) {
    if (!ok) errors_.push_back({path_.str(), ExpectedGot(what, value)});
  }

  void CheckFixed(const Node& type, const JsonValue& value) {
    const std::optional<size_t> length =
        value.type() == Type::kString ? Latin1Length(value.as_string()) : std::nullopt;
    Expect(length.has_value() && static_cast<int64_t>(*length) == type.fixed_size(),
           absl::StrCat("a string of ", type.fixed_size(), " code points 0-255 (fixed \"",
                        type.full_name(), "\")"),
           value);
  }

  void CheckArray(const Node& type, const JsonValue& value) {
    if (value.type() != Type::kArray) return Expect(false, "array", value);
    const JsonValue::Array& items = value.as_array();
    for (size_t i = 0; i < items.size(); ++i) {
      auto scope = path_.Index(i);
      Check(type.items(), items[i]);
    }
  }

  void CheckMap(const Node& type, const JsonValue& value) {
    if (value.type() != Type::kObject) return Expect(false, "map (a JSON object)", value);
    for (const auto& [key, item] : value.as_object()) {
      auto scope = path_.Member(key);
      Check(type.values(), item);
    }
  }

  // Fields absent from the object take their own default; members naming no field are ignored,
  // as Avro's Java implementation does.
  void CheckRecord(const Node& type, const JsonValue& value) {
    if (value.type() != Type::kObject) {
      return Expect(false, absl::StrCat("record \"", type.full_name(), "\" (a JSON object)"),
                    value);
    }
    for (const Field& field : type.fields()) {
      if (const JsonValue* member = value.Find(field.name)) {
        auto scope = path_.Member(field.name);
        Check(field.type(), *member);
      } else if (!field.default_value.has_value()) {
        errors_.push_back({path_.str(), absl::StrCat("missing field \"", field.name,
                                                     "\", which has no default")});
      }
    }
  }

  void CheckUnion(const Node& type, const JsonValue& value) {
    if (type.branches().empty()) return Expect(false, "nothing (the union is empty)", value);
    const size_t first_error = errors_.size();
    Check(*type.branches().front(), value);
    if (type.branches().size() > 1) {
      // The usual mistake is a default for a later branch; say which branch counts.
      for (size_t i = first_error; i < errors_.size(); ++i) {
        absl::StrAppend(&errors_[i].message, " (a union's default must match its first branch)");
      }
    }
  }

  JsonPath& path_;
  std::vector<SchemaError>& errors_;
};

}  // namespace

void CheckDefaultValue(const Node& type, const JsonValue& value, JsonPath& path,
                       std::vector<SchemaError>& errors) {
  DefaultChecker(path, errors).Check(type, value);
}

std::optional<size_t> Latin1Length(std::string_view utf8) {
  size_t count = 0;
  for (size_t i = 0; i < utf8.size(); ++i, ++count) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if (byte < 0x80) continue;
    // U+0080..U+00FF are the two-byte sequences led by 0xC2 or 0xC3.
    if ((byte != 0xC2 && byte != 0xC3) || i + 1 >= utf8.size() ||
        (static_cast<unsigned char>(utf8[i + 1]) & 0xC0) != 0x80) {
      return std::nullopt;
    }
    ++i;
  }
  return count;
}

}  // namespace causeway::avro
