#pragma once
// RssSampler: the VmRSS of a process every `interval` while a phase runs, for the memory series of
// the sustained-stream phase and the soak (a leak shows as growth after the first minute, once the
// allocator's and the dedup memory's start-up growth is over).
//
// Threads: one sampling thread between construction and Stop().
#include <sys/types.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/time/time.h"

namespace causeway::bench {

struct RssSample {
  absl::Duration at;  // since the sampler started
  int64_t kib = 0;
};

class RssSampler {
 public:
  // Samples at once, then every `interval`.
  RssSampler(pid_t pid, absl::Duration interval);
  ~RssSampler() { Stop(); }
  // Takes a last sample and returns the series.
  std::vector<RssSample> Stop();

 private:
  void Sample();

  const pid_t pid_;
  const absl::Duration interval_;
  const absl::Time start_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;           // guarded by mu_
  std::vector<RssSample> samples_;  // guarded by mu_
  std::thread thread_;
};

// Growth from the last sample of the first minute to the last sample, in KiB (0 with fewer than two
// samples).
int64_t GrowthAfterFirstMinuteKiB(const std::vector<RssSample>& samples);

}  // namespace causeway::bench
