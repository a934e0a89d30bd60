#include "support/topology_server.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "topology/registry_http.h"
#include "topology/topic_provisioning.h"

namespace causeway::testing {

TopologyServer::TopologyServer(const std::string& dsn, topology::TopicProvisioner provisioner) {
  pool_ = std::make_unique<pg::PgPool>(dsn, 4, &topology::PrepareStoreStatements,
                                       std::chrono::seconds(2));
  store_ = std::make_unique<topology::PgTopologyStore>(pool_.get());
  schema_store_ = std::make_unique<topology::PgSchemaStore>(pool_.get());
  topology::WatchHubOptions hub_options;
  hub_options.retry = absl::Milliseconds(200);
  hub_ = std::make_unique<topology::WatchHub>(store_.get(), dsn, hub_options);
  if (!provisioner) {
    admin_ = std::make_unique<kafka::RdKafkaTopicAdmin>(
        kafka::RdKafkaTopicAdmin::Options{absl::Seconds(10)});
    provisioner = topology::MakeTopicProvisioner(admin_.get());
  }
  service_ = std::make_unique<topology::TopologyService>(store_.get(), hub_.get(),
                                                         std::move(provisioner));
  process_ = std::make_unique<ServiceProcess>(
      "causeway-topology",
      ServerOptions{"127.0.0.1:0", "127.0.0.1:0", absl::Milliseconds(400)});
  schema_service_ = std::make_unique<topology::SchemaService>(schema_store_.get(), store_.get(),
                                                             hub_.get());
  process_->AddService(service_.get());
  process_->AddService(schema_service_.get());
  topology::RegisterSchemaRegistryRoutes(hub_.get(), process_->http().routes());
  process_->OnDrain([this] { hub_->DrainSubscribers(); });
  hub_->Start();
  absl::Status started = process_->Start();
  EXPECT_TRUE(started.ok()) << started;
  // Serving before the view is loaded would answer UNAVAILABLE; tests want a warm replica.
  EXPECT_TRUE(hub_->WaitForRevision(0, absl::Seconds(20))) << "topology view never loaded";
}

TopologyServer::~TopologyServer() { Stop(); }

void TopologyServer::Stop() {
  if (process_) process_->Shutdown();
  if (hub_) hub_->Stop();
}

std::string TopologyServer::address() const {
  return absl::StrCat("127.0.0.1:", process_->grpc_port());
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
  return absl::StrCat("http://127.0.0.1:", process_->http_port());
}

std::unique_ptr<grpc::ClientContext> Context(const std::string& actor, int timeout_seconds) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("x-causeway-actor", actor);
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(timeout_seconds));
  return ctx;
}

}  // namespace causeway::testing
