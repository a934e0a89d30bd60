#include "gateway/server/gateway_app.h"

#include "prometheus/gauge.h"

namespace causeway::gateway {

GatewayApp::GatewayApp(GatewayAppOptions options)
    : follower_(options.follower),
      sink_(options.sink),
      dedup_(options.dedup_window, options.dedup_max_entries),
      publisher_([this] { return follower_.state(); }, &codec_, &sink_, &dedup_, options.auth),
      service_(&publisher_, options.service),
      retention_(&follower_, &sink_),
      process_("causeway-gateway", options.server) {
  process_.AddService(&service_);
  process_.http().SetWorkerThreads(options.http_threads);
  options.http.max_body_bytes = options.http_max_body_bytes;
  AddHttpPublishRoutes(process_.http(), &publisher_, options.http);
  ExportGauges();
  process_.SetReady(kGatewayReadyService, false);
}

GatewayApp::~GatewayApp() {
  process_.Shutdown();
  StopBackground();
  sink_.Close();  // bounded flush: what Kafka acknowledged in time was reported as such
}

void GatewayApp::ExportGauges() {
  auto& revision = prometheus::BuildGauge()
                       .Name("causeway_gateway_topology_revision")
                       .Help("Topology revision the gateway routes by (-1: none yet).")
                       .Register(process_.metrics().registry())
                       .Add({});
  auto& connected = prometheus::BuildGauge()
                        .Name("causeway_gateway_topology_connected")
                        .Help("1 while the Watch stream to causeway-topology is open.")
                        .Register(process_.metrics().registry())
                        .Add({});
  auto& pending = prometheus::BuildGauge()
                      .Name("causeway_gateway_stream_pending_results")
                      .Help("Results of PublishStream events not yet written to their clients "
                            "(each stream holds at most --max-in-flight).")
                      .Register(process_.metrics().registry())
                      .Add({});
  process_.OnScrape([this, &revision, &connected, &pending] {
    auto s = follower_.state();
    revision.Set(s ? static_cast<double>(s->revision()) : -1);
    connected.Set(follower_.connected() ? 1 : 0);
    pending.Set(static_cast<double>(StreamPendingResults()));
  });
}

// Readiness: SERVING once there is a topology to route by (from Watch or the snapshot file).
void GatewayApp::StartBackground() {
  follower_.Start();
  retention_.Start();
  readiness_ = std::thread([this] {
    while (!stopping_ && !follower_.state()) absl::SleepFor(absl::Milliseconds(100));
    if (!stopping_) process_.SetReady(kGatewayReadyService, true);
  });
}

void GatewayApp::StopBackground() {
  stopping_ = true;
  if (readiness_.joinable()) readiness_.join();
  retention_.Stop();
  follower_.Stop();
}

absl::Status GatewayApp::Start() {
  StartBackground();
  return process_.Start();
}

absl::Status GatewayApp::Run() {
  StartBackground();
  absl::Status s = process_.Run();
  StopBackground();
  return s;
}

}  // namespace causeway::gateway
