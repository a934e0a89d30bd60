#pragma once
// GatewayApp: causeway-gateway composed from its parts — the topology follower, the Kafka sink,
// dedup, the publisher, the gRPC service and the HTTP door, metrics and readiness — inside one
// ServiceProcess. main.cc and the test harness both build it, so a test runs what production runs.
#include <atomic>
#include <memory>
#include <thread>

#include "common/server/grpc_server.h"
#include "gateway/server/core_codec.h"
#include "gateway/server/dedup.h"
#include "gateway/server/delivery_counters.h"
#include "gateway/server/gateway_service.h"
#include "gateway/server/http_publish.h"
#include "gateway/server/producer_retention.h"
#include "gateway/server/publisher.h"
#include "gateway/server/rdkafka_event_sink.h"
#include "gateway/server/topology_follower.h"

namespace causeway::gateway {

struct GatewayAppOptions {
  // Ports, the drain budget, the gateway's own TLS. Its max_message_bytes is replaced by
  // MaxRequestMessageBytes(sink.message_max_bytes).
  ServerOptions server;
  FollowerOptions follower;
  SinkOptions sink;
  absl::Duration dedup_window = absl::Minutes(10);
  size_t dedup_max_entries = 1000000;
  GatewayServiceOptions service;
  HttpPublishOptions http;
  int http_threads = 64;
  size_t http_max_body_bytes = 16 << 20;
  AuthMode auth = AuthMode::kPrincipals;
};

// The health service name whose status says "this gateway has a topology to route by".
inline constexpr char kGatewayReadyService[] = "causeway.gateway.v1.Gateway";

class GatewayApp {
 public:
  explicit GatewayApp(GatewayAppOptions options);
  // Drain().
  ~GatewayApp();

  // Starts following the topology and serving; returns at once (Run() blocks, for main).
  absl::Status Start();
  // Start(), then block until SIGTERM/SIGINT, then Drain(). For main.
  absl::Status Run();

  // The graceful stop, all of it within the drain budget (ServerOptions::drain, --drain-seconds):
  // HTTP stops accepting at once, gRPC turns NOT_SERVING and refuses new calls after a short grace
  // and lets calls in progress finish until the deadline (ServiceProcess::Shutdown); the producers
  // keep delivering meanwhile and are then flushed in parallel until the deadline. What is still
  // not written then is purged, which also answers every call still waiting for Kafka: an ACCEPTED
  // event among those is counted and logged as lost (causeway_gateway_accepted_lost_total,
  // reason "shutdown"). Every thread is joined. Idempotent.
  void Drain();

  ServiceProcess& process() { return process_; }
  TopologyFollower& follower() { return follower_; }
  RdKafkaEventSink& sink() { return sink_; }

 private:
  void ExportGauges();
  void StartBackground();
  void StopBackground();

  // First, so that the counters can be registered with its metrics before the parts using them.
  ServiceProcess process_;
  DeliveryCounters counters_;
  TopologyFollower follower_;
  RdKafkaEventSink sink_;
  Dedup dedup_;
  CoreCodec codec_;
  Publisher publisher_;
  GatewayService service_;
  ProducerRetention retention_;
  const absl::Duration drain_;
  bool drained_ = false;
  std::atomic<bool> stopping_{false};
  std::thread readiness_;
};

}  // namespace causeway::gateway
