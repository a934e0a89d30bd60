#include "relay/server/relay_app.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/core/log.h"
#include "common/server/signals.h"
#include "prometheus/gauge.h"

namespace causeway::relay {
namespace {

std::unique_ptr<CurlDispatcher> StartDispatcher(const CurlDispatcherOptions& options) {
  auto d = CurlDispatcher::Start(options);
  if (!d.ok()) {
    // libcurl without a multi handle is out of memory at start: nothing to serve with.
    log::Error("cannot start the HTTP client", {{"error", d.status().ToString()}});
    std::abort();
  }
  return *std::move(d);
}

SuspenderOptions SuspenderFrom(const topology::FollowerOptions& f) {
  SuspenderOptions s;
  s.topology = f.topology;
  s.token_file = f.token_file;
  return s;
}

}  // namespace

RelayApp::RelayApp(RelayAppOptions options)
    : options_(std::move(options)),
      process_("causeway-relay", options_.server),
      metrics_(process_.metrics().registry()),
      dispatcher_(StartDispatcher(options_.http)),
      suspender_(SuspenderFrom(options_.follower)),
      hub_(options_.streams, &metrics_),
      supervisor_(
          options_.supervisor, dispatcher_.get(), &metrics_,
          [this](const std::string& s, const std::string& reason) {
            suspender_.Suspend(s, reason);
          },
          &hub_),
      service_(&supervisor_, &hub_, options_.auth),
      follower_(options_.follower,
                [this](const std::shared_ptr<const topology::TopologyView>& view) {
                  supervisor_.OnView(view);
                }) {
  hub_.SetOnMembership([this] { supervisor_.Poke(); });
  process_.AddService(&service_);
  process_.SetReady(kRelayReadyService, false);
  process_.OnScrape([this] { supervisor_.ExportGauges(); });
}

RelayApp::~RelayApp() { Drain(); }

absl::Status RelayApp::Start() {
  supervisor_.Start();
  follower_.Start();
  readiness_ = std::thread([this] {
    while (!stopping_ && !follower_.view()) absl::SleepFor(absl::Milliseconds(100));
    if (!stopping_) process_.SetReady(kRelayReadyService, true);
  });
  return process_.Start();
}

absl::Status RelayApp::Run() {
  if (absl::Status s = Start(); !s.ok()) return s;
  const int sig = WaitForTerminationSignal();
  log::Info("signal received", {{"signal", absl::StrCat(sig)}});
  Drain();
  return absl::OkStatus();
}

void RelayApp::Drain() {
  if (drained_) return;
  drained_ = true;
  const absl::Time start = absl::Now();
  const absl::Time deadline = start + options_.server.drain;
  stopping_ = true;
  if (readiness_.joinable()) readiness_.join();
  process_.SetReady(kRelayReadyService, false);
  // Streams first (nothing more is sent), then the runners (they stop fetching at once and
  // commit what is terminal, acked pull events included), while gRPC still answers status calls.
  hub_.Drain();
  supervisor_.Stop(deadline);
  follower_.Stop();
  process_.Shutdown();
  dispatcher_->Stop();
  suspender_.Stop();
  log::Info("drained", {{"seconds", absl::StrCat(absl::ToDoubleSeconds(absl::Now() - start))},
                        {"budget_seconds",
                         absl::StrCat(absl::ToDoubleSeconds(options_.server.drain))}});
}

}  // namespace causeway::relay
