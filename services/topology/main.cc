// causeway-topology: composes the service from its parts. See README.md in this folder.
#include <CLI/CLI.hpp>
#include <httplib.h>
#include <atomic>
#include <cstdlib>
#include <thread>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/core/log.h"
#include "common/kafka/rdkafka_topic_admin.h"
#include "common/pg/pg_pool.h"
#include "common/server/grpc_server.h"
#include "common/server/signals.h"
#include "prometheus/gauge.h"
#include "topology/migrator.h"
#include "topology/pg_schema_store.h"
#include "topology/pg_topology_store.h"
#include "topology/registry_http.h"
#include "topology/schema_service.h"
#include "topology/topic_provisioning.h"
#include "topology/topology_service.h"
#include "topology/watch_hub.h"

namespace {

using namespace causeway;

struct Flags {
  std::string grpc_listen = "0.0.0.0:7070";
  std::string http_listen = "0.0.0.0:7071";
  std::string pg_dsn;
  int pg_pool_size = 8;
  std::string migrations_dir = CAUSEWAY_DEFAULT_MIGRATIONS_DIR;
  bool migrate = true;
  int kafka_timeout_ms = 15000;
  int drain_seconds = 20;
  std::string log_level = "info";
};

int Migrate(const Flags& flags) {
  auto migrations = topology::LoadMigrations(flags.migrations_dir);
  if (!migrations.ok()) {
    log::Error("cannot read migrations", {{"error", migrations.status().ToString()}});
    return 1;
  }
  auto applied = topology::ApplyMigrations(flags.pg_dsn, *migrations);
  if (!applied.ok()) {
    log::Error("migration failed", {{"error", applied.status().ToString()}});
    return 1;
  }
  log::Info("migrations up to date", {{"applied_now", absl::StrJoin(*applied, ",")}});
  return 0;
}

// Gauges sampled on each scrape rather than updated on every change.
void ExportGauges(ServiceProcess& process, pg::PgPool& pool, topology::WatchHub& hub) {
  auto& registry = process.metrics().registry();
  auto& pool_gauges = prometheus::BuildGauge()
                          .Name("causeway_pg_pool_connections")
                          .Help("PostgreSQL pool connections by state (size, open, in_use).")
                          .Register(registry);
  auto& watchers = prometheus::BuildGauge()
                       .Name("causeway_topology_watchers")
                       .Help("Open Watch streams on this replica.")
                       .Register(registry)
                       .Add({});
  auto& revision = prometheus::BuildGauge()
                       .Name("causeway_topology_revision")
                       .Help("Topology revision this replica's view is at (-1: not loaded).")
                       .Register(registry)
                       .Add({});
  process.http().routes().set_pre_routing_handler(
      [&pool, &hub, &pool_gauges, &watchers, &revision](const httplib::Request& req,
                                                        httplib::Response&) {
        if (req.path == "/metrics") {
          const pg::PoolStats stats = pool.Stats();
          pool_gauges.Add({{"state", "size"}}).Set(stats.size);
          pool_gauges.Add({{"state", "open"}}).Set(stats.open);
          pool_gauges.Add({{"state", "in_use"}}).Set(stats.in_use);
          watchers.Set(static_cast<double>(hub.subscriber_count()));
          revision.Set(static_cast<double>(hub.revision()));
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
}

// The service name whose health status says "this replica can answer" (readiness).
constexpr char kReadyService[] = "causeway.topology.v1.Topology";
constexpr char kSchemaService[] = "causeway.topology.v1.SchemaRegistry";

int Serve(const Flags& flags) {
  pg::PgPool pool(flags.pg_dsn, flags.pg_pool_size, &topology::PrepareStoreStatements);
  topology::PgTopologyStore store(&pool);
  topology::PgSchemaStore schema_store(&pool);
  topology::WatchHub hub(&store, flags.pg_dsn);
  kafka::RdKafkaTopicAdmin admin(
      kafka::RdKafkaTopicAdmin::Options{absl::Milliseconds(flags.kafka_timeout_ms)});
  topology::TopologyService service(&store, &hub, topology::MakeTopicProvisioner(&admin));
  topology::SchemaService schema_service(&schema_store, &store, &hub);

  ServiceProcess process("causeway-topology",
                         ServerOptions{flags.grpc_listen, flags.http_listen,
                                       absl::Seconds(flags.drain_seconds)});
  process.AddService(&service);
  process.AddService(&schema_service);
  topology::RegisterSchemaRegistryRoutes(&hub, process.http().routes());
  process.OnDrain([&hub] { hub.DrainSubscribers(); });
  ExportGauges(process, pool, hub);

  // PostgreSQL may be down at start: the process serves anyway (answering UNAVAILABLE, health
  // NOT_SERVING for the API) and becomes ready once migrations ran and the view is loaded.
  std::atomic<bool> stopping{false};
  std::thread starter([&] {
    while (flags.migrate && !stopping && Migrate(flags) != 0) absl::SleepFor(absl::Seconds(1));
    if (stopping) return;
    hub.Start();
    while (!stopping && !hub.WaitForRevision(0, absl::Milliseconds(200))) {
    }
    if (!stopping) {
      process.SetReady(kReadyService, true);
      process.SetReady(kSchemaService, true);
    }
  });
  process.SetReady(kReadyService, false);
  process.SetReady(kSchemaService, false);
  absl::Status s = process.Run();
  stopping = true;
  starter.join();
  hub.Stop();
  if (!s.ok()) {
    log::Error("cannot serve", {{"error", s.ToString()}});
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  BlockTerminationSignals();
  Flags flags;
  CLI::App app{"causeway-topology: the source of truth for where every Causeway event lives"};
  app.set_help_all_flag("--help-all");
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("--pg-dsn", flags.pg_dsn, "PostgreSQL connection URI (libpq)")
        ->envname("CAUSEWAY_PG_DSN");
    cmd->add_option("--migrations-dir", flags.migrations_dir, "Folder of numbered SQL migrations")
        ->envname("CAUSEWAY_MIGRATIONS_DIR");
    cmd->add_option("--log-level", flags.log_level, "debug, info, warn or error")
        ->envname("CAUSEWAY_LOG_LEVEL");
  };
  CLI::App* serve = app.add_subcommand("serve", "Serve the Topology API (the default)");
  CLI::App* migrate = app.add_subcommand("migrate", "Apply the SQL migrations and exit");
  for (CLI::App* cmd : {&app, serve, migrate}) add_common(cmd);
  for (CLI::App* cmd : {&app, serve}) {
    cmd->add_option("--grpc-listen", flags.grpc_listen, "gRPC address (API, reflection, health)")
        ->envname("CAUSEWAY_GRPC_LISTEN");
    cmd->add_option("--http-listen", flags.http_listen,
                    "HTTP address (/metrics, /healthz, Schema Registry API)")
        ->envname("CAUSEWAY_HTTP_LISTEN");
    cmd->add_option("--pg-pool-size", flags.pg_pool_size, "PostgreSQL connections per replica")
        ->envname("CAUSEWAY_PG_POOL_SIZE");
    cmd->add_option("--migrate", flags.migrate,
                    "Apply migrations at start (true/false; false when a Job or init step does)")
        ->envname("CAUSEWAY_MIGRATE");
    cmd->add_option("--kafka-timeout-ms", flags.kafka_timeout_ms,
                    "Deadline of a Kafka Admin API call (topic creation)")
        ->envname("CAUSEWAY_KAFKA_TIMEOUT_MS");
    cmd->add_option("--drain-seconds", flags.drain_seconds, "Graceful drain on SIGTERM")
        ->envname("CAUSEWAY_DRAIN_SECONDS");
  }
  app.require_subcommand(0, 1);
  CLI11_PARSE(app, argc, argv);

  log::Level level = log::Level::kInfo;
  if (!log::ParseLevel(flags.log_level, &level)) {
    std::cerr << "--log-level: expected debug, info, warn or error\n";
    return 2;
  }
  log::Init("causeway-topology", level);
  if (flags.pg_dsn.empty()) {
    std::cerr << "--pg-dsn (or CAUSEWAY_PG_DSN) is required\n";
    return 2;
  }
  if (migrate->parsed()) return Migrate(flags);
  return Serve(flags);
}
