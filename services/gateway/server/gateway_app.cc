#include "gateway/server/gateway_app.h"

#include <condition_variable>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "common/core/log.h"
#include "common/server/signals.h"
#include "prometheus/gauge.h"

namespace causeway::gateway {
namespace {

// gRPC reads no request larger than the biggest event Kafka would accept needs.
ServerOptions WithRequestLimit(ServerOptions server, const SinkOptions& sink) {
  server.max_message_bytes = MaxRequestMessageBytes(sink.message_max_bytes);
  return server;
}

}  // namespace

GatewayApp::GatewayApp(GatewayAppOptions options)
    : process_("causeway-gateway", WithRequestLimit(options.server, options.sink)),
      counters_(process_.metrics().registry()),
      follower_(options.follower),
      sink_(options.sink, &counters_),
      dedup_(options.dedup_window, options.dedup_max_entries),
      publisher_([this] { return follower_.state(); }, &codec_, &sink_, &dedup_, options.auth,
                 &counters_),
      service_(&publisher_, options.service),
      retention_(&follower_, &sink_),
      drain_(options.server.drain) {
  process_.AddService(&service_);
  process_.http().SetWorkerThreads(options.http_threads);
  options.http.max_body_bytes = options.http_max_body_bytes;
  AddHttpPublishRoutes(process_.http(), &publisher_, options.http);
  ExportGauges();
  process_.SetReady(kGatewayReadyService, false);
}

GatewayApp::~GatewayApp() { Drain(); }

void GatewayApp::Drain() {
  if (drained_) return;
  drained_ = true;
  const absl::Time start = absl::Now();
  const absl::Time deadline = start + drain_;
  const int64_t lost_before = counters_.accepted_lost();
  std::mutex mu;
  std::condition_variable cv;
  bool servers_stopped = false;
  // The producers close once the servers have stopped, at the deadline at the latest: their purge
  // then answers every call still waiting for Kafka, so that no wait outlasts the budget.
  std::thread closer([&] {
    {
      std::unique_lock lock(mu);
      cv.wait_until(lock, absl::ToChronoTime(deadline), [&] { return servers_stopped; });
    }
    sink_.Close(deadline);
  });
  process_.Shutdown();
  {
    std::lock_guard lock(mu);
    servers_stopped = true;
  }
  cv.notify_all();
  closer.join();
  StopBackground();
  const int64_t lost = counters_.accepted_lost() - lost_before;
  log::Write(lost == 0 ? log::Level::kInfo : log::Level::kError, "drained",
             {{"seconds", absl::StrCat(absl::ToDoubleSeconds(absl::Now() - start))},
              {"budget_seconds", absl::StrCat(absl::ToDoubleSeconds(drain_))},
              {"accepted_lost", absl::StrCat(lost)}});
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
  if (absl::Status s = Start(); !s.ok()) {
    StopBackground();
    return s;
  }
  const int sig = WaitForTerminationSignal();
  log::Info("signal received", {{"signal", absl::StrCat(sig)}});
  Drain();
  return absl::OkStatus();
}

}  // namespace causeway::gateway
