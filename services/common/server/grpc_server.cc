#include "common/server/grpc_server.h"

#include <algorithm>
#include <climits>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/core/log.h"
#include "common/server/signals.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpc/grpc.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace causeway {

namespace {

int Millis(absl::Duration d) {
  return static_cast<int>(std::clamp<int64_t>(absl::ToInt64Milliseconds(d), 1, INT_MAX));
}

}  // namespace

void ApplyBounds(const ServerOptions& options, grpc::ServerBuilder& builder) {
  grpc::ResourceQuota quota("causeway-server");
  quota.Resize(options.grpc_memory_bytes);
  quota.SetMaxThreads(options.grpc_max_threads);
  builder.SetResourceQuota(quota);  // the builder keeps its own reference
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             Millis(options.min_client_ping_interval));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, options.max_ping_strikes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS,
                             options.permit_ping_without_calls ? 1 : 0);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, Millis(options.keepalive));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, Millis(options.keepalive_timeout));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, Millis(options.max_connection_age));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                             Millis(options.max_connection_age_grace));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                             Millis(options.max_connection_idle));
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
                             Millis(options.handshake_timeout));
}

ServiceProcess::ServiceProcess(std::string name, ServerOptions options)
    : name_(std::move(name)), options_(std::move(options)), http_(options_.tls, options_.http) {
  // Answered on the event thread: probes and scrapes get through while every worker is busy.
  http_.routes().Get("/metrics", [this](const HttpRequest&) {
    for (auto& hook : scrape_hooks_) hook();
    return HttpResponse{200, "text/plain; version=0.0.4", metrics_.Render()};
  }, HttpDispatch::kInline);
  http_.routes().Get("/healthz", [](const HttpRequest&) {
    return HttpResponse{200, "text/plain", "ok\n"};
  }, HttpDispatch::kInline);
  // Readiness over HTTP, for probes that cannot speak gRPC over TLS (the kubelet's): 200 while
  // every service marked with SetReady is ready and the process is not draining, else 503
  // naming those that are not.
  http_.routes().Get("/readyz", [this](const HttpRequest&) {
    std::string not_ready;
    {
      std::lock_guard lock(ready_mu_);
      if (stopped_) not_ready = "draining\n";
      for (const auto& [service, ready] : ready_) {
        if (!ready) not_ready += service + " not ready\n";
      }
    }
    return not_ready.empty() ? HttpResponse{200, "text/plain", "ready\n"}
                             : HttpResponse{503, "text/plain", not_ready};
  }, HttpDispatch::kInline);
}

ServiceProcess::~ServiceProcess() { Shutdown(); }

absl::Status ServiceProcess::Start() {
  // Debian's Abseil checks every mutex for deadlock cycles (a debug feature), which gRPC's locks
  // pay on every call: about 13 % of a Resolve (callgrind, tools/bench/topology).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  grpc::EnableDefaultHealthCheckService(true);
  // Links the grpc.health.v1 descriptors in, so reflection can describe the health service.
  (void)grpc::health::v1::HealthCheckRequest::descriptor();
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  auto credentials = GrpcServerCredentials(options_.tls);
  if (!credentials.ok()) return credentials.status();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.grpc_listen, *credentials, &grpc_port_);
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  ApplyBounds(options_, builder);
  for (grpc::Service* service : services_) builder.RegisterService(service);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(metrics_.InterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  {
    std::lock_guard lock(ready_mu_);
    server_ = builder.BuildAndStart();
    if (!server_ || grpc_port_ == 0) {
      return absl::UnavailableError(
          absl::StrCat("cannot listen for gRPC on ", options_.grpc_listen));
    }
    for (const auto& [service, ready] : ready_) {
      server_->GetHealthCheckService()->SetServingStatus(service, ready);
    }
  }
  if (absl::Status s = http_.Start(options_.http_listen); !s.ok()) {
    server_->Shutdown();
    return s;
  }
  log::Info("serving", {{"grpc_port", absl::StrCat(grpc_port_)},
                        {"http_port", absl::StrCat(http_.port())}});
  return absl::OkStatus();
}

void ServiceProcess::SetReady(const std::string& service, bool ready) {
  std::lock_guard lock(ready_mu_);
  ready_[service] = ready;
  if (server_ && server_->GetHealthCheckService() != nullptr && !stopped_) {
    server_->GetHealthCheckService()->SetServingStatus(service, ready);
  }
}

void ServiceProcess::Shutdown() {
  {
    std::lock_guard lock(ready_mu_);
    if (stopped_ || !server_) return;
    stopped_ = true;
  }
  log::Info("draining", {{"deadline_s", absl::StrCat(absl::ToDoubleSeconds(options_.drain))}});
  // HTTP first: its listener closes at once, so no request arrives during the drain; the requests
  // in progress finish meanwhile, on their own thread so that they do not hold up gRPC's drain.
  std::thread http_stop([this] { http_.Stop(); });
  // Shutdown() of the health service turns every status NOT_SERVING and keeps it so.
  if (server_->GetHealthCheckService() != nullptr) server_->GetHealthCheckService()->Shutdown();
  for (auto& hook : drain_hooks_) hook();
  // Let load balancers see NOT_SERVING before new RPCs are refused, then give in-flight ones the
  // rest of the drain time.
  const absl::Duration grace = std::min(absl::Seconds(2), options_.drain / 4);
  std::this_thread::sleep_for(absl::ToChronoNanoseconds(grace));
  server_->Shutdown(absl::ToChronoTime(absl::Now() + options_.drain - grace));
  server_->Wait();
  http_stop.join();
  log::Info("stopped");
}

absl::Status ServiceProcess::Run() {
  if (absl::Status s = Start(); !s.ok()) return s;
  const int sig = WaitForTerminationSignal();
  log::Info("signal received", {{"signal", absl::StrCat(sig)}});
  Shutdown();
  return absl::OkStatus();
}

}  // namespace causeway
