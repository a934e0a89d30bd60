#include "topology/topology_app.h"

#include "prometheus/gauge.h"
#include "topology/registry_http.h"
#include "topology/topic_provisioning.h"

namespace causeway::topology {

TopologyApp::TopologyApp(TopologyAppOptions options) {
  pool_ = std::make_unique<pg::PgPool>(options.pg_dsn, options.pg_pool_size,
                                       &PrepareStoreStatements, options.pg_acquire_timeout);
  store_ = std::make_unique<PgTopologyStore>(pool_.get());
  schema_store_ = std::make_unique<PgSchemaStore>(pool_.get());
  hub_ = std::make_unique<WatchHub>(store_.get(), options.pg_dsn, options.hub);
  TopicProvisioner provisioner = std::move(options.provisioner);
  if (!provisioner) {
    admin_ = std::make_unique<kafka::RdKafkaTopicAdmin>(
        kafka::RdKafkaTopicAdmin::Options{options.kafka_timeout});
    provisioner = MakeTopicProvisioner(admin_.get());
  }
  access_ = std::make_unique<Access>(hub_.get(), options.auth);
  TopologyServiceOptions service_options;
  service_options.tls = options.server.tls.enabled();
  service_options.watch = options.watch;
  service_options.subscription_signing_key = std::move(options.subscription_signing_key);
  service_ = std::make_unique<TopologyService>(store_.get(), hub_.get(), access_.get(),
                                               std::move(provisioner), service_options);
  schema_service_ =
      std::make_unique<SchemaService>(schema_store_.get(), store_.get(), hub_.get(), access_.get());
  process_ = std::make_unique<ServiceProcess>("causeway-topology", options.server);
  process_->AddService(service_.get());
  process_->AddService(schema_service_.get());
  RegisterSchemaRegistryRoutes(hub_.get(), access_.get(), process_->http());
  process_->OnDrain([this] { hub_->DrainSubscribers(); });
  ExportGauges();
  SetReady(false);
}

TopologyApp::~TopologyApp() {
  process_->Shutdown();
  hub_->Stop();
}

void TopologyApp::SetReady(bool ready) {
  process_->SetReady(kTopologyReadyService, ready);
  process_->SetReady(kSchemaRegistryService, ready);
}

// Gauges sampled on each scrape rather than updated on every change.
void TopologyApp::ExportGauges() {
  auto& registry = process_->metrics().registry();
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
  pg::PgPool* pool = pool_.get();
  WatchHub* hub = hub_.get();
  process_->OnScrape([pool, hub, &pool_gauges, &watchers, &revision] {
    const pg::PoolStats stats = pool->Stats();
    pool_gauges.Add({{"state", "size"}}).Set(stats.size);
    pool_gauges.Add({{"state", "open"}}).Set(stats.open);
    pool_gauges.Add({{"state", "in_use"}}).Set(stats.in_use);
    watchers.Set(static_cast<double>(hub->subscriber_count()));
    revision.Set(static_cast<double>(hub->revision()));
  });
}

}  // namespace causeway::topology
