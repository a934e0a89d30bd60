#pragma once
// TopologyApp: causeway-topology composed from its parts — PostgreSQL pool and stores, the watch
// hub, access control, the Topology and SchemaRegistry services, the Schema Registry HTTP API,
// metrics — inside one ServiceProcess. main.cc and the test harness both build it, so a test runs
// exactly what production runs.
#include <chrono>
#include <memory>
#include <string>

#include "common/kafka/rdkafka_topic_admin.h"
#include "common/pg/pg_pool.h"
#include "common/server/grpc_server.h"
#include "topology/access.h"
#include "topology/pg_schema_store.h"
#include "topology/pg_topology_store.h"
#include "topology/schema_service.h"
#include "topology/topology_service.h"
#include "topology/watch_hub.h"

namespace causeway::topology {

struct TopologyAppOptions {
  std::string pg_dsn;
  int pg_pool_size = 8;
  std::chrono::milliseconds pg_acquire_timeout = std::chrono::seconds(5);
  ServerOptions server;
  AuthMode auth = AuthMode::kPrincipals;
  absl::Duration kafka_timeout = absl::Seconds(15);
  WatchHubOptions hub;
  WatchOptions watch;
  // Topics are created on the real clusters through librdkafka unless this is set (tests).
  TopicProvisioner provisioner;
  // The webhook signing key itself (main resolves --subscription-signing-key's reference); empty
  // disables CreateSubscription and RotateSubscriptionSecret (FAILED_PRECONDITION).
  std::string subscription_signing_key;
};

// The health service name whose status says "this replica can answer" (readiness).
inline constexpr char kTopologyReadyService[] = "causeway.topology.v1.Topology";
inline constexpr char kSchemaRegistryService[] = "causeway.topology.v1.SchemaRegistry";

class TopologyApp {
 public:
  explicit TopologyApp(TopologyAppOptions options);
  ~TopologyApp();

  ServiceProcess& process() { return *process_; }
  WatchHub& hub() { return *hub_; }
  TopologyStore& store() { return *store_; }
  // Marks both APIs ready (readiness) or not.
  void SetReady(bool ready);

 private:
  void ExportGauges();

  std::unique_ptr<pg::PgPool> pool_;
  std::unique_ptr<PgTopologyStore> store_;
  std::unique_ptr<PgSchemaStore> schema_store_;
  std::unique_ptr<WatchHub> hub_;
  std::unique_ptr<kafka::RdKafkaTopicAdmin> admin_;
  std::unique_ptr<Access> access_;
  std::unique_ptr<TopologyService> service_;
  std::unique_ptr<SchemaService> schema_service_;
  std::unique_ptr<ServiceProcess> process_;
};

}  // namespace causeway::topology
