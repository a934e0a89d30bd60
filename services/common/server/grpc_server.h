#pragma once
// The process shell every Causeway service runs in: a gRPC server with grpc.health.v1, reflection
// and the metrics interceptor, plus the HTTP port with /metrics, /healthz and /readyz, and a
// graceful drain.
//
// Drain (on SIGTERM, or Shutdown()): the HTTP port stops accepting at once (its requests in
// progress finish), health (overall and every service) turns NOT_SERVING so load balancers stop
// routing here, drain hooks run (long-lived streams end with UNAVAILABLE so clients reconnect elsewhere), new
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
#include "grpcpp/server_builder.h"

namespace causeway {

// The gRPC bounds below hold against hostile and broken clients (issue 10); every service shares
// them, and the gateway README's "Bounds" list says the same. absl::InfiniteDuration() switches a
// time bound off.
struct ServerOptions {
  std::string grpc_listen = "0.0.0.0:7070";  // port 0 picks a free port
  std::string http_listen = "0.0.0.0:7071";
  absl::Duration drain = absl::Seconds(20);
  // Largest request message. 16 MiB holds a large batch or schema; causeway-gateway sets its own
  // from the largest event its Kafka clusters accept (MaxRequestMessageBytes).
  int max_message_bytes = 16 << 20;
  // Both ports serve TLS (and verify client certificates) when given; plaintext otherwise.
  TlsFiles tls;
  // The HTTP port's bounds (connections, header memory, deadlines, workers): http_server.h.
  HttpServerOptions http;

  // grpc::ResourceQuota: memory gRPC may use for its buffers (reads, writes, per-call arenas). Past
  // it gRPC reclaims (closes idle connections, then refuses new work) instead of growing the
  // process; 1 GiB leaves room for several full 16 MiB messages on many connections.
  size_t grpc_memory_bytes = size_t{1} << 30;
  // grpc::ResourceQuota: threads of the synchronous handlers (each blocked sync call, e.g.
  // PublishBatch waiting for Kafka, holds one); beyond it such calls are RESOURCE_EXHAUSTED
  // rather than growing the pool to thousands of threads. Callback handlers (Publish,
  // PublishStream, Resolve, Watch) hold no thread.
  int grpc_max_threads = 256;
  // GRPC_ARG_MAX_CONCURRENT_STREAMS: calls one connection may have open at once (HTTP/2
  // SETTINGS); further calls wait in the client for a free slot. Bounds what one connection can
  // pin (each PublishStream holds up to its in-flight window); clients needing more open more
  // connections, which gRPC balances.
  int max_concurrent_streams = 256;
  // Keepalive enforcement: a client may ping no more often than this while it sends no data
  // (GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS); gRPC's own default is 5 min, 30 s
  // lets clients behind load balancers keep connections warm without allowing a ping flood.
  absl::Duration min_client_ping_interval = absl::Seconds(30);
  // GRPC_ARG_HTTP2_MAX_PING_STRIKES: pings faster than allowed before the server answers GOAWAY
  // (too_many_pings) and closes the connection (gRPC's default).
  int max_ping_strikes = 2;
  // GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS: whether a client may ping a connection that has no
  // call open. No: an idle connection is closed after `max_connection_idle` anyway, so pings on
  // it only keep a slot busy.
  bool permit_ping_without_calls = false;
  // Server keepalive (GRPC_ARG_KEEPALIVE_TIME_MS / _TIMEOUT_MS): the server pings each connection
  // this often and drops it when no answer comes in `keepalive_timeout`, so the streams of a
  // vanished client (half-open TCP) are released within minutes, not hours.
  absl::Duration keepalive = absl::Minutes(2);
  absl::Duration keepalive_timeout = absl::Seconds(20);
  // GRPC_ARG_MAX_CONNECTION_AGE_MS (+ _GRACE_MS): after this age (gRPC adds ±10 % jitter) the
  // server sends GOAWAY, so clients rebalance across replicas and no connection lives forever;
  // calls open at that moment get the grace to finish, then the connection closes. Long-lived
  // streams (Topology.Watch, PublishStream) end then with UNAVAILABLE: the gateway's topology
  // follower reconnects and resumes by revision (serving its last state meanwhile), a
  // PublishStream client retries unacknowledged events with the same event ids. Hours, so that
  // happens rarely; the grace exceeds the gateway's default Kafka message timeout (60 s) so that
  // outcomes in flight are still delivered.
  absl::Duration max_connection_age = absl::Hours(2);
  absl::Duration max_connection_age_grace = absl::Minutes(2);
  // GRPC_ARG_MAX_CONNECTION_IDLE_MS: a connection with no call open this long is closed (GOAWAY;
  // a gRPC client reconnects transparently on its next call).
  absl::Duration max_connection_idle = absl::Minutes(5);
  // GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS: how long a new connection may take to finish its
  // HTTP/2 (and TLS) handshake; gRPC's default is 120 s, which lets slow connections pile up.
  absl::Duration handshake_timeout = absl::Seconds(10);
};

// Sets every bound of `options` above (resource quota and channel arguments) on `builder`.
void ApplyBounds(const ServerOptions& options, grpc::ServerBuilder& builder);

class ServiceProcess {
 public:
  ServiceProcess(std::string name, ServerOptions options);
  ~ServiceProcess();

  Metrics& metrics() { return metrics_; }
  HttpServer& http() { return http_; }

  // Register before Start(). The services must outlive this object.
  void AddService(grpc::Service* service) { services_.push_back(service); }
  void OnDrain(std::function<void()> hook) { drain_hooks_.push_back(std::move(hook)); }
  // Runs before each /metrics rendering, on the HTTP event thread: for gauges sampled on scrape.
  void OnScrape(std::function<void()> hook) { scrape_hooks_.push_back(std::move(hook)); }

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
  std::vector<std::function<void()>> scrape_hooks_;
  std::mutex ready_mu_;
  std::map<std::string, bool> ready_;  // guarded by ready_mu_, like server_'s health statuses
  std::unique_ptr<grpc::Server> server_;
  int grpc_port_ = 0;
  bool stopped_ = false;
};

}  // namespace causeway
