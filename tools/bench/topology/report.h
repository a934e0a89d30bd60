#pragma once
// The result table printed at the end of a run: what was measured, under which conditions (the
// machine's load, the CPU each side used), and each figure next to the goal of issue 2.
#include <string>
#include <vector>

#include "process_stats.h"
#include "resolve_load.h"
#include "seed.h"
#include "watch_fanout.h"

namespace causeway::bench {

struct ResolveRun {
  std::string label;
  double offered_rate = 0;  // 0: closed loop
  ResolveLoadResult result;
  CpuShare cpu;
};

struct BenchReport {
  int cpus = 0;
  int nice = 0;  // of this process (and, with the run script, of the servers)
  std::string load_before;
  std::string load_after;
  SeedPlan plan;
  absl::Duration seed_time;
  int64_t revision = 0;  // after seeding
  int clients = 0;
  int connections = 0;
  int client_threads = 0;
  std::vector<ResolveRun> resolve;
  WatchFanoutOptions watch_options;
  WatchFanoutResult watch;
  CpuShare watch_cpu;
};

std::string FormatReport(const BenchReport& report);

}  // namespace causeway::bench
