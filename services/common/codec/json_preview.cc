#include "common/codec/json_preview.h"

#include <string_view>

#include "common/avro/json_value.h"
#include "common/codec/avro_json_text.h"
#include "common/codec/simdjson_dom.h"

namespace causeway::codec {
namespace {

class Preview {
 public:
  explicit Preview(size_t max_chars) : max_chars_(max_chars) {}

  // Appends `value`; false once the text is long enough to stop.
  bool Append(dom::element value) {
    if (out_.size() > max_chars_) return false;
    switch (value.type()) {
      case dom::element_type::ARRAY: {
        out_ += '[';
        bool first = true;
        for (dom::element item : dom::AsArray(value)) {
          if (!first) out_ += ',';
          first = false;
          if (!Append(item)) return false;
        }
        out_ += ']';
        break;
      }
      case dom::element_type::OBJECT: {
        out_ += '{';
        bool first = true;
        for (dom::key_value_pair member : dom::AsObject(value)) {
          if (!first) out_ += ',';
          first = false;
          AppendString(member.key);
          out_ += ':';
          if (!Append(member.value)) return false;
        }
        out_ += '}';
        break;
      }
      case dom::element_type::INT64:
        out_ += std::to_string(dom::AsInt64(value));
        break;
      case dom::element_type::UINT64:
        out_ += std::to_string(dom::AsUint64(value));
        break;
      case dom::element_type::DOUBLE:
        AppendJsonDouble(dom::AsDouble(value), out_);
        break;
      case dom::element_type::STRING:
        AppendString(dom::AsString(value));
        break;
      case dom::element_type::BOOL:
        out_ += dom::AsBool(value) ? "true" : "false";
        break;
      case dom::element_type::NULL_VALUE:
        out_ += "null";
        break;
    }
    return out_.size() <= max_chars_;
  }

  std::string Finish() && {
    if (out_.size() > max_chars_) {
      size_t cut = max_chars_;
      // Do not split a UTF-8 sequence: back off over continuation bytes.
      while (cut > 0 && (static_cast<unsigned char>(out_[cut]) & 0xC0) == 0x80) --cut;
      out_.resize(cut);
      out_ += "...";
    }
    return std::move(out_);
  }

 private:
  void AppendString(std::string_view s) {
    // Only the start of a long string can be shown anyway.
    avro::AppendJsonString(out_, s.substr(0, max_chars_ + 1));
  }

  size_t max_chars_;
  std::string out_;
};

}  // namespace

std::string JsonPreview(dom::element value, size_t max_chars) {
  Preview preview(max_chars);
  preview.Append(value);
  return std::move(preview).Finish();
}

}  // namespace causeway::codec
