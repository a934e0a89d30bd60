#include "common/avro/schema_errors.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace causeway::avro {
namespace {

// Long defaults would drown the message; the path already says where to look.
constexpr size_t kMaxQuotedValue = 80;

std::string Quote(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

}  // namespace

std::string SchemaError::ToString() const { return absl::StrCat(path, ": ", message); }

absl::Status SchemaErrorsToStatus(std::span<const SchemaError> errors) {
  if (errors.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrJoin(
      errors, "\n", [](std::string* out, const SchemaError& e) { out->append(e.ToString()); }));
}

std::string ExpectedGot(std::string_view what, const JsonValue& got) {
  std::string text = got.ToJson();
  if (text.size() > kMaxQuotedValue) {
    size_t cut = kMaxQuotedValue;
    // Do not split a UTF-8 sequence: back off over continuation bytes.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
    text += "...";
  }
  return absl::StrFormat("expected %s, got %s", what, text);
}

std::string MissingAttribute(std::string_view attribute) {
  return absl::StrCat("missing required attribute ", Quote(attribute));
}

std::string InvalidValue(std::string_view what, std::string_view value, std::string_view why) {
  return absl::StrFormat("invalid %s %s: %s", what, Quote(value), why);
}

std::string Duplicate(std::string_view what, std::string_view value) {
  return absl::StrFormat("duplicate %s %s", what, Quote(value));
}

std::string UnknownType(std::string_view name) {
  return absl::StrCat("unknown type ", Quote(name));
}

}  // namespace causeway::avro
