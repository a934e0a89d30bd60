// causeway-archiver: every event of one archived zone, in Avro object container files, exactly
// once. See ../README.md ("service").
#include <CLI/CLI.hpp>
#include <iostream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "archiver/server/archiver_app.h"
#include "archiver/storage/s3_store.h"
#include "common/core/log.h"
#include "common/server/signals.h"
#include "common/topology/follower_flags.h"

namespace {

using namespace causeway;

struct Flags {
  std::string grpc_listen = "0.0.0.0:7100";
  std::string http_listen = "0.0.0.0:7101";
  topology::FollowerFlags follower;
  std::string zone;
  std::string database;
  std::string store;
  std::string s3_endpoint = "https://s3.amazonaws.com";
  std::string s3_region = "us-east-1";
  std::string s3_access_key_id;
  std::string s3_secret_access_key;
  std::string s3_session_token;
  bool s3_path_style = false;
  std::string spool_dir = "/var/lib/causeway/archiver-spool";
  std::string datum = "envelope";
  std::string codec = "deflate";
  std::string start = "earliest";
  int64_t max_file_mib = 128;
  int64_t max_file_records = 10'000'000;
  double max_file_age_s = 900;
  double hour_grace_s = 600;
  int max_open_files = 16;
  double orphan_grace_s = 3600;
  double orphan_interval_s = 600;
  std::string group_id;
  int drain_seconds = 30;
  int session_timeout_ms = 45000;
  std::string auth = "principals";
  std::string log_level = "info";
  causeway::TlsFiles tls;
};

}  // namespace

int main(int argc, char** argv) {
  BlockTerminationSignals();
  Flags f;
  CLI::App app{"causeway-archiver: every event of an archived zone, in Avro files, exactly once"};
  app.add_option("--zone", f.zone, "The archived zone this archiver writes (one deployment each)")
      ->envname("CAUSEWAY_ZONE")
      ->required();
  app.add_option("--pg-dsn", f.database,
                 "PostgreSQL connection URI (libpq) of causeway-topology's database, where the "
                 "archive's progress and file manifests are committed (migrations/0008)")
      ->envname("CAUSEWAY_PG_DSN")
      ->required();
  app.add_option("--store", f.store,
                 "Where files go: file:///absolute/folder, or s3://bucket[/prefix] (with the "
                 "--s3-* flags)")
      ->envname("CAUSEWAY_STORE")
      ->required();
  app.add_option("--s3-endpoint", f.s3_endpoint, "S3 endpoint URL (http or https, no path)")
      ->envname("CAUSEWAY_S3_ENDPOINT");
  app.add_option("--s3-region", f.s3_region, "S3 region the requests are signed for")
      ->envname("CAUSEWAY_S3_REGION");
  app.add_option("--s3-access-key-id", f.s3_access_key_id,
                 "S3 access key id (a literal, or a ${file:...}/${env:...} reference)")
      ->envname("CAUSEWAY_S3_ACCESS_KEY_ID");
  app.add_option("--s3-secret-access-key", f.s3_secret_access_key,
                 "Reference to the S3 secret key: ${file:PATH}, ${file:PATH:KEY} or ${env:NAME}")
      ->envname("CAUSEWAY_S3_SECRET_ACCESS_KEY");
  app.add_option("--s3-session-token", f.s3_session_token,
                 "Reference to an S3 session token (temporary credentials); optional")
      ->envname("CAUSEWAY_S3_SESSION_TOKEN");
  app.add_flag("--s3-path-style", f.s3_path_style,
               "Path-style requests (endpoint/bucket/key) instead of virtual-host ones")
      ->envname("CAUSEWAY_S3_PATH_STYLE");
  app.add_option("--spool-dir", f.spool_dir,
                 "Local folder where open files are built (up to --max-file-mib each)")
      ->envname("CAUSEWAY_SPOOL_DIR");
  app.add_option("--datum", f.datum,
                 "envelope (offset, partition, cluster, timestamp, key, headers, schema id, "
                 "event) or raw (the event alone)")
      ->envname("CAUSEWAY_DATUM")
      ->check(CLI::IsMember({"envelope", "raw"}));
  app.add_option("--codec", f.codec, "Avro container codec: deflate or null (snappy: not built)")
      ->envname("CAUSEWAY_CODEC");
  app.add_option("--start", f.start,
                 "Where a partition never archived before starts: earliest or latest")
      ->envname("CAUSEWAY_START")
      ->check(CLI::IsMember({"earliest", "latest"}));
  app.add_option("--max-file-mib", f.max_file_mib, "A file closes at this many MiB of datums")
      ->envname("CAUSEWAY_MAX_FILE_MIB")
      ->check(CLI::Range(1, 4096));
  app.add_option("--max-file-records", f.max_file_records, "A file closes at this many records")
      ->envname("CAUSEWAY_MAX_FILE_RECORDS")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000'000}));
  app.add_option("--max-file-age", f.max_file_age_s,
                 "Seconds after which an open file closes, traffic or not")
      ->envname("CAUSEWAY_MAX_FILE_AGE")
      ->check(CLI::Range(1.0, 86400.0));
  app.add_option("--hour-grace", f.hour_grace_s,
                 "Seconds of event time past an hour before its files close (late records after "
                 "it open a new file of that hour)")
      ->envname("CAUSEWAY_HOUR_GRACE")
      ->check(CLI::Range(0.0, 86400.0));
  app.add_option("--max-open-files", f.max_open_files,
                 "Files open at once per partition (schema changes); the oldest closes beyond")
      ->envname("CAUSEWAY_MAX_OPEN_FILES")
      ->check(CLI::Range(1, 1024));
  app.add_option("--orphan-grace", f.orphan_grace_s,
                 "Seconds after which an archive file with no manifest row (a crash's or a fenced "
                 "writer's) and an incomplete multipart upload are deleted; must exceed the time "
                 "from upload to commit")
      ->envname("CAUSEWAY_ORPHAN_GRACE")
      ->check(CLI::Range(60.0, 30 * 86400.0));
  app.add_option("--orphan-interval", f.orphan_interval_s, "Seconds between orphan sweeps")
      ->envname("CAUSEWAY_ORPHAN_INTERVAL")
      ->check(CLI::Range(1.0, 86400.0));
  app.add_option("--group-id", f.group_id,
                 "Consumer group (default causeway-archiver.<zone>); set only when two zones of "
                 "the same name share a broker (tests)")
      ->envname("CAUSEWAY_GROUP_ID");
  app.add_option("--session-timeout-ms", f.session_timeout_ms,
                 "How long the group waits for an archiver that stopped answering before its "
                 "partitions move (librdkafka session.timeout.ms)")
      ->envname("CAUSEWAY_SESSION_TIMEOUT_MS")
      ->check(CLI::Range(1000, 1800000));
  app.add_option("--grpc-listen,--grpc-port", f.grpc_listen, "gRPC address (health, reflection)")
      ->envname("CAUSEWAY_GRPC_LISTEN");
  app.add_option("--http-listen,--http-port", f.http_listen,
                 "HTTP address of /metrics, /healthz and /readyz")
      ->envname("CAUSEWAY_HTTP_LISTEN");
  topology::AddFollowerFlags(app, &f.follower, "archiver", "",
                             "/var/lib/causeway/archiver-topology.snapshot");
  app.add_option("--drain-seconds", f.drain_seconds, "Budget of the graceful stop's port drain")
      ->envname("CAUSEWAY_DRAIN_SECONDS");
  app.add_option("--tls-cert", f.tls.cert_chain, "PEM certificate chain: serve over TLS")
      ->envname("CAUSEWAY_TLS_CERT");
  app.add_option("--tls-key", f.tls.private_key, "PEM private key of --tls-cert")
      ->envname("CAUSEWAY_TLS_KEY");
  app.add_option("--auth", f.auth,
                 "principals: ListArchiveFiles needs a principal's token or certificate and a role "
                 "(viewer of the namespace, archiver, admin); development: open to anyone (never "
                 "in production)")
      ->envname("CAUSEWAY_AUTH")
      ->check(CLI::IsMember({"principals", "development"}));
  app.add_option("--log-level", f.log_level, "debug, info, warn or error")
      ->envname("CAUSEWAY_LOG_LEVEL");
  CLI11_PARSE(app, argc, argv);
  log::Level level = log::Level::kInfo;
  if (!log::ParseLevel(f.log_level, &level)) {
    std::cerr << "--log-level: expected debug, info, warn or error\n";
    return 2;
  }
  log::Init("causeway-archiver", level);

  archiver::ArchiverAppOptions options;
  if (f.auth == "development") {
    options.auth = auth::AuthMode::kDevelopment;
    log::Warn("DEVELOPMENT MODE: ListArchiveFiles is open to anyone (--auth=development)");
  }
  const auto listen = [](const std::string& a) {
    return a.find(':') == std::string::npos ? "0.0.0.0:" + a : a;
  };
  options.server = ServerOptions{listen(f.grpc_listen), listen(f.http_listen),
                                 absl::Seconds(f.drain_seconds)};
  options.server.tls = f.tls;
  options.follower = topology::ToFollowerOptions(f.follower);
  options.zone = f.zone;
  options.database = f.database;
  if (absl::StartsWith(f.store, "file://")) {
    options.local_root = f.store.substr(7);
  } else if (absl::StartsWith(f.store, "s3://")) {
    const std::string rest = f.store.substr(5);
    const size_t slash = rest.find('/');
    archiver::S3Config s3;
    s3.bucket = rest.substr(0, slash);
    if (slash != std::string::npos) options.archive.root = rest.substr(slash + 1);
    while (!options.archive.root.empty() && options.archive.root.back() == '/') {
      options.archive.root.pop_back();
    }
    s3.endpoint = f.s3_endpoint;
    s3.region = f.s3_region;
    s3.addressing = f.s3_path_style ? archiver::S3Addressing::kPath
                                    : archiver::S3Addressing::kVirtualHost;
    auto creds = archiver::ResolveS3Credentials(f.s3_access_key_id, f.s3_secret_access_key,
                                                f.s3_session_token);
    if (!creds.ok()) {
      std::cerr << creds.status().message() << "\n";
      return 2;
    }
    s3.credentials = *std::move(creds);
    options.s3 = std::move(s3);
  } else {
    std::cerr << "--store: expected file:///absolute/folder or s3://bucket[/prefix], got \""
              << f.store << "\"\n";
    return 2;
  }
  auto codec = archiver::ParseContainerCodec("--codec", f.codec);
  if (!codec.ok()) {
    std::cerr << codec.status().message() << "\n";
    return 2;
  }
  options.archive.container.codec = *codec;
  options.archive.spool_dir = f.spool_dir;
  options.archive.raw = f.datum == "raw";
  options.archive.roller.max_file_bytes = f.max_file_mib << 20;
  options.archive.roller.max_file_records = f.max_file_records;
  options.archive.roller.max_file_age = absl::Seconds(f.max_file_age_s);
  options.archive.roller.hour_grace = absl::Seconds(f.hour_grace_s);
  options.archive.roller.max_open_files = f.max_open_files;
  options.cluster.start = f.start;
  options.cluster.group_id = f.group_id;
  options.orphan_grace = absl::Seconds(f.orphan_grace_s);
  options.orphan_interval = absl::Seconds(f.orphan_interval_s);
  options.cluster.session_timeout = absl::Milliseconds(f.session_timeout_ms);
  absl::Status s;
  {
    archiver::ArchiverApp archiver_app(std::move(options));
    s = archiver_app.Run();
  }
  if (!s.ok()) {
    log::Error("cannot archive", {{"error", s.ToString()}});
    return 1;
  }
  return 0;
}
