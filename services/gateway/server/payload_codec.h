#pragma once
// PayloadCodec: the seam between the publish path and the pure JSON/Avro core (common/codec).
// Turning a payload into Avro binary is pure work; keeping it behind an interface lets the
// publisher's unit tests use a trivial codec and the service use the real one.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "causeway/gateway/v1/gateway.pb.h"
#include "common/avro/schema.h"

namespace causeway::gateway {

class PayloadCodec {
 public:
  virtual ~PayloadCodec() = default;
  // JSON text → Avro binary appended to `out` (left as it was on failure). INVALID_ARGUMENT with
  // every violation in `violations`.
  // Must be safe to call from several threads at once.
  virtual absl::Status EncodeJson(const avro::Schema& schema, absl::string_view json,
                                  std::string* out, std::vector<v1::Violation>* violations) = 0;
  // Checks that `avro` is exactly one valid datum of `schema` (INVALID_ARGUMENT otherwise, with
  // the fault, path and byte offset, in `violations`).
  virtual absl::Status CheckBinary(const avro::Schema& schema, absl::string_view avro,
                                   std::vector<v1::Violation>* violations) = 0;
};

}  // namespace causeway::gateway
