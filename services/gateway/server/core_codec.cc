#include "gateway/server/core_codec.h"

#include "common/codec/avro_binary_reader.h"
#include "common/codec/json_to_avro.h"

namespace causeway::gateway {

absl::Status CoreCodec::EncodeJson(const avro::Schema& schema, absl::string_view json,
                                   std::string* out, std::vector<v1::Violation>* violations) {
  thread_local codec::JsonToAvroEncoder encoder;
  codec::Violations found;
  absl::Status s = encoder.Encode(schema, std::string_view(json.data(), json.size()), *out, found);
  for (codec::Violation& v : found) {
    v1::Violation* pb = &violations->emplace_back();
    pb->set_path(std::move(v.path));
    pb->set_message(std::move(v.message));
  }
  return s;
}

absl::Status CoreCodec::CheckBinary(const avro::Schema& schema, absl::string_view avro,
                                    std::vector<v1::Violation>* violations) {
  codec::Violation fault;
  absl::Status s =
      codec::ValidateAvroBinary(schema, std::string_view(avro.data(), avro.size()), {}, &fault);
  if (!s.ok()) {
    v1::Violation* pb = &violations->emplace_back();
    pb->set_path(std::move(fault.path));
    pb->set_message(std::move(fault.message));
  }
  return s;
}

}  // namespace causeway::gateway
