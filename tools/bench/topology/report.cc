#include "report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "figures.h"
#include "table.h"

namespace causeway::bench {
namespace {

// Goals of issue 2 ("Done when").
constexpr absl::Duration kResolveP99Goal = absl::Milliseconds(1);
constexpr double kResolveGoalRate = 10000;
constexpr absl::Duration kFanoutP99Goal = absl::Milliseconds(100);
constexpr double kWatcherKiBGoal = 64;

std::string ResolveSection(const BenchReport& r) {
  std::string out = absl::StrFormat(
      "Resolve: %d clients over %d connections, %d client threads (async gRPC), cycling over %d "
      "event types\n",
      r.clients, r.connections, r.client_threads, static_cast<int>(r.plan.event_types.size()));
  Table t({"load", "window", "ok", "errors", "replies/s", "p50", "p99", "p99.9", "max", "server CPU",
           "client CPU"});
  for (const ResolveRun& run : r.resolve) {
    const LatencySummary s = run.result.latency.Summarize();
    t.Add({run.label, absl::StrFormat("%.1f s", absl::ToDoubleSeconds(run.result.window)),
           absl::StrCat(run.result.ok), absl::StrCat(run.result.failed),
           absl::StrFormat("%.0f", run.result.throughput()), Ms(s.p50), Ms(s.p99), Ms(s.p999),
           Ms(s.max), CpuCell(run.cpu.server, run.cpu.wall, run.result.completed_all),
           CpuCell(run.cpu.client, run.cpu.wall, run.result.completed_all)});
  }
  absl::StrAppend(&out, t.Render());
  absl::StrAppend(&out,
                  "  ok/errors: requests due in the window; replies/s: replies received in the "
                  "window; latency: reply time minus the time the request was due (open loop) or "
                  "sent (closed loop); CPU: whole phase incl. warm-up\n");
  for (const ResolveRun& run : r.resolve) {
    if (!run.result.first_error.empty()) {
      absl::StrAppend(&out, "  first error (", run.label, "): ", run.result.first_error, "\n");
    }
    if (run.offered_rate <= 0) continue;
    const LatencySummary lag = run.result.send_lag.Summarize();
    absl::StrAppend(&out, "  sender lateness at ", run.label, ": p50 ", Ms(lag.p50), ", p99 ",
                    Ms(lag.p99), ", max ", Ms(lag.max), " (included in the latencies above)\n");
    if (run.offered_rate == kResolveGoalRate) {
      const LatencySummary s = run.result.latency.Summarize();
      absl::StrAppend(&out, "  goal p99 < ", Ms(kResolveP99Goal, 0), " at ",
                      absl::StrFormat("%.0f", kResolveGoalRate), " req/s: ",
                      Verdict(s.p99 < kResolveP99Goal && run.result.failed == 0), " (p99 ",
                      Ms(s.p99), ", achieved ", absl::StrFormat("%.0f", run.result.throughput()),
                      " req/s)\n");
    }
  }
  return out;
}

std::string WatchSection(const BenchReport& r) {
  const WatchFanoutOptions& o = r.watch_options;
  const WatchFanoutResult& w = r.watch;
  std::string out = absl::StrFormat(
      "Watch fan-out: %d watchers on %d connections (since_revision 0), then %d namespace "
      "updates %s apart\n",
      o.watchers, o.connections, o.changes, Ms(o.spacing, 0));
  absl::StrAppend(&out, absl::StrFormat(
                            "  streams: %d/%d snapshots complete (%d entities each) in %s; "
                            "failed streams %d; undelivered (change, watcher) pairs %d\n",
                            w.snapshots, o.watchers, static_cast<int>(w.snapshot_changes),
                            Ms(w.open_time, 0), w.streams_failed, static_cast<int>(w.missed)));
  if (!w.first_error.empty()) absl::StrAppend(&out, "  first error: ", w.first_error, "\n");
  Table t({"per change", "n", "p50", "p99", "max"});
  auto row = [&t](const std::string& label, const LatencySamples& samples) {
    const LatencySummary s = samples.Summarize();
    t.Add({label, absl::StrCat(s.count), Ms(s.p50, 1), Ms(s.p99, 1), Ms(s.max, 1)});
  };
  row("last watcher, from commit returned", w.last_from_return);
  row("first watcher, from commit returned", w.first_from_return);
  row("median watcher, from commit returned", w.median_from_return);
  row("last watcher, from commit sent", w.last_from_send);
  row("commit round trip (UpdateNamespace)", w.commit);
  absl::StrAppend(&out, t.Render());
  absl::StrAppend(&out, absl::StrFormat(
                            "  server RSS: %s before, %s with the streams open (steady), %s after "
                            "the changes: %.1f KiB per watcher\n",
                            MiB(w.rss_before_kib), MiB(w.rss_open_kib), MiB(w.rss_after_kib),
                            w.per_watcher_kib()));
  absl::StrAppend(&out, "  CPU during the phase: server ",
                  CpuCell(r.watch_cpu.server, r.watch_cpu.wall, 0), ", client ",
                  CpuCell(r.watch_cpu.client, r.watch_cpu.wall, 0),
                  "; per change (commit and its fan-out): server ",
                  Ms(w.server_cpu_per_change, 1), ", client ", Ms(w.client_cpu_per_change, 1),
                  "\n");
  const LatencySummary fan = w.last_from_return.Summarize();
  absl::StrAppend(&out, "  goal fan-out p99 < ", Ms(kFanoutP99Goal, 0), ": ",
                  Verdict(fan.count > 0 && fan.p99 < kFanoutP99Goal && w.missed == 0), " (p99 ",
                  Ms(fan.p99, 1), "; with ", fan.count, " changes p99 is the maximum)\n");
  absl::StrAppend(&out, "  goal < ", absl::StrFormat("%.0f", kWatcherKiBGoal),
                  " KiB per watcher: ", Verdict(w.per_watcher_kib() < kWatcherKiBGoal),
                  absl::StrFormat(" (%.1f KiB)\n", w.per_watcher_kib()));
  return out;
}

}  // namespace

std::string FormatReport(const BenchReport& r) {
  std::string out = "\n== causeway-topology benchmark: one replica ==\n";
  absl::StrAppend(
      &out, absl::StrFormat(
                "machine: %d CPUs shared by the client (this program), the server, PostgreSQL, "
                "devkafka and anything else running; load average (1/5/15 min) %s before, %s "
                "after\n",
                r.cpus, r.load_before, r.load_after));
  if (r.nice != 0) {
    absl::StrAppend(&out, absl::StrFormat(
                              "priority: nice %d for the benchmark and the servers it started "
                              "(other processes on the machine: their own)\n",
                              r.nice));
  }
  absl::StrAppend(&out, absl::StrFormat(
                            "topology: %d namespaces (+1 watched), 1 zone, 1 cluster, %d event "
                            "types placed; %s (revision %d)\n",
                            static_cast<int>(r.plan.namespaces.size()),
                            static_cast<int>(r.plan.event_types.size()),
                            r.seed_time > absl::ZeroDuration()
                                ? absl::StrCat("seeded in ", Ms(r.seed_time, 0))
                                : std::string("seeded before this run"),
                            static_cast<int>(r.revision)));
  if (!r.resolve.empty()) absl::StrAppend(&out, "\n", ResolveSection(r));
  if (r.watch.watchers > 0) absl::StrAppend(&out, "\n", WatchSection(r));
  return out;
}

}  // namespace causeway::bench
