#include "common/avro/json_path.h"

#include "absl/strings/str_cat.h"
#include "common/avro/json_value.h"
#include "common/avro/names.h"

namespace causeway::avro {

JsonPath::Scope JsonPath::Member(std::string_view key) {
  const size_t before = text_.size();
  if (IsValidName(key)) {
    text_ += '.';
    text_ += key;
  } else {
    text_ += '[';
    AppendJsonString(text_, key);
    text_ += ']';
  }
  return Scope(*this, before);
}

JsonPath::Scope JsonPath::Index(size_t index) {
  const size_t before = text_.size();
  absl::StrAppend(&text_, "[", index, "]");
  return Scope(*this, before);
}

}  // namespace causeway::avro
