#pragma once
// causeway-topology running in-process on free loopback ports, over a real PostgreSQL database:
// the same TopologyApp that main.cc runs. It bootstraps the test admin (test_principals.h).
#include <memory>
#include <string>

#include "causeway/topology/v1/schema_registry.grpc.pb.h"
#include "causeway/topology/v1/topology.grpc.pb.h"
#include "common/server/tls.h"
#include "support/test_principals.h"
#include "topology/topology_app.h"

namespace causeway::testing {

// The subscription signing key of test topologies (the relay's tests share it).
inline constexpr char kTestSigningKey[] = "test-subscription-signing-key-0123456789abcdef";

struct TopologyServerOptions {
  // Topics are created on real brokers through librdkafka unless set.
  topology::TopicProvisioner provisioner;
  topology::AuthMode auth = topology::AuthMode::kPrincipals;
  TlsFiles tls;  // serve TLS/mTLS (the stubs below are plaintext only)
  topology::WatchOptions watch;
  // The webhook signing key (kTestSigningKey unless a test wants none: "").
  std::string subscription_signing_key = kTestSigningKey;
};

class TopologyServer {
 public:
  explicit TopologyServer(const std::string& dsn, TopologyServerOptions options = {});
  // Compatibility with tests that only choose the provisioner.
  TopologyServer(const std::string& dsn, topology::TopicProvisioner provisioner);
  ~TopologyServer();

  std::string address() const;  // "127.0.0.1:<port>"
  int grpc_port() const { return app_->process().grpc_port(); }
  int http_port() const { return app_->process().http_port(); }
  // Plaintext stubs (TLS tests make their own channels).
  std::unique_ptr<topology::v1::Topology::Stub> NewStub() const;
  std::unique_ptr<topology::v1::SchemaRegistry::Stub> NewSchemaStub() const;
  // http://127.0.0.1:<port>: metrics and the Schema Registry API.
  std::string http_url() const;
  topology::WatchHub& hub() { return app_->hub(); }
  topology::TopologyStore& store() { return app_->store(); }
  // Graceful drain and stop (idempotent; the destructor does it too).
  void Stop();

 private:
  std::unique_ptr<topology::TopologyApp> app_;
};

// A client context carrying the test admin's token, with a deadline.
std::unique_ptr<grpc::ClientContext> Context(int timeout_seconds = 30);
// A client context carrying `token` ("" = no credentials), with a deadline.
std::unique_ptr<grpc::ClientContext> ContextWithToken(const std::string& token,
                                                      int timeout_seconds = 30);

}  // namespace causeway::testing
