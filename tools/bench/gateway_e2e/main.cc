// causeway-bench-gateway: causeway-gateway end to end against a real Kafka broker. `run` compares
// raw librdkafka, PublishStream and unary Publish (maximum throughput, then half of the raw maximum
// open loop) and optionally follows the gateway's memory under a sustained stream; `soak` streams
// at a steady rate for minutes and counts every acknowledged event back from Kafka.
// tools/bench/gateway_e2e/run and tools/bench/gateway_soak/run start the servers and call it; see
// tools/bench/README.md.
#include <sys/types.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "channels.h"
#include "gateway_client.h"
#include "kafka_reader.h"
#include "person_events.h"
#include "process_stats.h"
#include "publisher_token.h"
#include "raw_producer_load.h"
#include "report.h"
#include "stream_load.h"
#include "unary_load.h"

namespace {

using namespace causeway::bench;
namespace v1 = causeway::gateway::v1;

struct Flags {
  // Both subcommands.
  std::string gateway;
  std::string bootstrap;
  std::string ns = "bench";
  std::string topic;  // default: the topology's name for NS/Person
  pid_t gateway_pid = 0;
  pid_t broker_pid = 0;
  std::string token;  // the publisher's; issued at start when empty and `topology` is given
  std::string topology;
  std::string admin_token;
  std::string publisher = "bench-publisher";
  // run
  std::vector<std::string> phases = {"raw", "stream", "unary", "half", "half-unary"};
  int warmup_seconds = 2;
  int seconds = 20;
  int window = 1000;
  int clients = 64;
  int connections = 4;
  int client_threads = 2;
  double half_rate = 0;
  int rss_minutes = 0;
  double rss_rate = 2000;
  int rss_interval_seconds = 10;
  // Raw producer settings: the gateway's defaults (services/gateway/server/main.cc).
  int linger_ms = 5;
  int message_timeout_ms = 60000;
  int queue_max_messages = 100000;
  // soak
  double soak_rate = 2000;
  int soak_minutes = 10;
  int soak_interval_seconds = 30;
  int count_timeout_seconds = 300;
};

bool Wanted(const Flags& f, const std::string& phase) {
  return std::find(f.phases.begin(), f.phases.end(), phase) != f.phases.end();
}

std::string Topic(const Flags& f) {
  return f.topic.empty() ? absl::StrCat(f.ns, ".", absl::AsciiStrToLower(kPersonEventType))
                         : f.topic;
}

std::string AuthText(const Flags& f) {
  if (f.token.empty()) return "none (anonymous publishes)";
  return f.topology.empty() ? "publisher bearer token (--token)"
                            : absl::StrCat("bearer token of publisher ", f.publisher);
}

MachineLoad StartMachineLoad() {
  MachineLoad m;
  m.cpus = static_cast<int>(std::thread::hardware_concurrency());
  m.before = LoadAverage();
  return m;
}

// Runs `measure` and returns its result with the CPU of gateway, client and broker over it.
template <typename Measure>
ModeRun Measured(const Flags& f, Mode mode, double rate, Measure measure) {
  ModeRun run;
  run.mode = mode;
  run.offered_rate = rate;
  CpuMeter cpu(f.gateway_pid);
  const absl::Duration broker_start =
      f.broker_pid > 0 ? CpuTime(f.broker_pid).value_or(absl::ZeroDuration()) : absl::ZeroDuration();
  measure(run);
  run.cpu = cpu.Read();
  if (f.broker_pid > 0) {
    run.broker_cpu = CpuTime(f.broker_pid).value_or(broker_start) - broker_start;
  }
  return run;
}

void Announce(const std::string& what, const Flags& f, int seconds) {
  std::cerr << "measuring " << what << " for " << f.warmup_seconds << " + " << seconds << " s\n";
}

ModeRun MeasureRaw(const Flags& f, const KafkaRecord& record, double rate) {
  Announce(absl::StrCat("raw librdkafka, ", rate > 0 ? absl::StrCat("open loop at ", rate, "/s")
                                                     : std::string("closed loop")),
           f, f.seconds);
  return Measured(f, Mode::kRaw, rate, [&](ModeRun& run) {
    RawProducerOptions o;
    o.bootstrap = f.bootstrap;
    o.topic = Topic(f);
    o.record = record;
    o.ids = EventIds(absl::StrCat(RunPrefix(), rate > 0 ? "-raw-half" : "-raw-max"));
    o.linger_ms = f.linger_ms;
    o.message_timeout_ms = f.message_timeout_ms;
    o.queue_max_messages = f.queue_max_messages;
    o.window = f.window;
    o.offered_rate = rate;
    o.warmup = absl::Seconds(f.warmup_seconds);
    o.duration = absl::Seconds(f.seconds);
    auto result = RunRawProducerLoad(o);
    if (result.ok()) {
      run.result = *std::move(result);
    } else {
      run.note = result.status().ToString();
    }
  });
}

StreamLoadOptions StreamOptions(const Flags& f, const std::string& phase) {
  StreamLoadOptions o;
  o.channel = OpenConnections(f.gateway, 1)[0];
  o.token = f.token;
  o.ns = f.ns;
  o.ids = EventIds(absl::StrCat(RunPrefix(), "-", phase));
  o.window = f.window;
  o.warmup = absl::Seconds(f.warmup_seconds);
  o.duration = absl::Seconds(f.seconds);
  return o;
}

ModeRun MeasureStream(const Flags& f) {
  Announce("gateway PublishStream, closed loop", f, f.seconds);
  return Measured(f, Mode::kStream, 0, [&](ModeRun& run) {
    StreamLoadResult r = RunStreamLoad(StreamOptions(f, "stream-max"));
    run.result = std::move(r.load);
    if (r.stream_status != "OK") run.note = absl::StrCat("stream ended ", r.stream_status);
    if (r.unmatched > 0) absl::StrAppend(&run.note, " ", r.unmatched, " results with unknown ids");
  });
}

ModeRun MeasureUnary(const Flags& f, double rate) {
  Announce(absl::StrCat("gateway Publish (unary), ",
                        rate > 0 ? absl::StrCat("open loop at ", rate, "/s")
                                 : absl::StrCat("closed loop, ", f.clients, " clients")),
           f, f.seconds);
  return Measured(f, Mode::kUnary, rate, [&](ModeRun& run) {
    const auto connections = OpenConnections(f.gateway, f.connections);
    std::vector<std::unique_ptr<v1::Gateway::Stub>> stubs;
    for (const auto& c : connections) stubs.push_back(v1::Gateway::NewStub(c));
    const std::string prefix = absl::StrCat(RunPrefix(), rate > 0 ? "-unary-half" : "-unary-max");
    UnaryLoadOptions o;
    o.clients = f.clients;
    o.poller_threads = f.client_threads;
    o.offered_rate = rate;
    o.warmup = absl::Seconds(f.warmup_seconds);
    o.duration = absl::Seconds(f.seconds);
    run.result = RunUnaryLoad<v1::PublishResponse>(
        o, [&](int client, uint64_t sequence, grpc::ClientContext* context,
               grpc::CompletionQueue* queue) {
          Authorize(*context, f.token);
          const EventIds ids(absl::StrCat(prefix, "-c", client));
          return stubs[client % stubs.size()]->PrepareAsyncPublish(
              context, PersonRequest(f.ns, ids.Id(sequence)), queue);
        });
  });
}

// One stream open loop at `rate` for `duration`, the gateway's RSS sampled every `interval`.
RssRun SteadyStream(const Flags& f, const std::string& phase, double rate, absl::Duration duration,
                    absl::Duration interval, StreamLoadResult* stream) {
  std::cerr << "streaming at " << rate << " events/s for " << absl::FormatDuration(duration)
            << ", sampling the gateway's RSS every " << absl::FormatDuration(interval) << "\n";
  StreamLoadOptions o = StreamOptions(f, phase);
  o.offered_rate = rate;
  o.warmup = absl::ZeroDuration();
  o.duration = duration;
  o.keep_acknowledged = stream != nullptr;
  RssRun run;
  run.rate = rate;
  run.duration = duration;
  RssSampler sampler(f.gateway_pid, interval);
  StreamLoadResult r = RunStreamLoad(o);
  run.samples = sampler.Stop();
  run.stream = r.load;
  if (stream != nullptr) *stream = std::move(r);
  return run;
}

// The first event, through the gateway as the benchmark's events go, and the record it became:
// what the raw producer sends copies of.
absl::StatusOr<KafkaRecord> GatewayRecord(const Flags& f) {
  const auto channel = OpenConnections(f.gateway, 1)[0];
  auto first = PublishWhenReady(channel, f.token,
                                PersonRequest(f.ns, absl::StrCat(RunPrefix(), "-first")),
                                absl::Seconds(60));
  if (!first.ok()) return first.status();
  if (first->zones_size() != 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the event type is placed in ", first->zones_size(), " zones; the benchmark wants one"));
  }
  return ReadRecord(f.bootstrap, Topic(f), first->zones(0).partition(), first->zones(0).offset(),
                    absl::Seconds(30));
}

int Run(const Flags& f) {
  E2eReport report;
  report.machine = StartMachineLoad();
  report.topic = Topic(f);
  report.auth = AuthText(f);
  report.window = f.window;
  report.unary_clients = f.clients;
  auto record = GatewayRecord(f);
  if (!record.ok()) {
    std::cerr << "cannot start: " << record.status() << "\n";
    return 1;
  }
  std::cerr << "the gateway's record: " << record->value.size() << " bytes, "
            << record->headers.size() << " headers\n";

  // Memory first, on a fresh gateway: a saturating phase leaves its heap hundreds of MiB larger
  // (pending calls, sync-server threads), which would hide growth under the steady stream.
  if (f.rss_minutes > 0) {
    report.rss = SteadyStream(f, "rss", f.rss_rate, absl::Minutes(f.rss_minutes),
                              absl::Seconds(f.rss_interval_seconds), nullptr);
  }
  double raw_max = 0;
  if (Wanted(f, "raw") || Wanted(f, "half")) {
    report.runs.push_back(MeasureRaw(f, *record, 0));
    raw_max = report.runs.back().result.throughput();
  }
  if (Wanted(f, "stream")) report.runs.push_back(MeasureStream(f));
  double unary_max = 0;
  if (Wanted(f, "unary") || Wanted(f, "half-unary")) {
    report.runs.push_back(MeasureUnary(f, 0));
    unary_max = report.runs.back().result.throughput();
  }
  if (Wanted(f, "half")) {
    const double rate = f.half_rate > 0 ? f.half_rate : raw_max / 2;
    if (rate > 0) {
      report.runs.push_back(MeasureRaw(f, *record, rate));
      report.runs.push_back(MeasureUnary(f, rate));
      // --half-rate replaces the goal's load: then the verdict is not the goal's.
      for (size_t i = report.runs.size() - 2; i < report.runs.size(); ++i) {
        report.runs[i].rate_basis = f.half_rate > 0 ? "--half-rate" : kGoalRateBasis;
      }
    }
  }
  // The same comparison at a load the gateway carries: half of its own unary maximum.
  if (Wanted(f, "half-unary") && unary_max > 0) {
    report.runs.push_back(MeasureRaw(f, *record, unary_max / 2));
    report.runs.push_back(MeasureUnary(f, unary_max / 2));
    for (size_t i = report.runs.size() - 2; i < report.runs.size(); ++i) {
      report.runs[i].rate_basis = "half the unary maximum";
    }
  }
  report.machine.after = LoadAverage();
  std::cout << FormatE2eReport(report) << std::flush;
  return 0;
}

int Soak(const Flags& f) {
  SoakReport report;
  report.machine = StartMachineLoad();
  report.topic = Topic(f);
  report.auth = AuthText(f);
  if (auto record = GatewayRecord(f); !record.ok()) {
    std::cerr << "cannot start: " << record.status() << "\n";
    return 1;
  }
  StreamLoadResult stream;
  report.run = SteadyStream(f, "soak", f.soak_rate, absl::Minutes(f.soak_minutes),
                            absl::Seconds(f.soak_interval_seconds), &stream);
  report.stream_status = stream.stream_status;
  report.written = stream.written;
  report.acknowledged = static_cast<int64_t>(stream.acknowledged.size());
  report.refused = stream.load.completed_all - report.acknowledged;

  std::cerr << "reading " << report.topic << " back from the beginning\n";
  const EventIds ids(absl::StrCat(RunPrefix(), "-soak"));  // the stream's (StreamOptions)
  auto count = CountEventIds(f.bootstrap, report.topic, ids,
                             absl::Seconds(f.count_timeout_seconds));
  report.machine.after = LoadAverage();
  if (!count.ok()) {
    report.count_error = count.status().ToString();
  } else {
    report.records = count->records;
    std::vector<bool> acknowledged(static_cast<size_t>(stream.written), false);
    for (uint64_t s : stream.acknowledged) {
      if (s < acknowledged.size()) acknowledged[s] = true;
    }
    for (size_t s = 0; s < acknowledged.size(); ++s) {
      const uint32_t seen = s < count->seen.size() ? count->seen[s] : 0;
      if (!acknowledged[s]) {
        if (seen > 0) ++report.unacknowledged_found;
      } else if (seen == 0) {
        ++report.missing;
      } else if (seen == 1) {
        ++report.exactly_once;
      } else {
        ++report.duplicated;
      }
    }
  }
  std::cout << FormatSoakReport(report) << std::flush;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  CLI::App app{"causeway-bench-gateway: causeway-gateway end to end against a real Kafka broker"};
  app.option_defaults()->always_capture_default();
  auto add_common = [&f](CLI::App* cmd) {
    cmd->add_option("--gateway", f.gateway, "causeway-gateway gRPC address")->required();
    cmd->add_option("--bootstrap", f.bootstrap, "Bootstrap servers of the broker")->required();
    cmd->add_option("--namespace", f.ns, "Namespace of the Person event type (created before)");
    cmd->add_option("--topic", f.topic, "Its topic (default: the topology's name, NAMESPACE.person)");
    cmd->add_option("--gateway-pid", f.gateway_pid, "causeway-gateway's pid (RSS, CPU)")
        ->required();
    cmd->add_option("--broker-pid", f.broker_pid, "The broker's pid (CPU; 0: not shown)");
    cmd->add_option("--token", f.token,
                    "The publisher's bearer token, sent as `authorization: Bearer TOKEN` (empty: "
                    "issued at start with --topology, else none)");
    cmd->add_option("--topology", f.topology,
                    "causeway-topology gRPC address: without --token, make the publisher there "
                    "(principal --publisher, publisher role of --namespace, a new token)");
    cmd->add_option("--admin-token", f.admin_token,
                    "An admin principal's bearer token for --topology (causeway-topology "
                    "bootstrap-admin)")
        ->envname("CAUSEWAY_TOKEN");
    cmd->add_option("--publisher", f.publisher,
                    "Name of the publisher principal made with --topology");
  };
  CLI::App* run = app.add_subcommand(
      "run", "Raw librdkafka vs PublishStream vs unary Publish: maximum throughput, latency at "
             "half the raw maximum, optionally the gateway's RSS under a sustained stream");
  add_common(run);
  run->add_option("--phases", f.phases,
                  "Measurements: raw (closed loop), stream, unary (closed loop), half (raw and "
                  "unary open loop at half the raw maximum; raw runs anyway), half-unary (the same "
                  "at half the unary maximum; unary runs anyway)")
      ->delimiter(',')
      ->check(CLI::IsMember({"raw", "stream", "unary", "half", "half-unary"}));
  run->add_option("--warmup-seconds", f.warmup_seconds, "Unrecorded start of each phase");
  run->add_option("--seconds", f.seconds, "Recorded window of each phase");
  run->add_option("--window", f.window,
                  "Unacknowledged events at most, raw and stream closed loop (the gateway's "
                  "--max-in-flight is 1000)");
  run->add_option("--clients", f.clients, "Concurrent unary clients");
  run->add_option("--connections", f.connections, "TCP connections the unary clients share");
  run->add_option("--client-threads", f.client_threads, "Completion-queue threads (unary)");
  run->add_option("--half-rate", f.half_rate,
                  "Offered rate of the half-load phase, events/s (0: half the raw maximum)");
  run->add_option("--rss-minutes", f.rss_minutes,
                  "First stream at --rss-rate for this long on the fresh gateway, sampling its VmRSS "
                  "(0: skip)");
  run->add_option("--rss-rate", f.rss_rate, "Events/s of the sustained stream");
  run->add_option("--rss-interval-seconds", f.rss_interval_seconds, "Time between RSS samples");
  run->add_option("--linger-ms", f.linger_ms, "Raw producer's linger.ms (as the gateway's)");
  run->add_option("--message-timeout-ms", f.message_timeout_ms,
                  "Raw producer's message.timeout.ms (as the gateway's)");
  run->add_option("--queue-max-messages", f.queue_max_messages,
                  "Raw producer's queue.buffering.max.messages (as the gateway's)");
  CLI::App* soak = app.add_subcommand(
      "soak", "One PublishStream at a steady rate; then every acknowledged event counted back "
              "from Kafka by its causeway-event-id, and the gateway's RSS over time");
  add_common(soak);
  soak->add_option("--rate", f.soak_rate, "Events/s");
  soak->add_option("--minutes", f.soak_minutes, "How long the stream runs");
  soak->add_option("--rss-interval-seconds", f.soak_interval_seconds, "Time between RSS samples");
  soak->add_option("--count-timeout-seconds", f.count_timeout_seconds,
                   "Longest time reading the topic back may take");
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  if (f.token.empty() && !f.topology.empty()) {
    auto token = IssuePublisherToken(OpenConnections(f.topology, 1)[0], f.admin_token,
                                     f.publisher, f.ns);
    if (!token.ok()) {
      std::cerr << "cannot make the publisher: " << token.status() << "\n";
      return 1;
    }
    f.token = *token;
    std::cerr << "publishing as principal " << f.publisher << " (publisher of " << f.ns << ")\n";
  }
  return run->parsed() ? Run(f) : Soak(f);
}
