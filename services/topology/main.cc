// causeway-topology: composes the service from its parts. See README.md in this folder.
#include <CLI/CLI.hpp>
#include <atomic>
#include <cstdlib>
#include <thread>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/core/log.h"
#include "common/core/bearer_token.h"
#include "common/kafka/client_properties.h"
#include "common/pg/pg_pool.h"
#include "common/server/signals.h"
#include "topology/bootstrap_admin.h"
#include "topology/migrator.h"
#include "topology/pg_topology_store.h"
#include "topology/topology_app.h"

namespace {

using namespace causeway;

struct Flags {
  std::string grpc_listen = "0.0.0.0:7070";
  std::string http_listen = "0.0.0.0:7071";
  std::string pg_dsn;
  int pg_pool_size = 8;
  std::string migrations_dir = CAUSEWAY_DEFAULT_MIGRATIONS_DIR;
  bool migrate = true;
  int kafka_timeout_ms = 15000;
  int drain_seconds = 20;
  std::string log_level = "info";
  std::string auth = "principals";
  TlsFiles tls;
  std::string admin_name;
  topology::WatchQuotaLimits watch_streams;
  std::string subscription_signing_key;  // a secret reference, never the key
};

// The shortest signing key accepted: HMAC-SHA256 keys shorter than this are guessable.
constexpr size_t kMinSigningKeyBytes = 32;

int Migrate(const Flags& flags) {
  auto migrations = topology::LoadMigrations(flags.migrations_dir);
  if (!migrations.ok()) {
    log::Error("cannot read migrations", {{"error", migrations.status().ToString()}});
    return 1;
  }
  auto applied = topology::ApplyMigrations(flags.pg_dsn, *migrations);
  if (!applied.ok()) {
    log::Error("migration failed", {{"error", applied.status().ToString()}});
    return 1;
  }
  log::Info("migrations up to date", {{"applied_now", absl::StrJoin(*applied, ",")}});
  return 0;
}

// Prints the first admin's token on stdout (the only time it is shown); the log says who.
int BootstrapAdminCommand(const Flags& flags) {
  if (Migrate(flags) != 0) return 1;
  pg::PgPool pool(flags.pg_dsn, 1, &topology::PrepareStoreStatements);
  topology::PgTopologyStore store(&pool);
  const IssuedToken token = NewBearerToken();
  if (absl::Status s = topology::BootstrapAdmin(&store, flags.admin_name, token); !s.ok()) {
    std::cerr << "bootstrap-admin: " << s.message() << "\n";
    return absl::IsFailedPrecondition(s) ? 3 : 1;
  }
  log::Info("admin created", {{"principal", flags.admin_name}, {"token_id", token.id}});
  std::cout << token.text << std::endl;
  return 0;
}

int Serve(const Flags& flags) {
  topology::TopologyAppOptions options;
  options.pg_dsn = flags.pg_dsn;
  options.pg_pool_size = flags.pg_pool_size;
  options.server = ServerOptions{flags.grpc_listen, flags.http_listen,
                                 absl::Seconds(flags.drain_seconds)};
  options.server.tls = flags.tls;
  options.auth = flags.auth == "development" ? topology::AuthMode::kDevelopment
                                             : topology::AuthMode::kPrincipals;
  options.kafka_timeout = absl::Milliseconds(flags.kafka_timeout_ms);
  options.watch.streams = flags.watch_streams;
  if (!flags.subscription_signing_key.empty()) {
    auto key = kafka::ResolveSecretReference("--subscription-signing-key",
                                             flags.subscription_signing_key);
    if (!key.ok()) {
      log::Error("cannot read the subscription signing key", {{"error", key.status().ToString()}});
      return 2;
    }
    if (key->size() < kMinSigningKeyBytes) {
      log::Error("the subscription signing key is too short",
                 {{"error", absl::StrCat("--subscription-signing-key: needs at least ",
                                         kMinSigningKeyBytes, " bytes, got ", key->size())}});
      return 2;
    }
    options.subscription_signing_key = *std::move(key);
  } else {
    log::Warn("no --subscription-signing-key: CreateSubscription and RotateSubscriptionSecret "
              "answer FAILED_PRECONDITION");
  }
  if (options.auth == topology::AuthMode::kDevelopment) {
    log::Warn("DEVELOPMENT MODE: authentication is off; anyone who reaches this service may change "
              "the topology and read every secret reference (--auth=development)");
  }
  if (!flags.tls.enabled()) {
    log::Warn("plaintext: gRPC and HTTP are served without TLS; bearer tokens (and IssueToken's "
              "answers) cross the network readable (--tls-cert, --tls-key)");
  }
  topology::TopologyApp app(std::move(options));

  // PostgreSQL may be down at start: the process serves anyway (answering UNAVAILABLE, health
  // NOT_SERVING for the API) and becomes ready once migrations ran and the view is loaded.
  std::atomic<bool> stopping{false};
  std::thread starter([&] {
    while (flags.migrate && !stopping && Migrate(flags) != 0) absl::SleepFor(absl::Seconds(1));
    if (stopping) return;
    app.hub().Start();
    while (!stopping && !app.hub().WaitForRevision(0, absl::Milliseconds(200))) {
    }
    if (!stopping) app.SetReady(true);
  });
  absl::Status s = app.process().Run();
  stopping = true;
  starter.join();
  if (!s.ok()) {
    log::Error("cannot serve", {{"error", s.ToString()}});
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  BlockTerminationSignals();
  Flags flags;
  CLI::App app{"causeway-topology: the source of truth for where every Causeway event lives"};
  app.set_help_all_flag("--help-all");
  auto add_common = [&](CLI::App* cmd) {
    cmd->add_option("--pg-dsn", flags.pg_dsn, "PostgreSQL connection URI (libpq)")
        ->envname("CAUSEWAY_PG_DSN");
    cmd->add_option("--migrations-dir", flags.migrations_dir, "Folder of numbered SQL migrations")
        ->envname("CAUSEWAY_MIGRATIONS_DIR");
    cmd->add_option("--log-level", flags.log_level, "debug, info, warn or error")
        ->envname("CAUSEWAY_LOG_LEVEL");
  };
  CLI::App* serve = app.add_subcommand("serve", "Serve the Topology API (the default)");
  CLI::App* migrate = app.add_subcommand("migrate", "Apply the SQL migrations and exit");
  CLI::App* bootstrap = app.add_subcommand(
      "bootstrap-admin",
      "Create the first admin principal and print its bearer token once (migrates first; "
      "refused, exit code 3, once an admin exists)");
  bootstrap->add_option("NAME", flags.admin_name, "The admin principal's name, e.g. admin")
      ->required();
  for (CLI::App* cmd : {&app, serve, migrate, bootstrap}) add_common(cmd);
  for (CLI::App* cmd : {&app, serve}) {
    cmd->add_option("--grpc-listen", flags.grpc_listen, "gRPC address (API, reflection, health)")
        ->envname("CAUSEWAY_GRPC_LISTEN");
    cmd->add_option("--http-listen", flags.http_listen,
                    "HTTP address (/metrics, /healthz, Schema Registry API)")
        ->envname("CAUSEWAY_HTTP_LISTEN");
    cmd->add_option("--pg-pool-size", flags.pg_pool_size, "PostgreSQL connections per replica")
        ->envname("CAUSEWAY_PG_POOL_SIZE");
    cmd->add_option("--migrate", flags.migrate,
                    "Apply migrations at start (true/false; false when a Job or init step does)")
        ->envname("CAUSEWAY_MIGRATE");
    cmd->add_option("--kafka-timeout-ms", flags.kafka_timeout_ms,
                    "Deadline of a Kafka Admin API call (topic creation)")
        ->envname("CAUSEWAY_KAFKA_TIMEOUT_MS");
    cmd->add_option("--drain-seconds", flags.drain_seconds, "Graceful drain on SIGTERM")
        ->envname("CAUSEWAY_DRAIN_SECONDS");
    cmd->add_option("--auth", flags.auth,
                    "principals: every call needs a principal's bearer token or client "
                    "certificate and the role its RPC names; development: NO authentication "
                    "(never in production)")
        ->envname("CAUSEWAY_AUTH")
        ->check(CLI::IsMember({"principals", "development"}));
    cmd->add_option("--tls-cert", flags.tls.cert_chain,
                    "PEM certificate chain: serve gRPC and HTTP over TLS (plaintext when empty)")
        ->envname("CAUSEWAY_TLS_CERT");
    cmd->add_option("--tls-key", flags.tls.private_key, "PEM private key of --tls-cert")
        ->envname("CAUSEWAY_TLS_KEY");
    cmd->add_option("--tls-client-ca", flags.tls.client_ca,
                    "PEM CA bundle: verify client certificates against it (mTLS); principals are "
                    "then recognised by their certificate's CN or DNS/URI SAN")
        ->envname("CAUSEWAY_TLS_CLIENT_CA");
    cmd->add_option("--watch-streams-per-principal", flags.watch_streams.per_principal,
                    "Watch streams one principal may have open on this replica; the next is "
                    "RESOURCE_EXHAUSTED (the replicas of a service sharing one principal all "
                    "count: raise it for a larger fleet)")
        ->envname("CAUSEWAY_WATCH_STREAMS_PER_PRINCIPAL")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--watch-streams", flags.watch_streams.total,
                    "Watch streams open on this replica in all; the next is RESOURCE_EXHAUSTED")
        ->envname("CAUSEWAY_WATCH_STREAMS")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--subscription-signing-key", flags.subscription_signing_key,
                    "Secret reference to the key webhook signing secrets are derived from, shared "
                    "with causeway-relay: ${file:/path} (the whole file), ${file:/path:key} or "
                    "${env:NAME}; at least 32 bytes. Without it CreateSubscription and "
                    "RotateSubscriptionSecret are FAILED_PRECONDITION")
        ->envname("CAUSEWAY_SUBSCRIPTION_SIGNING_KEY");
  }
  app.require_subcommand(0, 1);
  CLI11_PARSE(app, argc, argv);

  log::Level level = log::Level::kInfo;
  if (!log::ParseLevel(flags.log_level, &level)) {
    std::cerr << "--log-level: expected debug, info, warn or error\n";
    return 2;
  }
  log::Init("causeway-topology", level);
  if (flags.pg_dsn.empty()) {
    std::cerr << "--pg-dsn (or CAUSEWAY_PG_DSN) is required\n";
    return 2;
  }
  if (migrate->parsed()) return Migrate(flags);
  if (bootstrap->parsed()) return BootstrapAdminCommand(flags);
  return Serve(flags);
}
