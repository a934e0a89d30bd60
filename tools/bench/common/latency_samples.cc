#include "latency_samples.h"

#include <algorithm>
#include <cmath>

namespace causeway::bench {
namespace {

// The smallest sample with at least a fraction q of all samples at or below it.
absl::Duration NearestRank(const std::vector<int64_t>& sorted, double q) {
  const auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return absl::Nanoseconds(sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1]);
}

}  // namespace

void LatencySamples::Merge(const LatencySamples& other) {
  nanos_.insert(nanos_.end(), other.nanos_.begin(), other.nanos_.end());
}

LatencySummary LatencySamples::Summarize() const {
  LatencySummary s;
  if (nanos_.empty()) return s;
  std::vector<int64_t> sorted = nanos_;
  std::sort(sorted.begin(), sorted.end());
  s.count = sorted.size();
  s.p50 = NearestRank(sorted, 0.50);
  s.p99 = NearestRank(sorted, 0.99);
  s.p999 = NearestRank(sorted, 0.999);
  s.max = absl::Nanoseconds(sorted.back());
  return s;
}

}  // namespace causeway::bench
