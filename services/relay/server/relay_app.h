#pragma once
// RelayApp: causeway-relay composed from its parts: the topology follower (Watch), the
// subscription supervisor and its runners (Kafka consumer groups, retry timers, dead letters),
// the HTTP client (CurlDispatcher), the 410 suspender, the Relay gRPC service, metrics and
// readiness, inside one ServiceProcess. main.cc and the tests both build it, so a test runs what
// production runs.
#include <atomic>
#include <memory>
#include <thread>

#include "common/auth/principal_directory.h"
#include "common/server/grpc_server.h"
#include "common/topology/topology_follower.h"
#include "relay/server/curl_dispatcher.h"
#include "relay/server/relay_metrics.h"
#include "relay/server/relay_service.h"
#include "relay/server/stream_hub.h"
#include "relay/server/subscription_supervisor.h"
#include "relay/server/subscription_suspender.h"

namespace causeway::relay {

struct RelayAppOptions {
  // Ports (gRPC: Relay, health, reflection; HTTP: /metrics, /healthz, /readyz) and the drain
  // budget (--drain-seconds).
  ServerOptions server;
  // causeway-topology and this relay's credentials (a principal with the relay role); the
  // suspender calls SetSubscriptionState with the same.
  topology::FollowerOptions follower;
  SupervisorOptions supervisor;
  CurlDispatcherOptions http;
  // Relay.Consume: stream caps, heartbeat, linger of a PULL subscription's runners.
  StreamHubOptions streams;
  auth::AuthMode auth = auth::AuthMode::kPrincipals;
};

// The health service name whose status says "this relay has a topology to deliver by".
inline constexpr char kRelayReadyService[] = "causeway.relay.v1.Relay";

class RelayApp {
 public:
  explicit RelayApp(RelayAppOptions options);
  // Drain().
  ~RelayApp();

  // Starts following the topology, delivering and serving; returns at once.
  absl::Status Start();
  // Start(), then block until SIGTERM/SIGINT, then Drain(). For main.
  absl::Status Run();

  // The graceful stop, within the drain budget: Relay.Consume streams end with UNAVAILABLE
  // (nothing more is sent; what was acked is committed below); every runner stops fetching
  // at once, lets its in-flight attempts and dead-letter writes finish until the deadline
  // (answers after it are abandoned: redelivered after a restart), commits what is terminal and
  // leaves its group; then the HTTP client stops. Idempotent.
  void Drain();

  ServiceProcess& process() { return process_; }
  SubscriptionSupervisor& supervisor() { return supervisor_; }
  StreamHub& streams() { return hub_; }
  topology::TopologyFollower& follower() { return follower_; }

 private:
  const RelayAppOptions options_;
  ServiceProcess process_;
  RelayMetrics metrics_;
  std::unique_ptr<CurlDispatcher> dispatcher_;
  SubscriptionSuspender suspender_;
  StreamHub hub_;  // before the supervisor: its runners deliver to it until they stop
  SubscriptionSupervisor supervisor_;
  RelayService service_;
  bool drained_ = false;
  std::atomic<bool> stopping_{false};
  std::thread readiness_;
  topology::TopologyFollower follower_;  // last: its thread feeds the supervisor
};

}  // namespace causeway::relay
