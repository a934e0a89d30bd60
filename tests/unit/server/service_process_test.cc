// The process shell's HTTP health endpoints, on loopback in-process.
#include "common/server/grpc_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include "absl/strings/str_cat.h"

namespace causeway {
namespace {

TEST(ServiceProcess, ReadyzFollowsReadiness) {
  ServiceProcess process("test", ServerOptions{"127.0.0.1:0", "127.0.0.1:0", absl::Milliseconds(100)});
  process.SetReady("causeway.test.v1.A", false);
  ASSERT_TRUE(process.Start().ok());
  httplib::Client client("127.0.0.1", process.http_port());

  auto not_ready = client.Get("/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_EQ(not_ready->body, "causeway.test.v1.A not ready\n");
  auto alive = client.Get("/healthz");
  ASSERT_TRUE(alive);
  EXPECT_EQ(alive->status, 200) << "liveness does not wait for readiness";

  process.SetReady("causeway.test.v1.A", true);
  auto ready = client.Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  EXPECT_EQ(ready->body, "ready\n");
  process.Shutdown();
}

}  // namespace
}  // namespace causeway
