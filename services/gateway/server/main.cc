// causeway-gateway: composes the publish path from its parts. See README.md in this folder.
#include <CLI/CLI.hpp>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/core/log.h"
#include "common/server/signals.h"
#include "gateway/server/gateway_app.h"

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
  int64_t message_max_bytes = gateway::kDefaultMaxRecordBytes;
  int dedup_window_s = 600;
  int dedup_max_entries = 1000000;
  int drain_seconds = 20;
  std::string log_level = "info";
  std::string auth = "principals";
  causeway::TlsFiles tls;
  causeway::ChannelOptions topology_channel;  // address comes from `topology`
  std::string topology_token_file;
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
  app.add_option("--message-max-bytes", f.message_max_bytes,
                 "Largest event as a Kafka record (encoded payload, key and headers; the "
                 "producers' message.max.bytes, at most the brokers' and topics' "
                 "max.message.bytes): larger events are refused with INVALID_ARGUMENT / HTTP 413 "
                 "before they are produced, JSON payloads over 4 times it before they are parsed; "
                 "gRPC requests are bounded to 4 times it + 64 KiB")
      ->envname("CAUSEWAY_MESSAGE_MAX_BYTES")
      ->check(CLI::Range(int64_t{1000}, int64_t{100000000}));
  app.add_option("--dedup-window-s", f.dedup_window_s,
                 "How long a (producer, namespace, event type, event id) is remembered to suppress "
                 "retried duplicates, in this gateway process only")
      ->envname("CAUSEWAY_DEDUP_WINDOW_S");
  app.add_option("--dedup-max-entries", f.dedup_max_entries,
                 "Bound of the dedup memory: about 60 bytes per remembered single-zone event "
                 "(measured; each further zone adds its partition and offset), so the default "
                 "holds ~60 MB once full (at 2,000 events/s after ~8 minutes)")
      ->envname("CAUSEWAY_DEDUP_MAX_ENTRIES");
  app.add_option("--drain-seconds", f.drain_seconds,
                 "Budget of the graceful stop on SIGTERM: HTTP stops accepting at once, gRPC "
                 "after a short grace, calls in progress and the producers' flush (all clusters "
                 "in parallel) end by then; ACCEPTED events still unwritten are counted and "
                 "logged as lost")
      ->envname("CAUSEWAY_DRAIN_SECONDS");
  app.add_option("--log-level", f.log_level, "debug, info, warn or error")
      ->envname("CAUSEWAY_LOG_LEVEL");
  app.add_option("--auth", f.auth,
                 "principals: every publish needs a principal's bearer token or client "
                 "certificate and the publisher role on the namespace (`producers` is the old "
                 "name of this mode); development: NO authentication, producer_id is taken at its "
                 "word (never in production)")
      ->envname("CAUSEWAY_AUTH")
      ->check(CLI::IsMember({"principals", "producers", "development"}));
  app.add_option("--topology-ca", f.topology_channel.ca,
                 "PEM CA bundle verifying causeway-topology's certificate: connect to it over TLS "
                 "(plaintext when empty)")
      ->envname("CAUSEWAY_TOPOLOGY_CA");
  app.add_option("--topology-cert", f.topology_channel.cert,
                 "PEM client certificate presented to causeway-topology (mTLS), with "
                 "--topology-key")
      ->envname("CAUSEWAY_TOPOLOGY_CERT");
  app.add_option("--topology-key", f.topology_channel.key, "PEM private key of --topology-cert")
      ->envname("CAUSEWAY_TOPOLOGY_KEY");
  app.add_option("--topology-server-name", f.topology_channel.server_name,
                 "Name causeway-topology's certificate must carry, when it differs from the host "
                 "of --topology")
      ->envname("CAUSEWAY_TOPOLOGY_SERVER_NAME");
  app.add_option("--topology-token-file", f.topology_token_file,
                 "File holding this gateway's bearer token for causeway-topology (a principal "
                 "with the gateway role); re-read on every reconnect, so a rotated Secret needs "
                 "no restart")
      ->envname("CAUSEWAY_TOPOLOGY_TOKEN_FILE");
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
      f.auth == "development" ? gateway::AuthMode::kDevelopment : gateway::AuthMode::kPrincipals;
  if (auth == gateway::AuthMode::kDevelopment) {
    log::Warn("DEVELOPMENT MODE: producer authentication is off; anyone who reaches this gateway "
              "may publish to any namespace under any producer_id (--auth=development)");
  }
  if (!f.tls.enabled()) {
    log::Warn("plaintext: gRPC and HTTP are served without TLS; bearer tokens cross the network "
              "readable unless TLS ends in front of the gateway (--tls-cert, --tls-key)");
  }

  if (f.topology_channel.ca.empty()) {
    log::Warn("plaintext to causeway-topology: the gateway's token and the principals' token "
              "hashes cross the network readable (--topology-ca)");
  }
  gateway::GatewayAppOptions options;
  options.server = ServerOptions{f.grpc_listen, f.http_listen, absl::Seconds(f.drain_seconds)};
  options.server.tls = f.tls;
  options.follower.topology = f.topology_channel;
  options.follower.topology.address = f.topology;
  options.follower.token_file = f.topology_token_file;
  options.follower.snapshot_path = f.snapshot_path;
  options.sink = gateway::SinkOptions{absl::Milliseconds(f.message_timeout_ms),
                                      f.queue_max_messages, 65536, f.linger_ms,
                                      f.message_max_bytes};
  options.dedup_window = absl::Seconds(f.dedup_window_s);
  options.dedup_max_entries = static_cast<size_t>(f.dedup_max_entries);
  options.service = {f.max_in_flight};
  options.http_threads = f.http_threads;
  options.http_max_body_bytes = static_cast<size_t>(f.http_max_body_bytes);
  options.auth = auth;
  absl::Status s;
  {
    gateway::GatewayApp app(std::move(options));
    s = app.Run();
  }
  if (!s.ok()) {
    log::Error("cannot serve", {{"error", s.ToString()}});
    return 1;
  }
  return 0;
}
