#include "cli/field_text.h"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "cli/reflection.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/timestamp.pb.h"

namespace causeway::cli {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string TimestampText(const Message& message) {
  google::protobuf::Timestamp timestamp;
  timestamp.CopyFrom(message);
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "";
  absl::Time time = absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", time, absl::UTCTimeZone());
}

// One value of a field; `index` < 0 for a singular field.
std::string ValueText(const Message& message, const FieldDescriptor& field, int index) {
  const Reflection& r = *message.GetReflection();
  const bool repeated = index >= 0;
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return repeated ? r.GetRepeatedString(message, &field, index) : r.GetString(message, &field);
    case FieldDescriptor::CPPTYPE_ENUM:
      return EnumShortName(repeated ? *r.GetRepeatedEnum(message, &field, index)
                                    : *r.GetEnum(message, &field));
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (!repeated && !r.HasField(message, &field)) return "";
      return MessageText(repeated ? r.GetRepeatedMessage(message, &field, index)
                                  : r.GetMessage(message, &field));
    default: {
      // Numbers and booleans read the same as in protobuf text format.
      std::string text;
      google::protobuf::TextFormat::PrintFieldValueToString(message, &field, index, &text);
      return text;
    }
  }
}

// Map entries are messages with fields `key` and `value`.
std::string MapText(const Message& message, const FieldDescriptor& field) {
  const Reflection& r = *message.GetReflection();
  std::vector<std::string> entries;
  for (int i = 0; i < r.FieldSize(message, &field); ++i) {
    const Message& entry = r.GetRepeatedMessage(message, &field, i);
    const auto* type = entry.GetDescriptor();
    entries.push_back(absl::StrCat(ValueText(entry, *type->map_key(), -1), "=",
                                   ValueText(entry, *type->map_value(), -1)));
  }
  std::sort(entries.begin(), entries.end());
  return absl::StrJoin(entries, ",");
}

// The text at parts[i..] of `message`; a repeated message on the way contributes the text of each
// element, comma-separated ("tokens.id": every token's id).
std::string TextAt(const Message& message, const std::vector<std::string>& parts, size_t i) {
  const FieldDescriptor& field = FieldNamed(*message.GetDescriptor(), parts[i]);
  if (i + 1 == parts.size()) return FieldText(message, field);
  const Reflection& r = *message.GetReflection();
  if (field.is_repeated()) {
    std::vector<std::string> texts;
    for (int j = 0; j < r.FieldSize(message, &field); ++j) {
      texts.push_back(TextAt(r.GetRepeatedMessage(message, &field, j), parts, i + 1));
    }
    return absl::StrJoin(texts, ",");
  }
  if (!r.HasField(message, &field)) return "";
  return TextAt(r.GetMessage(message, &field), parts, i + 1);
}

}  // namespace

std::string MessageText(const Message& message) {
  if (message.GetDescriptor() == google::protobuf::Timestamp::descriptor()) {
    return TimestampText(message);
  }
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  std::vector<std::string> parts;
  for (const FieldDescriptor* field : fields) {
    parts.push_back(absl::StrCat(field->name(), "=", FieldText(message, *field)));
  }
  return absl::StrJoin(parts, " ");
}

std::string FieldText(const Message& message, const FieldDescriptor& field) {
  if (field.is_map()) return MapText(message, field);
  if (!field.is_repeated()) return ValueText(message, field, -1);
  std::vector<std::string> values;
  for (int i = 0; i < message.GetReflection()->FieldSize(message, &field); ++i) {
    values.push_back(ValueText(message, field, i));
  }
  return absl::StrJoin(values, ",");
}

std::string FieldTextAt(const Message& message, absl::string_view path) {
  const std::vector<std::string> parts = absl::StrSplit(path, '.');
  return TextAt(message, parts, 0);
}

std::string EnumValuePrefix(const google::protobuf::EnumDescriptor& type) {
  std::string prefix;
  for (char c : type.name()) {
    if (std::isupper(static_cast<unsigned char>(c)) && !prefix.empty()) prefix += '_';
    prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return prefix + "_";
}

std::string EnumShortName(const google::protobuf::EnumValueDescriptor& value) {
  const std::string prefix = EnumValuePrefix(*value.type());
  if (absl::StartsWith(value.name(), prefix)) return value.name().substr(prefix.size());
  return value.name();
}

}  // namespace causeway::cli
