#pragma once
// The process shell every Causeway service runs in: a gRPC server with grpc.health.v1, reflection
// and the metrics interceptor, plus the HTTP port with /metrics and /healthz, and a graceful drain.
//
// Drain (on SIGTERM, or Shutdown()): health (overall and every service) turns NOT_SERVING so load balancers stop routing here,
// drain hooks run (long-lived streams end with UNAVAILABLE so clients reconnect elsewhere), new
// RPCs are refused, in-flight ones get until the drain deadline to finish.
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/server/http_server.h"
#include "common/server/metrics.h"
#include "common/server/tls.h"
#include "grpcpp/server.h"

namespace causeway {

struct ServerOptions {
  std::string grpc_listen = "0.0.0.0:7070";  // port 0 picks a free port
  std::string http_listen = "0.0.0.0:7071";
  absl::Duration drain = absl::Seconds(20);
  int max_message_bytes = 16 << 20;
  // Both ports serve TLS (and verify client certificates) when given; plaintext otherwise.
  TlsFiles tls;
};

class ServiceProcess {
 public:
  ServiceProcess(std::string name, ServerOptions options);
  ~ServiceProcess();

  Metrics& metrics() { return metrics_; }
  HttpServer& http() { return http_; }

  // Register before Start(). The services must outlive this object.
  void AddService(grpc::Service* service) { services_.push_back(service); }
  void OnDrain(std::function<void()> hook) { drain_hooks_.push_back(std::move(hook)); }

  absl::Status Start();
  int grpc_port() const { return grpc_port_; }
  int http_port() const { return http_.port(); }

  // grpc.health.v1: the overall status ("") is SERVING from Start() until the drain (liveness);
  // a named service's status says whether it can answer yet (readiness), e.g.
  // SetReady("causeway.topology.v1.Topology", true) once the topology is loaded. May be called
  // from any thread, before or after Start() (remembered and applied when the server starts).
  // `GET /readyz` on the HTTP port answers the same: 200 when every such service is ready, 503
  // (listing those that are not, or "draining") otherwise.
  void SetReady(const std::string& service, bool ready);
  // Drains and stops; idempotent.
  void Shutdown();
  // Start(), then block until SIGTERM/SIGINT, then Shutdown(). For main().
  absl::Status Run();

 private:
  const std::string name_;
  const ServerOptions options_;
  Metrics metrics_;
  HttpServer http_;
  std::vector<grpc::Service*> services_;
  std::vector<std::function<void()>> drain_hooks_;
  std::mutex ready_mu_;
  std::map<std::string, bool> ready_;  // guarded by ready_mu_, like server_'s health statuses
  std::unique_ptr<grpc::Server> server_;
  int grpc_port_ = 0;
  bool stopped_ = false;
};

}  // namespace causeway
