// The process shell's HTTP health endpoints, on loopback in-process.
#include "common/server/grpc_server.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "support/http_client.h"

namespace causeway {
namespace {

TEST(ServiceProcess, ReadyzFollowsReadiness) {
  ServiceProcess process("test", ServerOptions{"127.0.0.1:0", "127.0.0.1:0", absl::Milliseconds(100)});
  process.SetReady("causeway.test.v1.A", false);
  ASSERT_TRUE(process.Start().ok());
  const std::string url = absl::StrCat("http://127.0.0.1:", process.http_port());

  auto not_ready = testing::HttpGet(url + "/readyz");
  EXPECT_EQ(not_ready.status, 503) << not_ready.error;
  EXPECT_EQ(not_ready.body, "causeway.test.v1.A not ready\n");
  auto alive = testing::HttpGet(url + "/healthz");
  EXPECT_EQ(alive.status, 200) << "liveness does not wait for readiness";

  process.SetReady("causeway.test.v1.A", true);
  auto ready = testing::HttpGet(url + "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, "ready\n");
  process.Shutdown();
}

}  // namespace
}  // namespace causeway
