#pragma once
// The one place where absl::Status becomes grpc::Status (and back, for clients).
#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace causeway {

grpc::Status ToGrpcStatus(const absl::Status& status);
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace causeway
