#include "support/resident_memory.h"

#include <algorithm>
#include <fstream>
#include <string>

#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace causeway::testing {

size_t ResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return static_cast<size_t>(std::stoll(line.substr(6))) << 10;
  }
  ADD_FAILURE() << "no VmRSS in /proc/self/status";
  return 0;
}

PeakRssGrowth::PeakRssGrowth()
    : base_(ResidentBytes()), sampler_([this] {
        while (!done_) {
          peak_ = std::max<size_t>(peak_, ResidentBytes());
          absl::SleepFor(absl::Milliseconds(5));
        }
      }) {}

PeakRssGrowth::~PeakRssGrowth() { Stop(); }

size_t PeakRssGrowth::Stop() {
  if (!done_.exchange(true)) sampler_.join();
  return peak_ > base_ ? peak_ - base_ : 0;
}

}  // namespace causeway::testing
