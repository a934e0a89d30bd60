#include "common/codec/expected_form.h"

#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace causeway::codec {
namespace {

using avro::Kind;
using avro::LogicalType;
using avro::Node;

// Enums with many symbols are named by their first few.
constexpr size_t kMaxSymbolsShown = 8;

std::string LogicalForm(const Node& type) {
  switch (type.logical_type()) {
    case LogicalType::kDate:
      return R"(date ("2026-11-25" or days since 1970-01-01))";
    case LogicalType::kTimeMillis:
      return R"(time-millis ("02:10:00.000" or milliseconds since midnight))";
    case LogicalType::kTimeMicros:
      return R"(time-micros ("02:10:00.000000" or microseconds since midnight))";
    case LogicalType::kTimestampMillis:
      return R"(timestamp-millis ("2026-11-25T02:10:00Z" or milliseconds since the epoch))";
    case LogicalType::kTimestampMicros:
      return R"(timestamp-micros ("2026-11-25T02:10:00Z" or microseconds since the epoch))";
    case LogicalType::kLocalTimestampMillis:
      return R"(local-timestamp-millis ("2026-11-25T02:10:00", no offset, or milliseconds))";
    case LogicalType::kLocalTimestampMicros:
      return R"(local-timestamp-micros ("2026-11-25T02:10:00", no offset, or microseconds))";
    case LogicalType::kUuid:
      return R"(uuid ("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", hexadecimal))";
    case LogicalType::kDecimal:
      return absl::StrCat(ShortTypeName(type), R"( (a string such as "12.34", or a number))");
    case LogicalType::kDuration:
    case LogicalType::kNone:
      break;
  }
  return "";
}

}  // namespace

std::string ShortTypeName(const Node& type) {
  switch (type.logical_type()) {
    case LogicalType::kNone:
      break;
    case LogicalType::kDecimal:
      return absl::StrCat("decimal(", type.decimal().precision, ",", type.decimal().scale, ")");
    default:
      return std::string(avro::LogicalTypeName(type.logical_type()));
  }
  if (avro::IsNamed(type.kind())) return type.full_name();
  if (type.kind() != Kind::kUnion) return std::string(avro::KindName(type.kind()));
  std::vector<std::string> names;
  bool nullable = false;
  for (const Node* branch : type.branches()) {
    if (branch->kind() == Kind::kNull) {
      nullable = true;
    } else {
      names.push_back(ShortTypeName(*branch));
    }
  }
  if (nullable) names.push_back("null");
  if (names.empty()) return "nothing (an empty union)";
  if (names.size() == 1) return names.front();
  const std::string last = std::move(names.back());
  names.pop_back();
  return absl::StrCat(absl::StrJoin(names, ", "), " or ", last);
}

std::string ExpectedForm(const Node& type) {
  if (std::string form = LogicalForm(type); !form.empty()) return form;
  switch (type.kind()) {
    case Kind::kBytes:
      return "bytes (a string of code points 0-255)";
    case Kind::kFixed:
      return absl::StrCat("fixed \"", type.full_name(), "\" (a string of ", type.fixed_size(),
                          " code points 0-255)");
    case Kind::kEnum: {
      const auto symbols = type.symbols();
      std::string shown = absl::StrJoin(symbols.first(std::min(symbols.size(), kMaxSymbolsShown)),
                                        ", ");
      if (symbols.size() > kMaxSymbolsShown) shown += ", ...";
      return absl::StrCat("a symbol of enum \"", type.full_name(), "\" (", shown, ")");
    }
    case Kind::kMap:
      return "map (a JSON object)";
    case Kind::kRecord:
      return absl::StrCat("record \"", type.full_name(), "\" (a JSON object)");
    default:
      return ShortTypeName(type);
  }
}

}  // namespace causeway::codec
