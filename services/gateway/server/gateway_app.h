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
#include "gateway/server/gateway_service.h"
#include "gateway/server/http_publish.h"
#include "gateway/server/producer_retention.h"
#include "gateway/server/publisher.h"
#include "gateway/server/rdkafka_event_sink.h"
#include "gateway/server/topology_follower.h"

namespace causeway::gateway {

struct GatewayAppOptions {
  ServerOptions server;  // ports, drain, the gateway's own TLS
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
  // Stops serving, then the follower, then closes the sink (bounded flush).
  ~GatewayApp();

  // Starts following the topology and serving; returns at once (Run() blocks, for main).
  absl::Status Start();
  absl::Status Run();

  ServiceProcess& process() { return process_; }
  TopologyFollower& follower() { return follower_; }

 private:
  void ExportGauges();
  void StartBackground();
  void StopBackground();

  TopologyFollower follower_;
  RdKafkaEventSink sink_;
  Dedup dedup_;
  CoreCodec codec_;
  Publisher publisher_;
  GatewayService service_;
  ProducerRetention retention_;
  ServiceProcess process_;
  std::atomic<bool> stopping_{false};
  std::thread readiness_;
};

}  // namespace causeway::gateway
