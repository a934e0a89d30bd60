#include "report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "figures.h"
#include "table.h"

namespace causeway::bench {
namespace {

// Goals of issue 5.
constexpr double kStreamRatioGoal = 0.8;                      // gateway stream / raw, events/s
constexpr absl::Duration kHalfLoadP99Gap = absl::Milliseconds(2);  // unary − raw at p99

std::string ModeName(Mode m) {
  switch (m) {
    case Mode::kRaw:
      return "raw librdkafka";
    case Mode::kStream:
      return "gateway PublishStream";
    case Mode::kUnary:
      return "gateway Publish (unary)";
  }
  return "?";
}

const ModeRun* Find(const E2eReport& r, Mode mode, bool open_loop) {
  for (const ModeRun& run : r.runs) {
    if (run.mode == mode && (run.offered_rate > 0) == open_loop) return &run;
  }
  return nullptr;
}

std::string MachineLine(const MachineLoad& m) {
  return absl::StrFormat(
      "machine: %d CPUs shared by this program, causeway-gateway, the Kafka broker, "
      "causeway-topology, PostgreSQL and anything else running; load average (1/5/15 min) %s "
      "before, %s after\n",
      m.cpus, m.before, m.after);
}

std::string ModesSection(const E2eReport& r) {
  Table t({"mode", "load", "ok", "errors", "events/s", "p50", "p99", "p99.9", "max", "gateway CPU",
           "client CPU", "broker CPU"});
  for (const ModeRun& run : r.runs) {
    const LatencySummary s = run.result.latency.Summarize();
    const int64_t n = run.result.completed_all;
    t.Add({ModeName(run.mode),
           run.offered_rate > 0 ? absl::StrFormat("open %.0f/s", run.offered_rate) : "closed (max)",
           absl::StrCat(run.result.ok), absl::StrCat(run.result.failed),
           absl::StrFormat("%.0f", run.result.throughput()), Ms(s.p50), Ms(s.p99), Ms(s.p999),
           Ms(s.max),
           run.mode == Mode::kRaw ? "-" : CpuCell(run.cpu.server, run.cpu.wall, n),
           CpuCell(run.cpu.client, run.cpu.wall, n), CpuCell(run.broker_cpu, run.cpu.wall, n)});
  }
  std::string out = t.Render();
  absl::StrAppend(
      &out,
      "  ok/errors: events due in the window; events/s: acknowledgements received in the window; "
      "latency: acknowledgement (delivery report for raw) minus the time the event was sent "
      "(closed loop) or due (open loop); CPU: whole phase incl. warm-up, per event\n");
  for (const ModeRun& run : r.runs) {
    const std::string label = absl::StrCat(ModeName(run.mode), run.offered_rate > 0 ? " open" : "");
    if (!run.result.first_error.empty()) {
      absl::StrAppend(&out, "  first error (", label, "): ", run.result.first_error, "\n");
    }
    if (!run.note.empty()) absl::StrAppend(&out, "  ", label, ": ", run.note, "\n");
    if (run.result.unsent > 0) {
      absl::StrAppend(&out, "  ", label, ": ", run.result.unsent,
                      " events due in the window never sent (the client fell behind the "
                      "schedule; counted as errors)\n");
    }
    if (run.offered_rate > 0) {
      const LatencySummary lag = run.result.send_lag.Summarize();
      absl::StrAppend(&out, "  sender lateness (", label, "): p50 ", Ms(lag.p50), ", p99 ",
                      Ms(lag.p99), ", max ", Ms(lag.max), " (included in the latencies above)\n");
    }
  }
  return out;
}

std::string GoalsSection(const E2eReport& r) {
  std::string out;
  const ModeRun* raw = Find(r, Mode::kRaw, false);
  const ModeRun* stream = Find(r, Mode::kStream, false);
  const ModeRun* unary = Find(r, Mode::kUnary, false);
  const double raw_rate = raw ? raw->result.throughput() : 0;
  if (raw_rate > 0 && stream) {
    const double ratio = stream->result.throughput() / raw_rate;
    absl::StrAppend(&out, absl::StrFormat("  gateway stream / raw events/s: %.2f (goal >= %.1f: %s)\n",
                                          ratio, kStreamRatioGoal,
                                          Verdict(ratio >= kStreamRatioGoal && stream->result.failed == 0)));
  }
  if (raw_rate > 0 && unary) {
    absl::StrAppend(&out, absl::StrFormat("  gateway unary / raw events/s: %.2f (64 clients, one "
                                          "event per call; no goal)\n",
                                          unary->result.throughput() / raw_rate));
  }
  // Open-loop pairs in the order they ran: the first at half the raw maximum (the goal), then at
  // half the unary maximum (informative).
  for (size_t i = 0; i + 1 < r.runs.size(); ++i) {
    const ModeRun& raw_half = r.runs[i];
    const ModeRun& unary_half = r.runs[i + 1];
    if (raw_half.mode != Mode::kRaw || raw_half.offered_rate <= 0 ||
        unary_half.mode != Mode::kUnary || unary_half.offered_rate != raw_half.offered_rate) {
      continue;
    }
    const bool goal = unary_half.rate_basis == kGoalRateBasis;
    const LatencySummary a = raw_half.result.latency.Summarize();
    const LatencySummary b = unary_half.result.latency.Summarize();
    absl::StrAppend(&out, absl::StrFormat("  at %.0f events/s open loop (%s): ", unary_half.offered_rate,
                                          unary_half.rate_basis));
    if (a.count == 0 || b.count == 0 || unary_half.result.failed > 0) {
      absl::StrAppend(&out, absl::StrFormat("unary carried %.0f events/s with %d errors: no "
                                            "comparable p99%s\n",
                                            unary_half.result.throughput(), unary_half.result.failed,
                                            goal ? absl::StrCat(" (goal p99 unary − raw <= ",
                                                                Ms(kHalfLoadP99Gap, 0), ": MISSED)")
                                                 : ""));
      continue;
    }
    const absl::Duration gap = b.p99 - a.p99;
    absl::StrAppend(&out, absl::StrFormat("p99 unary − raw = %s%s; p50 %s, p99.9 %s\n", Ms(gap),
                                          goal ? absl::StrCat(" (goal <= ", Ms(kHalfLoadP99Gap, 0),
                                                              ": ", Verdict(gap <= kHalfLoadP99Gap), ")")
                                               : "",
                                          Ms(b.p50 - a.p50), Ms(b.p999 - a.p999)));
  }
  return out;
}

}  // namespace

std::string FormatRssSection(const RssRun& run, absl::string_view title) {
  std::string out = absl::StrFormat("%s: one PublishStream open loop at %.0f events/s for %s\n",
                                    title, run.rate, absl::FormatDuration(run.duration));
  const LatencySummary s = run.stream.latency.Summarize();
  absl::StrAppend(&out, absl::StrFormat(
                            "  stream: %d ok, %d errors, %.0f events/s; p50 %s, p99 %s, p99.9 %s, "
                            "max %s\n",
                            run.stream.ok, run.stream.failed, run.stream.throughput(), Ms(s.p50),
                            Ms(s.p99), Ms(s.p999), Ms(s.max)));
  if (!run.stream.first_error.empty()) {
    absl::StrAppend(&out, "  first error: ", run.stream.first_error, "\n");
  }
  Table t({"t", "gateway VmRSS"});
  for (const RssSample& sample : run.samples) {
    t.Add({absl::StrFormat("%.0f s", absl::ToDoubleSeconds(sample.at)), MiB(sample.kib)});
  }
  absl::StrAppend(&out, t.Render());
  if (run.samples.size() >= 2) {
    const int64_t growth = GrowthAfterFirstMinuteKiB(run.samples);
    absl::StrAppend(&out, absl::StrFormat("  growth from the end of the first minute to the last "
                                          "sample: %+.1f MiB (start %s, end %s)\n",
                                          static_cast<double>(growth) / 1024.0,
                                          MiB(run.samples.front().kib), MiB(run.samples.back().kib)));
  }
  return out;
}

std::string FormatE2eReport(const E2eReport& r) {
  std::string out = "\n== causeway-gateway end to end: one gateway, one real Kafka broker ==\n";
  absl::StrAppend(&out, MachineLine(r.machine));
  absl::StrAppend(&out, absl::StrFormat(
                            "topic %s; events: the seed's Person, JSON through the gateway, the "
                            "gateway's Avro record produced raw; ack PERSISTED (acks=all, "
                            "idempotent); auth: %s; window %d unacknowledged events (raw, stream); "
                            "unary: %d clients, async gRPC\n\n",
                            r.topic, r.auth, r.window, r.unary_clients));
  absl::StrAppend(&out, ModesSection(r), "\n", GoalsSection(r));
  if (r.rss) absl::StrAppend(&out, "\n", FormatRssSection(*r.rss, "Sustained stream"));
  return out;
}

std::string FormatSoakReport(const SoakReport& r) {
  std::string out = "\n== causeway-gateway soak: one PublishStream against a real Kafka broker ==\n";
  absl::StrAppend(&out, MachineLine(r.machine));
  absl::StrAppend(&out, "topic ", r.topic, "; auth: ", r.auth, "\n");
  absl::StrAppend(&out, FormatRssSection(r.run, "Soak"));
  absl::StrAppend(&out, absl::StrFormat(
                            "  stream ended %s; written %d, acknowledged OK %d, refused %d\n",
                            r.stream_status, r.written, r.acknowledged, r.refused));
  if (!r.count_error.empty()) {
    absl::StrAppend(&out, "  reading back FAILED: ", r.count_error, "\n");
    return out;
  }
  absl::StrAppend(&out, absl::StrFormat(
                            "  read back from Kafka (%d records in the topic): acknowledged ids "
                            "found exactly once %d, missing %d, duplicated %d; written but not "
                            "acknowledged OK, found anyway %d\n",
                            r.records, r.exactly_once, r.missing, r.duplicated,
                            r.unacknowledged_found));
  absl::StrAppend(&out, "  every acknowledged event exactly once: ",
                  Verdict(r.acknowledged > 0 && r.missing == 0 && r.duplicated == 0), "\n");
  return out;
}

}  // namespace causeway::bench
