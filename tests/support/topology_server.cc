#include "support/topology_server.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "topology/bootstrap_admin.h"

namespace causeway::testing {

TopologyServer::TopologyServer(const std::string& dsn, topology::TopicProvisioner provisioner)
    : TopologyServer(dsn, TopologyServerOptions{std::move(provisioner)}) {}

TopologyServer::TopologyServer(const std::string& dsn, TopologyServerOptions options) {
  topology::TopologyAppOptions app;
  app.pg_dsn = dsn;
  app.pg_pool_size = 4;
  app.pg_acquire_timeout = std::chrono::seconds(2);
  app.server = ServerOptions{"127.0.0.1:0", "127.0.0.1:0", absl::Milliseconds(400)};
  app.server.tls = options.tls;
  app.auth = options.auth;
  app.kafka_timeout = absl::Seconds(10);
  app.hub.retry = absl::Milliseconds(200);
  app.watch = options.watch;
  app.provisioner = std::move(options.provisioner);
  app.subscription_signing_key = options.subscription_signing_key;
  app_ = std::make_unique<topology::TopologyApp>(std::move(app));
  // Several servers may share one database: the first one makes the admin.
  absl::Status bootstrapped = topology::BootstrapAdmin(&app_->store(), kTestAdmin, TestAdminToken());
  EXPECT_TRUE(bootstrapped.ok() || absl::IsFailedPrecondition(bootstrapped)) << bootstrapped;
  app_->hub().Start();
  absl::Status started = app_->process().Start();
  EXPECT_TRUE(started.ok()) << started;
  // Serving before the view is loaded would answer UNAVAILABLE; tests want a warm replica.
  EXPECT_TRUE(app_->hub().WaitForRevision(0, absl::Seconds(20))) << "topology view never loaded";
  app_->SetReady(true);
}

TopologyServer::~TopologyServer() { Stop(); }

void TopologyServer::Stop() {
  if (app_) {
    app_->process().Shutdown();
    app_->hub().Stop();
  }
}

std::string TopologyServer::address() const {
  return absl::StrCat("127.0.0.1:", app_->process().grpc_port());
}

std::unique_ptr<topology::v1::Topology::Stub> TopologyServer::NewStub() const {
  return topology::v1::Topology::NewStub(
      grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
}

std::unique_ptr<topology::v1::SchemaRegistry::Stub> TopologyServer::NewSchemaStub() const {
  return topology::v1::SchemaRegistry::NewStub(
      grpc::CreateChannel(address(), grpc::InsecureChannelCredentials()));
}

std::string TopologyServer::http_url() const {
  return absl::StrCat("http://127.0.0.1:", app_->process().http_port());
}

std::unique_ptr<grpc::ClientContext> ContextWithToken(const std::string& token,
                                                      int timeout_seconds) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(timeout_seconds));
  return ctx;
}

std::unique_ptr<grpc::ClientContext> Context(int timeout_seconds) {
  return ContextWithToken(kTestAdminToken, timeout_seconds);
}

}  // namespace causeway::testing
