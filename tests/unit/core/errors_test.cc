#include "common/core/errors.h"

#include <gtest/gtest.h>

#include "common/core/grpc_status.h"

namespace causeway {
namespace {

TEST(Errors, FactoriesCarryTheirCodes) {
  EXPECT_EQ(InvalidField("a.b", "bad").message(), "a.b: bad");
  EXPECT_EQ(NotFound("zone", "eu").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(AlreadyExists("zone", "eu").code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(StaleVersion("zone", "eu", 1, 2).code(), absl::StatusCode::kAborted);
}

TEST(Errors, AnnotateKeepsTheCode) {
  absl::Status s = Annotate(absl::UnavailableError("down"), "placing mfp/X");
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "placing mfp/X: down");
  EXPECT_TRUE(Annotate(absl::OkStatus(), "x").ok());
}

TEST(GrpcStatus, MapsEveryCodeBothWays) {
  for (int code = 1; code <= 16; ++code) {
    absl::Status s(static_cast<absl::StatusCode>(code), "m");
    grpc::Status g = ToGrpcStatus(s);
    EXPECT_EQ(static_cast<int>(g.error_code()), code);
    EXPECT_EQ(g.error_message(), "m");
    EXPECT_EQ(FromGrpcStatus(g), s);
  }
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

}  // namespace
}  // namespace causeway
