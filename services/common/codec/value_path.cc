#include "common/codec/value_path.h"

#include "absl/strings/str_cat.h"
#include "common/avro/json_value.h"
#include "common/avro/names.h"

namespace causeway::codec {

std::string ValuePath::ToString() const {
  std::string text = "$";
  for (size_t i = 0; i < size_; ++i) {
    const Segment& segment = segments_[i];
    switch (segment.kind) {
      case Segment::kMember:
        if (avro::IsValidName(segment.name)) {
          text += '.';
          text += segment.name;
          break;
        }
        [[fallthrough]];
      case Segment::kKey:
        text += '[';
        avro::AppendJsonString(text, segment.name);
        text += ']';
        break;
      case Segment::kIndex:
        absl::StrAppend(&text, "[", segment.index, "]");
        break;
    }
  }
  return text;
}

}  // namespace causeway::codec
