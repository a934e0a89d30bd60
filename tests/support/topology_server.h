#pragma once
// causeway-topology running in-process on a free loopback port, over a real PostgreSQL database,
// wired exactly as main.cc wires it (store, watch hub, service, health, reflection, metrics).
#include <memory>
#include <string>

#include "causeway/topology/v1/topology.grpc.pb.h"
#include "common/kafka/rdkafka_topic_admin.h"
#include "common/pg/pg_pool.h"
#include "common/server/grpc_server.h"
#include "causeway/topology/v1/schema_registry.grpc.pb.h"
#include "topology/pg_schema_store.h"
#include "topology/pg_topology_store.h"
#include "topology/schema_service.h"
#include "topology/topology_service.h"
#include "topology/watch_hub.h"

namespace causeway::testing {

class TopologyServer {
 public:
  // Topics are created on real brokers through librdkafka unless `provisioner` is given.
  explicit TopologyServer(const std::string& dsn, topology::TopicProvisioner provisioner = {});
  ~TopologyServer();

  std::string address() const;  // "127.0.0.1:<port>"
  int http_port() const { return process_->http_port(); }
  std::unique_ptr<topology::v1::Topology::Stub> NewStub() const;
  std::unique_ptr<topology::v1::SchemaRegistry::Stub> NewSchemaStub() const;
  // http://127.0.0.1:<port>: metrics and the Schema Registry API.
  std::string http_url() const;
  topology::WatchHub& hub() { return *hub_; }
  topology::TopologyStore& store() { return *store_; }
  // Graceful drain and stop (idempotent; the destructor does it too).
  void Stop();

 private:
  std::unique_ptr<pg::PgPool> pool_;
  std::unique_ptr<topology::PgTopologyStore> store_;
  std::unique_ptr<topology::PgSchemaStore> schema_store_;
  std::unique_ptr<topology::WatchHub> hub_;
  std::unique_ptr<kafka::RdKafkaTopicAdmin> admin_;
  std::unique_ptr<topology::TopologyService> service_;
  std::unique_ptr<topology::SchemaService> schema_service_;
  std::unique_ptr<ServiceProcess> process_;
};

// A client context that names its actor, with a deadline.
std::unique_ptr<grpc::ClientContext> Context(const std::string& actor = "test",
                                             int timeout_seconds = 30);

}  // namespace causeway::testing
