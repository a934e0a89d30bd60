#pragma once
// CoreCodec: the PayloadCodec of the service, on the pure core (common/codec). Encoders keep a
// parser and buffers warm, so each thread gets its own.
#include "gateway/server/payload_codec.h"

namespace causeway::gateway {

class CoreCodec : public PayloadCodec {
 public:
  absl::Status EncodeJson(const avro::Schema& schema, absl::string_view json, std::string* out,
                          std::vector<v1::Violation>* violations) override;
  absl::Status CheckBinary(const avro::Schema& schema, absl::string_view avro,
                           std::vector<v1::Violation>* violations) override;
};

}  // namespace causeway::gateway
