// causeway-gateway: composes the publish path from its parts. See README.md in this folder.
#include <CLI/CLI.hpp>
#include <httplib.h>

#include <atomic>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/core/log.h"
#include "common/server/grpc_server.h"
#include "common/server/signals.h"
#include "gateway/server/core_codec.h"
#include "gateway/server/dedup.h"
#include "gateway/server/gateway_service.h"
#include "gateway/server/http_publish.h"
#include "gateway/server/producer_retention.h"
#include "gateway/server/publisher.h"
#include "gateway/server/rdkafka_event_sink.h"
#include "gateway/server/topology_follower.h"
#include "prometheus/gauge.h"

namespace {

using namespace causeway;

struct Flags {
  std::string grpc_listen = "0.0.0.0:7080";
  std::string http_listen = "0.0.0.0:7081";
  std::string topology = "localhost:7070";
  std::string snapshot_path = "/var/lib/causeway/gateway-topology.snapshot";
  int max_in_flight = 1000;
  int message_timeout_ms = 60000;
  int queue_max_messages = 100000;
  int linger_ms = 5;
  int dedup_window_s = 600;
  int dedup_max_entries = 1000000;
  int drain_seconds = 20;
  std::string log_level = "info";
  std::string auth = "producers";
  causeway::TlsFiles tls;
  int http_threads = 64;
  int http_max_body_bytes = 16 << 20;
};

}  // namespace

int main(int argc, char** argv) {
  BlockTerminationSignals();
  Flags f;
  CLI::App app{"causeway-gateway: schema-checked publishes routed to the right Kafka clusters"};
  app.add_option("--grpc-listen", f.grpc_listen, "gRPC address (API, reflection, health)")
      ->envname("CAUSEWAY_GRPC_LISTEN");
  app.add_option("--http-listen", f.http_listen,
                 "HTTP address (POST /v1/events/{namespace}/{event_type}, /metrics, /healthz)")
      ->envname("CAUSEWAY_HTTP_LISTEN");
  app.add_option("--topology", f.topology, "causeway-topology gRPC address (followed with Watch)")
      ->envname("CAUSEWAY_TOPOLOGY");
  app.add_option("--snapshot-path", f.snapshot_path,
                 "Where the last good topology is kept, to start without causeway-topology "
                 "(empty disables)")
      ->envname("CAUSEWAY_SNAPSHOT_PATH");
  app.add_option("--max-in-flight", f.max_in_flight,
                 "Unacknowledged events per PublishStream before the gateway stops reading it")
      ->envname("CAUSEWAY_MAX_IN_FLIGHT");
  app.add_option("--message-timeout-ms", f.message_timeout_ms,
                 "How long an event may wait for Kafka before it fails (librdkafka "
                 "message.timeout.ms)")
      ->envname("CAUSEWAY_MESSAGE_TIMEOUT_MS");
  app.add_option("--queue-max-messages", f.queue_max_messages,
                 "Events queued per cluster before publishes get RESOURCE_EXHAUSTED")
      ->envname("CAUSEWAY_QUEUE_MAX_MESSAGES");
  app.add_option("--linger-ms", f.linger_ms, "Batching delay of the producers")
      ->envname("CAUSEWAY_LINGER_MS");
  app.add_option("--dedup-window-s", f.dedup_window_s,
                 "How long a (producer id, event id) is remembered to suppress retried duplicates")
      ->envname("CAUSEWAY_DEDUP_WINDOW_S");
  app.add_option("--dedup-max-entries", f.dedup_max_entries,
                 "Bound of the dedup memory: about 500 bytes per remembered event, so the default "
                 "holds ~0.5 GiB once full (at 2,000 events/s after ~8 minutes)")
      ->envname("CAUSEWAY_DEDUP_MAX_ENTRIES");
  app.add_option("--drain-seconds", f.drain_seconds, "Graceful drain on SIGTERM")
      ->envname("CAUSEWAY_DRAIN_SECONDS");
  app.add_option("--log-level", f.log_level, "debug, info, warn or error")
      ->envname("CAUSEWAY_LOG_LEVEL");
  app.add_option("--auth", f.auth,
                 "producers: every publish needs a producer's bearer token or client certificate "
                 "and a grant for the namespace; development: NO authentication, producer_id is "
                 "taken at its word (never in production)")
      ->envname("CAUSEWAY_AUTH")
      ->check(CLI::IsMember({"producers", "development"}));
  app.add_option("--tls-cert", f.tls.cert_chain,
                 "PEM certificate chain: serve gRPC and HTTP over TLS (plaintext when empty)")
      ->envname("CAUSEWAY_TLS_CERT");
  app.add_option("--tls-key", f.tls.private_key, "PEM private key of --tls-cert")
      ->envname("CAUSEWAY_TLS_KEY");
  app.add_option("--tls-client-ca", f.tls.client_ca,
                 "PEM CA bundle: verify client certificates against it (mTLS); producers are then "
                 "recognised by their certificate's CN or DNS/URI SAN")
      ->envname("CAUSEWAY_TLS_CLIENT_CA");
  app.add_option("--http-threads", f.http_threads,
                 "HTTP worker threads; each HTTP publish holds one until its outcome")
      ->envname("CAUSEWAY_HTTP_THREADS")
      ->check(CLI::Range(1, 4096));
  app.add_option("--http-max-body-bytes", f.http_max_body_bytes,
                 "Largest HTTP request body (413 beyond)")
      ->envname("CAUSEWAY_HTTP_MAX_BODY_BYTES")
      ->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  log::Level level = log::Level::kInfo;
  if (!log::ParseLevel(f.log_level, &level)) {
    std::cerr << "--log-level: expected debug, info, warn or error\n";
    return 2;
  }
  log::Init("causeway-gateway", level);
  const gateway::AuthMode auth =
      f.auth == "development" ? gateway::AuthMode::kDevelopment : gateway::AuthMode::kProducers;
  if (auth == gateway::AuthMode::kDevelopment) {
    log::Warn("DEVELOPMENT MODE: producer authentication is off; anyone who reaches this gateway "
              "may publish to any namespace under any producer_id (--auth=development)");
  }
  if (!f.tls.enabled()) {
    log::Warn("plaintext: gRPC and HTTP are served without TLS; bearer tokens cross the network "
              "readable unless TLS ends in front of the gateway (--tls-cert, --tls-key)");
  }

  gateway::TopologyFollower follower({f.topology, f.snapshot_path});
  gateway::RdKafkaEventSink sink(gateway::SinkOptions{absl::Milliseconds(f.message_timeout_ms),
                                                      f.queue_max_messages, 65536, f.linger_ms});
  gateway::Dedup dedup(absl::Seconds(f.dedup_window_s), static_cast<size_t>(f.dedup_max_entries));
  gateway::CoreCodec codec;
  gateway::Publisher publisher([&follower] { return follower.state(); }, &codec, &sink, &dedup,
                               auth);
  gateway::GatewayService service(&publisher, {f.max_in_flight});
  gateway::ProducerRetention retention(&follower, &sink);

  ServerOptions server_options{f.grpc_listen, f.http_listen, absl::Seconds(f.drain_seconds)};
  server_options.tls = f.tls;
  ServiceProcess process("causeway-gateway", server_options);
  process.AddService(&service);
  const int http_threads = f.http_threads;
  process.http().routes().new_task_queue = [http_threads] {
    return new httplib::ThreadPool(static_cast<size_t>(http_threads));
  };
  process.http().routes().set_payload_max_length(static_cast<size_t>(f.http_max_body_bytes));
  gateway::AddHttpPublishRoutes(process.http().routes(), &publisher);
  auto& revision = prometheus::BuildGauge()
                       .Name("causeway_gateway_topology_revision")
                       .Help("Topology revision the gateway routes by (-1: none yet).")
                       .Register(process.metrics().registry())
                       .Add({});
  auto& connected = prometheus::BuildGauge()
                        .Name("causeway_gateway_topology_connected")
                        .Help("1 while the Watch stream to causeway-topology is open.")
                        .Register(process.metrics().registry())
                        .Add({});
  process.http().routes().set_pre_routing_handler(
      [&](const httplib::Request& req, httplib::Response&) {
        if (req.path == "/metrics") {
          auto s = follower.state();
          revision.Set(s ? static_cast<double>(s->revision()) : -1);
          connected.Set(follower.connected() ? 1 : 0);
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });

  // Readiness: SERVING once there is a topology to route by (from Watch or the snapshot file).
  constexpr char kReadyService[] = "causeway.gateway.v1.Gateway";
  std::atomic<bool> stopping{false};
  follower.Start();
  retention.Start();
  std::thread readiness([&] {
    while (!stopping && !follower.state()) absl::SleepFor(absl::Milliseconds(100));
    if (!stopping) process.SetReady(kReadyService, true);
  });
  process.SetReady(kReadyService, false);
  absl::Status s = process.Run();
  stopping = true;
  readiness.join();
  retention.Stop();
  follower.Stop();
  sink.Close();  // bounded flush: what Kafka acknowledged in time was reported as such
  if (!s.ok()) {
    log::Error("cannot serve", {{"error", s.ToString()}});
    return 1;
  }
  return 0;
}
