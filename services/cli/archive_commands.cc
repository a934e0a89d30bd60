#include "cli/archive_commands.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "causeway/archiver/v1/archiver.grpc.pb.h"
#include "cli/errors.h"
#include "cli/output.h"
#include "cli/table.h"
#include "common/client/channel.h"
#include "common/core/grpc_status.h"
#include "google/protobuf/util/time_util.h"

namespace causeway::cli {
namespace {

namespace av1 = ::causeway::archiver::v1;
using google::protobuf::util::TimeUtil;

struct ListArgs {
  std::string selector;  // "", "ns" or "ns/EventType"
  std::string zone;
  std::string since;
  std::string until;
  int limit = 0;
};

// "2h" (that long before now) or an RFC 3339 time; `flag` names it in the error.
absl::StatusOr<google::protobuf::Timestamp> ParseWhen(const std::string& flag,
                                                      const std::string& text, absl::Time now) {
  google::protobuf::Timestamp t;
  if (TimeUtil::FromString(text, &t)) return t;
  absl::Duration ago;
  if (absl::ParseDuration(text, &ago) && ago >= absl::ZeroDuration()) {
    return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(now - ago));
  }
  return UsageError(absl::StrCat(flag, ": expected a duration back from now (2h, 90m) or an RFC "
                                       "3339 time (2026-12-01T10:00:00Z), got \"", text, "\""));
}

std::string Hour(const google::protobuf::Timestamp& t) {
  return absl::FormatTime("%Y-%m-%dT%H", absl::FromUnixSeconds(t.seconds()), absl::UTCTimeZone());
}

absl::Status List(const ListArgs& a, Session& session) {
  if (!session.connection.ok()) return session.connection.status();
  av1::ListArchiveFilesRequest req;
  if (!a.selector.empty()) {
    std::vector<std::string> parts = absl::StrSplit(a.selector, '/');
    if (parts.size() > 2 || parts[0].empty() || (parts.size() == 2 && parts[1].empty())) {
      return UsageError(absl::StrCat("expected NAMESPACE or NAMESPACE/EVENT_TYPE, got \"",
                                     a.selector, "\""));
    }
    req.set_namespace_(parts[0]);
    if (parts.size() == 2) req.set_event_type(parts[1]);
  }
  const absl::Time now = absl::Now();
  if (!a.since.empty()) {
    auto t = ParseWhen("--since", a.since, now);
    if (!t.ok()) return t.status();
    *req.mutable_since() = *t;
  }
  if (!a.until.empty()) {
    auto t = ParseWhen("--until", a.until, now);
    if (!t.ok()) return t.status();
    *req.mutable_until() = *t;
  }
  req.set_limit(a.limit);
  const ChannelOptions& archiver = session.connection->archiver;
  auto channel = NewChannel(archiver);
  if (!channel.ok()) return ConfigError(channel.status());
  auto stub = av1::Archiver::NewStub(*channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + session.options.timeout()));
  AddCallCredentials(archiver, &ctx);
  av1::ListArchiveFilesResponse resp;
  grpc::Status s = stub->ListArchiveFiles(&ctx, req, &resp);
  if (!s.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                        absl::StrCat("causeway-archiver at ", archiver.address, ": ",
                                     s.error_message()));
  }
  if (!a.zone.empty() && resp.zone() != a.zone) {
    return UsageError(absl::StrCat("the archiver at ", archiver.address, " archives zone \"",
                                   resp.zone(), "\", not \"", a.zone,
                                   "\": point --archiver at that zone's archiver"));
  }
  if (session.out.json()) {
    session.out.Entity(resp);
    return absl::OkStatus();
  }
  Table table({"HOUR", "EVENT TYPE", "SCHEMA", "PARTITION", "OFFSETS", "RECORDS", "BYTES", "URI"});
  for (const av1::ArchiveFile& f : resp.files()) {
    table.AddRow({Hour(f.hour()), absl::StrCat(f.namespace_(), "/", f.event_type()),
                  absl::StrCat(f.schema_id()),
                  absl::StrCat(f.cluster(), "/", f.topic(), "/", f.partition()),
                  absl::StrCat(f.first_offset(), "-", f.last_offset()), absl::StrCat(f.records()),
                  absl::StrCat(f.bytes()), f.uri()});
  }
  session.out.Print(table);
  if (resp.truncated()) {
    session.out.Line(absl::StrCat("-- more files match: narrow --since/--until or raise --limit"));
  }
  return absl::OkStatus();
}

}  // namespace

void AddArchiveCommands(CLI::App& app, CommandRunner& runner) {
  CLI::App* noun = app.add_subcommand("archive", "What the archiver of a zone has written");
  noun->require_subcommand(1);
  CLI::App* list = noun->add_subcommand(
      "list",
      "Committed archive files (oldest hour first) from causeway-archiver (--archiver): hour, "
      "event type, schema id, partition, offsets, records, bytes, where the file is");
  auto a = std::make_shared<ListArgs>();
  list->add_option("selector", a->selector,
                   "NAMESPACE or NAMESPACE/EVENT_TYPE (default: every file of the zone)");
  list->add_option("--zone", a->zone,
                   "Check that --archiver is this zone's archiver (each zone has its own)");
  list->add_option("--since", a->since,
                   "Files of hours from this on: a duration back from now (2h) or an RFC 3339 "
                   "time");
  list->add_option("--until", a->until, "Files of hours before this (same forms as --since)");
  list->add_option("--limit", a->limit, "At most this many files (default 1000, up to 10000)")
      ->check(CLI::Range(0, 10000));
  runner.Bind(list, [a](Session& session) { return List(*a, session); });
}

}  // namespace causeway::cli
