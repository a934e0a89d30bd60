#include "common/server/metrics.h"

#include <chrono>
#include <sstream>

#include "absl/strings/str_split.h"
#include "grpcpp/support/interceptor.h"
#include "prometheus/text_serializer.h"

namespace causeway {
namespace {

const char* const kCodeNames[] = {
    "OK",       "CANCELLED",          "UNKNOWN",          "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS",    "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",     "UNIMPLEMENTED",    "INTERNAL",
    "UNAVAILABLE", "DATA_LOSS",       "UNAUTHENTICATED"};

// Times one RPC from its creation to the moment its status is sent.
class RpcMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  RpcMetricsInterceptor(Metrics* metrics, std::string method)
      : metrics_(metrics), method_(std::move(method)), start_(std::chrono::steady_clock::now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      const auto elapsed = std::chrono::steady_clock::now() - start_;
      metrics_->RecordRpc(method_, methods->GetSendStatus().error_code(),
                          std::chrono::duration<double>(elapsed).count());
    }
    methods->Proceed();
  }

 private:
  Metrics* metrics_;
  std::string method_;
  std::chrono::steady_clock::time_point start_;
};

class RpcMetricsFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit RpcMetricsFactory(Metrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new RpcMetricsInterceptor(metrics_, info->method());
  }

 private:
  Metrics* metrics_;
};

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      handled_(&prometheus::BuildCounter()
                    .Name("causeway_grpc_server_handled_total")
                    .Help("RPCs completed on the server, by method and status code.")
                    .Register(*registry_)),
      handling_seconds_(&prometheus::BuildHistogram()
                             .Name("causeway_grpc_server_handling_seconds")
                             .Help("Time from receiving an RPC to sending its status.")
                             .Register(*registry_)) {}

std::string Metrics::Render() const {
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, registry_->Collect());
  return out.str();
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
Metrics::InterceptorFactory() {
  return std::make_unique<RpcMetricsFactory>(this);
}

Metrics::MethodMetrics& Metrics::For(const std::string& full_method) {
  std::lock_guard lock(mu_);
  auto& slot = methods_[full_method];
  if (slot) return *slot;
  slot = std::make_unique<MethodMetrics>();
  // full_method is "/package.Service/Method".
  std::vector<std::string> parts = absl::StrSplit(full_method, '/', absl::SkipEmpty());
  const std::string service = parts.size() == 2 ? parts[0] : "";
  const std::string method = parts.size() == 2 ? parts[1] : full_method;
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  slot->seconds =
      &handling_seconds_->Add({{"grpc_service", service}, {"grpc_method", method}}, kBuckets);
  slot->service = service;
  slot->method = method;
  return *slot;
}

void Metrics::RecordRpc(const std::string& full_method, int code, double seconds) {
  if (code < 0 || code > 16) code = 2;  // UNKNOWN
  prometheus::Counter* counter = nullptr;
  prometheus::Histogram* histogram = nullptr;
  {
    MethodMetrics& m = For(full_method);
    std::lock_guard lock(mu_);
    // Created on first use so that /metrics lists only the codes that happened.
    if (m.by_code[code] == nullptr) {
      m.by_code[code] = &handled_->Add(
          {{"grpc_service", m.service}, {"grpc_method", m.method}, {"grpc_code", kCodeNames[code]}});
    }
    counter = m.by_code[code];
    histogram = m.seconds;
  }
  counter->Increment();
  histogram->Observe(seconds);
}

}  // namespace causeway
