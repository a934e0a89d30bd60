#pragma once
// How much memory the test process holds. The hostile tests run the servers in-process, so the
// process' resident set is theirs (plus the clients'), and an attack's cost is its growth.
#include <atomic>
#include <cstddef>
#include <thread>

namespace causeway::testing {

// VmRSS of this process, in bytes (0, with a test failure, when /proc does not say).
size_t ResidentBytes();

// The largest growth of VmRSS over its value at construction, sampled every 5 ms while it lives.
class PeakRssGrowth {
 public:
  PeakRssGrowth();
  ~PeakRssGrowth();
  PeakRssGrowth(const PeakRssGrowth&) = delete;
  PeakRssGrowth& operator=(const PeakRssGrowth&) = delete;

  // Stops sampling; the peak growth in bytes. Later calls answer the same.
  size_t Stop();

 private:
  const size_t base_;
  std::atomic<size_t> peak_{0};
  std::atomic<bool> done_{false};
  std::thread sampler_;
};

}  // namespace causeway::testing
