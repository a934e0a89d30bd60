#pragma once
// What /proc says about a process: resident memory and CPU time consumed so far. The benchmark
// reads them for the server (by pid) and for itself, to split the shared cores between the two.
#include <sys/types.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace causeway::bench {

// VmRSS of /proc/PID/status, in KiB.
absl::StatusOr<int64_t> ResidentKiB(pid_t pid);

// User + system CPU time of the whole process (every thread), from /proc/PID/stat.
absl::StatusOr<absl::Duration> CpuTime(pid_t pid);

// CPU used by the server and by this process over one phase of the benchmark.
struct CpuShare {
  absl::Duration wall;
  absl::Duration server;
  absl::Duration client;  // this process: the load generator
};

class CpuMeter {
 public:
  explicit CpuMeter(pid_t server);  // starts measuring
  CpuShare Read() const;            // since construction

 private:
  pid_t server_;
  absl::Time start_;
  absl::Duration server_start_;
  absl::Duration client_start_;
};

// The three load averages of /proc/loadavg, as printed there ("4.29 4.34 3.02").
std::string LoadAverage();

}  // namespace causeway::bench
