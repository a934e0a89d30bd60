#pragma once
// Prometheus metrics shared by every service, and a gRPC server interceptor that records, per
// method: `causeway_grpc_server_handled_total{grpc_service,grpc_method,grpc_code}` and
// `causeway_grpc_server_handling_seconds{grpc_service,grpc_method}` (histogram).
//
// Threads: the registry and metric objects are thread-safe (prometheus-cpp).
#include <memory>
#include <mutex>
#include <string>

#include "absl/container/flat_hash_map.h"

#include "grpcpp/support/server_interceptor.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace causeway {

class Metrics {
 public:
  Metrics();

  prometheus::Registry& registry() { return *registry_; }
  std::shared_ptr<prometheus::Registry> shared_registry() { return registry_; }

  // Text exposition format of everything registered.
  std::string Render() const;

  // To pass to grpc::ServerBuilder::experimental().SetInterceptorCreators().
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> InterceptorFactory();

  void RecordRpc(const std::string& full_method, int code, double seconds);

 private:
  // The metrics of one method, looked up once: Family::Add builds label maps on every call.
  struct MethodMetrics {
    std::string service, method;
    prometheus::Histogram* seconds = nullptr;
    prometheus::Counter* by_code[17] = {};
  };
  MethodMetrics& For(const std::string& full_method);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* handled_;
  prometheus::Family<prometheus::Histogram>* handling_seconds_;
  std::mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodMetrics>> methods_;
};

}  // namespace causeway
