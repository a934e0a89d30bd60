// causeway-relay: delivers subscriptions' events to HTTP endpoints. See ../README.md ("server").
#include <CLI/CLI.hpp>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "common/core/log.h"
#include "common/kafka/client_properties.h"
#include "common/server/signals.h"
#include "common/topology/follower_flags.h"
#include "relay/server/relay_app.h"
#include "relay/server/static_subscriptions.h"

namespace {

using namespace causeway;

struct Flags {
  std::string grpc_listen = "0.0.0.0:7090";
  std::string http_listen = "0.0.0.0:7091";
  topology::FollowerFlags follower;
  std::string signing_key;
  std::string subscriptions;
  std::string static_start = "latest";
  std::string registry_url;
  int max_in_flight = 0;
  int window = 10000;
  double commit_interval_s = 5;
  int drain_seconds = 20;
  int session_timeout_ms = 45000;
  int max_pending = 10000;
  int max_host_connections = 64;
  int max_streams_per_subscription = 64;
  int max_streams = 1024;
  double heartbeat_s = 15;
  double pull_linger_s = 2;
  std::string ca_file;
  std::string auth = "principals";
  std::string log_level = "info";
  causeway::TlsFiles tls;
};

// --subscription-signing-key is a secret reference (`${file:PATH}`, `${file:PATH:KEY}`,
// `${env:NAME}`), so the key itself never appears on a command line or in a manifest.
absl::StatusOr<std::string> ResolveSigningKey(const std::string& reference) {
  if (reference.empty()) return std::string();
  return kafka::ResolveSecretReference("--subscription-signing-key", reference);
}

}  // namespace

int main(int argc, char** argv) {
  BlockTerminationSignals();
  Flags f;
  CLI::App app{"causeway-relay: subscriptions' events POSTed to HTTP endpoints, at least once"};
  app.add_option("--grpc-listen,--grpc-port", f.grpc_listen,
                 "gRPC address (Relay.GetSubscriptionStatus and Consume, health, reflection); a bare port "
                 "listens on all addresses")
      ->envname("CAUSEWAY_GRPC_LISTEN");
  app.add_option("--http-listen,--http-port", f.http_listen,
                 "HTTP address of /metrics, /healthz and /readyz; a bare port listens on all "
                 "addresses")
      ->envname("CAUSEWAY_HTTP_LISTEN");
  topology::AddFollowerFlags(app, &f.follower, "relay", "SetSubscriptionState on 410",
                             "/var/lib/causeway/relay-topology.snapshot");
  app.add_option("--subscription-signing-key", f.signing_key,
                 "Secret reference (${file:PATH}, ${file:PATH:KEY} or ${env:NAME}) to the key shared with "
                 "causeway-topology from which every subscription's webhook signing secret is "
                 "derived; without it topology subscriptions are not served and static ones go "
                 "unsigned")
      ->envname("CAUSEWAY_SUBSCRIPTION_SIGNING_KEY");
  app.add_option("--subscriptions", f.subscriptions,
                 "DEVELOPMENT ONLY (--auth=development): static subscriptions, "
                 "<namespace>/<event type>=<url>[,...], e.g. "
                 "mfp/Person=http://localhost:3000/callback")
      ->envname("CAUSEWAY_SUBSCRIPTIONS");
  app.add_option("--static-start", f.static_start,
                 "Where a static subscription's new consumer group starts: latest or earliest")
      ->envname("CAUSEWAY_STATIC_START")
      ->check(CLI::IsMember({"latest", "earliest"}));
  app.add_option("--registry-url", f.registry_url,
                 "Base URL of the schema registry API (ce-dataschema = <url>/schemas/ids/<id>); "
                 "relative references when empty")
      ->envname("CAUSEWAY_REGISTRY_URL");
  app.add_option("--max-in-flight", f.max_in_flight,
                 "Default attempts in flight per subscription and replica for static "
                 "subscriptions (topology ones use their delivery policy; 0 = 100)")
      ->envname("CAUSEWAY_MAX_IN_FLIGHT")
      ->check(CLI::Range(0, 1000));
  app.add_option("--window", f.window,
                 "Records read and not yet delivered per partition before it is paused (memory "
                 "bound: partitions x window x record size)")
      ->envname("CAUSEWAY_WINDOW")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--commit-interval", f.commit_interval_s,
                 "Seconds between commits of the delivered watermark (also on revoke and at stop)")
      ->envname("CAUSEWAY_COMMIT_INTERVAL")
      ->check(CLI::Range(0.05, 3600.0));
  app.add_option("--session-timeout-ms", f.session_timeout_ms,
                 "How long a subscription's consumer group waits for a replica that stopped "
                 "answering (killed) before its partitions move to the others (librdkafka "
                 "session.timeout.ms; the broker bounds it, by default 6,000..1,800,000)")
      ->envname("CAUSEWAY_SESSION_TIMEOUT_MS")
      ->check(CLI::Range(1000, 3600000));
  app.add_option("--drain-seconds", f.drain_seconds,
                 "Budget of the graceful stop on SIGTERM: fetching stops at once, in-flight "
                 "attempts may finish until then, then offsets are committed and the groups left")
      ->envname("CAUSEWAY_DRAIN_SECONDS");
  app.add_option("--http-max-pending", f.max_pending,
                 "Callback requests queued or in flight in the HTTP client at most")
      ->envname("CAUSEWAY_HTTP_MAX_PENDING");
  app.add_option("--http-max-host-connections", f.max_host_connections,
                 "Connections per endpoint host:port")
      ->envname("CAUSEWAY_HTTP_MAX_HOST_CONNECTIONS");
  app.add_option("--max-streams-per-subscription", f.max_streams_per_subscription,
                 "Relay.Consume streams open on one subscription on this replica at most (more: "
                 "RESOURCE_EXHAUSTED)")
      ->envname("CAUSEWAY_MAX_STREAMS_PER_SUBSCRIPTION")
      ->check(CLI::Range(1, 100000));
  app.add_option("--max-streams", f.max_streams,
                 "Relay.Consume streams open on this replica at most (more: RESOURCE_EXHAUSTED)")
      ->envname("CAUSEWAY_MAX_STREAMS")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--consume-heartbeat-seconds", f.heartbeat_s,
                 "Seconds between the heartbeats of a Relay.Consume stream")
      ->envname("CAUSEWAY_CONSUME_HEARTBEAT_SECONDS")
      ->check(CLI::Range(0.05, 3600.0));
  app.add_option("--pull-linger-seconds", f.pull_linger_s,
                 "How long a PULL subscription stays in its consumer group on this replica after "
                 "its last Relay.Consume stream closed (a reconnecting consumer causes no "
                 "rebalance)")
      ->envname("CAUSEWAY_PULL_LINGER_SECONDS")
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--http-ca-file", f.ca_file,
                 "PEM bundle trusted for endpoints' certificates instead of the system store")
      ->envname("CAUSEWAY_HTTP_CA_FILE");
  app.add_option("--auth", f.auth,
                 "principals: GetSubscriptionStatus needs a principal's token or certificate and "
                 "a role (consumer/viewer of the subscription's namespaces, relay, admin); "
                 "development: nothing is refused and --subscriptions is allowed (never in "
                 "production)")
      ->envname("CAUSEWAY_AUTH")
      ->check(CLI::IsMember({"principals", "development"}));
  app.add_option("--tls-cert", f.tls.cert_chain, "PEM certificate chain: serve over TLS")
      ->envname("CAUSEWAY_TLS_CERT");
  app.add_option("--tls-key", f.tls.private_key, "PEM private key of --tls-cert")
      ->envname("CAUSEWAY_TLS_KEY");
  app.add_option("--log-level", f.log_level, "debug, info, warn or error")
      ->envname("CAUSEWAY_LOG_LEVEL");
  CLI11_PARSE(app, argc, argv);
  log::Level level = log::Level::kInfo;
  if (!log::ParseLevel(f.log_level, &level)) {
    std::cerr << "--log-level: expected debug, info, warn or error\n";
    return 2;
  }
  log::Init("causeway-relay", level);
  const auth::AuthMode auth =
      f.auth == "development" ? auth::AuthMode::kDevelopment : auth::AuthMode::kPrincipals;
  if (auth == auth::AuthMode::kDevelopment) {
    log::Warn("DEVELOPMENT MODE: GetSubscriptionStatus is open to anyone (--auth=development)");
  }
  relay::RelayAppOptions options;
  const auto listen = [](const std::string& a) {
    return a.find(':') == std::string::npos ? "0.0.0.0:" + a : a;
  };
  options.server = ServerOptions{listen(f.grpc_listen), listen(f.http_listen),
                                 absl::Seconds(f.drain_seconds)};
  options.server.tls = f.tls;
  options.follower = topology::ToFollowerOptions(f.follower);
  auto key = ResolveSigningKey(f.signing_key);
  if (!key.ok()) {
    std::cerr << key.status().message() << "\n";
    return 2;
  }
  options.supervisor.signing_key = *key;
  options.supervisor.registry_url = f.registry_url;
  options.supervisor.runner.window = static_cast<size_t>(f.window);
  options.supervisor.runner.commit_interval = absl::Seconds(f.commit_interval_s);
  options.supervisor.runner.session_timeout = absl::Milliseconds(f.session_timeout_ms);
  options.supervisor.stop_budget = absl::Seconds(f.drain_seconds);
  if (!f.subscriptions.empty()) {
    if (auth != auth::AuthMode::kDevelopment) {
      std::cerr << "--subscriptions: static subscriptions are for development only: add "
                   "--auth=development, or create subscriptions in causeway-topology\n";
      return 2;
    }
    auto statics = relay::ParseStaticSubscriptions(f.subscriptions);
    if (!statics.ok()) {
      std::cerr << statics.status().message() << "\n";
      return 2;
    }
    for (const auto& s : *statics) {
      auto sub = relay::ToSubscription(s, f.static_start == "earliest"
                                              ? topology::v1::START_POSITION_EARLIEST
                                              : topology::v1::START_POSITION_LATEST);
      sub.mutable_delivery()->set_max_in_flight(f.max_in_flight);
      options.supervisor.statics.push_back(std::move(sub));
      log::Info("static subscription",
                {{"subscription", options.supervisor.statics.back().name()},
                 {"event_type", absl::StrCat(s.ns, "/", s.event_type)},
                 {"endpoint", s.endpoint},
                 {"signed", key->empty() ? "no: requests are UNSIGNED (no "
                                           "--subscription-signing-key)"
                                         : "yes"}});
    }
  }
  options.http.max_pending = static_cast<size_t>(f.max_pending);
  options.http.max_host_connections = f.max_host_connections;
  options.http.ca_file = f.ca_file;
  options.streams.max_streams_per_subscription = f.max_streams_per_subscription;
  options.streams.max_streams = f.max_streams;
  options.streams.heartbeat = absl::Seconds(f.heartbeat_s);
  options.streams.linger = absl::Seconds(f.pull_linger_s);
  options.auth = auth;
  absl::Status s;
  {
    relay::RelayApp relay_app(std::move(options));
    s = relay_app.Run();
  }
  if (!s.ok()) {
    log::Error("cannot serve", {{"error", s.ToString()}});
    return 1;
  }
  return 0;
}
