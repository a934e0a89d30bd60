#pragma once
// The result tables: the end-to-end run (each mode's throughput and latency, the machine's load,
// the CPU of gateway, client and broker, the goals of issue 5 as met / MISSED), the memory series
// of a sustained stream, and the soak's count of acknowledged events read back from Kafka.
#include <optional>
#include <string>
#include <vector>

#include "load_tally.h"
#include "process_stats.h"
#include "rss_sampler.h"

namespace causeway::bench {

enum class Mode { kRaw, kStream, kUnary };

// The open-loop load at which issue 5's latency goal is judged.
inline constexpr char kGoalRateBasis[] = "half the raw maximum";

struct ModeRun {
  Mode mode = Mode::kRaw;
  double offered_rate = 0;  // 0: closed loop
  LoadResult result;
  CpuShare cpu;                 // server = the gateway, client = this program
  absl::Duration broker_cpu;    // the Kafka broker's JVM over the same phase
  std::string note;             // e.g. how a stream ended when not OK
  // Open loop: why this rate ("half the raw maximum" is the goal's load).
  std::string rate_basis;
};

struct MachineLoad {
  int cpus = 0;
  std::string before;  // load averages
  std::string after;
};

struct RssRun {
  double rate = 0;
  absl::Duration duration;
  LoadResult stream;  // the stream's own figures during the phase
  std::vector<RssSample> samples;
};

struct E2eReport {
  MachineLoad machine;
  std::string topic;
  std::string auth;  // how the benchmark authenticated
  int window = 0;
  int unary_clients = 0;
  std::vector<ModeRun> runs;
  std::optional<RssRun> rss;
};

struct SoakReport {
  MachineLoad machine;
  std::string topic;
  std::string auth;
  RssRun run;
  std::string stream_status;
  int64_t written = 0;
  int64_t acknowledged = 0;  // OK results
  int64_t refused = 0;       // non-OK results
  // Read back from Kafka:
  int64_t records = 0;         // every record of the topic
  int64_t exactly_once = 0;    // acknowledged ids found once
  int64_t missing = 0;         // acknowledged ids not found
  int64_t duplicated = 0;      // acknowledged ids found more than once
  int64_t unacknowledged_found = 0;  // ids written, not acknowledged OK, found anyway
  std::string count_error;     // reading back failed
};

std::string FormatE2eReport(const E2eReport& report);
std::string FormatRssSection(const RssRun& run, absl::string_view title);
std::string FormatSoakReport(const SoakReport& report);

}  // namespace causeway::bench
