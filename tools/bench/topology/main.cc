// causeway-bench-topology: measures one causeway-topology replica (Resolve throughput and latency,
// Watch fan-out latency and memory per watcher) and prints a table. tools/bench/topology/run
// starts the servers and calls it; see tools/bench/README.md.
#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "connections.h"
#include "process_stats.h"
#include "report.h"
#include "resolve_load.h"
#include "seed.h"
#include "watch_fanout.h"

namespace {

using namespace causeway::bench;
namespace v1 = causeway::topology::v1;

struct Flags {
  int namespaces = 4;
  int event_types = 100;
  std::string target;
  std::string kafka_bootstrap;
  std::string token;
  pid_t server_pid = 0;
  int clients = 64;
  int connections = 4;
  int client_threads = 2;
  // Offered loads of the open-loop runs, lowest first: where latency bends shows the headroom even
  // when the goal's rate is out of reach.
  std::vector<double> rates = {2500, 5000, 10000};
  int warmup_seconds = 2;
  int max_seconds = 10;
  int paced_seconds = 10;
  int watchers = 1000;
  int watch_connections = 1000;
  int changes = 20;
  int change_spacing_ms = 200;
  bool seed = true;
  std::vector<std::string> phases = {"resolve", "watch"};
};

bool Wanted(const Flags& f, const std::string& phase) {
  return std::find(f.phases.begin(), f.phases.end(), phase) != f.phases.end();
}

std::vector<v1::ResolveRequest> ResolveRequests(const SeedPlan& plan) {
  std::vector<v1::ResolveRequest> requests;
  for (const EventTypeKey& key : plan.event_types) {
    v1::ResolveRequest r;
    r.set_namespace_(key.namespace_name);
    r.set_event_type(key.name);
    requests.push_back(std::move(r));
  }
  return requests;
}

ResolveRun MeasureResolve(const Flags& f, const SeedPlan& plan, double rate, int seconds) {
  ResolveLoadOptions o;
  o.connections = OpenConnections(f.target, f.connections);
  o.requests = ResolveRequests(plan);
  o.load.clients = f.clients;
  o.load.poller_threads = f.client_threads;
  o.load.offered_rate = rate;
  o.load.warmup = absl::Seconds(f.warmup_seconds);
  o.load.duration = absl::Seconds(seconds);
  o.token = f.token;
  std::cerr << "measuring Resolve, " << (rate > 0 ? absl::StrCat("open loop at ", rate, " req/s")
                                                 : std::string("closed loop"))
            << " for " << f.warmup_seconds << " + " << seconds << " s\n";
  ResolveRun run;
  run.label = rate > 0 ? absl::StrCat("open loop ", rate, " req/s") : "closed loop (max)";
  run.offered_rate = rate;
  CpuMeter cpu(f.server_pid);
  run.result = RunResolveLoad(o);
  run.cpu = cpu.Read();
  return run;
}

int Run(const Flags& f) {
  BenchReport report;
  report.cpus = static_cast<int>(std::thread::hardware_concurrency());
  report.load_before = LoadAverage();
  report.nice = getpriority(PRIO_PROCESS, 0);
  report.plan = MakeSeedPlan(f.namespaces, f.event_types);
  report.clients = f.clients;
  report.connections = f.connections;
  report.client_threads = f.client_threads;

  auto control = OpenConnections(f.target, 1)[0];
  if (absl::Status s = WaitUntilServing(control, f.token, absl::Seconds(60)); !s.ok()) {
    std::cerr << s << "\n";
    return 1;
  }
  if (f.seed) {
    std::cerr << "seeding " << f.event_types << " event types\n";
    const absl::Time seed_start = absl::Now();
    if (absl::Status s = SeedTopology(control, f.token, report.plan, f.kafka_bootstrap, 8);
        !s.ok()) {
      std::cerr << "seeding failed: " << s << "\n";
      return 1;
    }
    report.seed_time = absl::Now() - seed_start;
  }
  {
    v1::ResolveResponse resolved;
    auto stub = v1::Topology::NewStub(control);
    if (stub->Resolve(BenchContext(f.token).get(), ResolveRequests(report.plan)[0], &resolved)
            .ok()) {
      report.revision = resolved.revision();
    }
  }


  WatchFanoutOptions& w = report.watch_options;
  w.target = f.target;
  w.watchers = f.watchers;
  w.connections = f.watch_connections;
  w.poller_threads = f.client_threads;
  w.changes = f.changes;
  w.spacing = absl::Milliseconds(f.change_spacing_ms);
  w.watched_namespace = report.plan.watched_namespace;
  w.server_pid = f.server_pid;
  w.token = f.token;
  if (Wanted(f, "watch")) {
    std::cerr << "measuring Watch fan-out: " << f.watchers << " watchers, " << f.changes
              << " changes\n";
    CpuMeter cpu(f.server_pid);
    report.watch = RunWatchFanout(w);
    report.watch_cpu = cpu.Read();
  }
  // After the watchers: an overloaded open-loop run can leave the server's heap hundreds of MiB
  // larger, and memory freed by then would hide the watchers' own cost.
  if (Wanted(f, "resolve")) {
    report.resolve.push_back(MeasureResolve(f, report.plan, 0, f.max_seconds));
    for (double rate : f.rates) {
      report.resolve.push_back(MeasureResolve(f, report.plan, rate, f.paced_seconds));
    }
  }

  report.load_after = LoadAverage();
  std::cout << FormatReport(report) << std::flush;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  CLI::App app{"causeway-bench-topology: Resolve and Watch fan-out of one causeway-topology replica"};
  auto add_plan = [&f](CLI::App* cmd) {
    cmd->add_option("--namespaces", f.namespaces, "Namespaces owning the event types");
    cmd->add_option("--event-types", f.event_types, "Event types created and placed");
  };
  app.option_defaults()->always_capture_default();
  CLI::App* topics =
      app.add_subcommand("topics", "Print the topics to pre-create on causeway-devkafka "
                                   "(CAUSEWAY_DEVKAFKA_TOPICS) for this plan");
  add_plan(topics);
  // The run script passes the run's flags here too, so that the plan (and its topics) match.
  topics->allow_extras();
  CLI::App* run = app.add_subcommand("run", "Seed an empty topology, measure, print the table");
  add_plan(run);
  run->add_option("--target", f.target, "causeway-topology gRPC address")->required();
  run->add_option("--kafka-bootstrap", f.kafka_bootstrap, "Bootstrap servers of the cluster")
      ->required();
  run->add_option("--server-pid", f.server_pid, "causeway-topology's pid (memory and CPU)")
      ->required();
  run->add_option("--token", f.token,
                  "An admin principal's bearer token (causeway-topology bootstrap-admin), sent on "
                  "every call; empty for a server run with --auth=development")
      ->envname("CAUSEWAY_TOKEN");
  run->add_option("--seed", f.seed, "Seed the topology first (false: it already is)");
  run->add_option("--phases", f.phases, "Measurements to run: resolve, watch")
      ->delimiter(',')
      ->check(CLI::IsMember({"resolve", "watch"}));
  run->add_option("--clients", f.clients, "Concurrent Resolve clients");
  run->add_option("--connections", f.connections, "TCP connections the Resolve clients share");
  run->add_option("--client-threads", f.client_threads, "Completion-queue threads of the client");
  run->add_option("--rates", f.rates, "Offered Resolve loads of the open-loop runs, requests/s")
      ->delimiter(',');
  run->add_option("--warmup-seconds", f.warmup_seconds, "Unrecorded start of each Resolve run");
  run->add_option("--max-seconds", f.max_seconds, "Recorded window of the closed-loop run");
  run->add_option("--paced-seconds", f.paced_seconds, "Recorded window of each open-loop run");
  run->add_option("--watchers", f.watchers, "Watch streams opened");
  run->add_option("--watch-connections", f.watch_connections,
                  "TCP connections the watchers use (default: one each, as gateways would)");
  run->add_option("--changes", f.changes, "Namespace updates whose fan-out is timed");
  run->add_option("--change-spacing-ms", f.change_spacing_ms, "Time between two updates");
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);

  if (topics->parsed()) {
    std::cout << DevKafkaTopics(MakeSeedPlan(f.namespaces, f.event_types)) << "\n";
    return 0;
  }
  return Run(f);
}
