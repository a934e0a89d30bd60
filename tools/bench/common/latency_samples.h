#pragma once
// LatencySamples: every latency of one measurement, kept exactly. A run records at most a few
// hundred thousand, so percentiles are exact order statistics instead of histogram estimates.
//
// Threads: not synchronised; each recording thread owns one and they are merged afterwards.
#include <cstdint>
#include <vector>

#include "absl/time/time.h"

namespace causeway::bench {

struct LatencySummary {
  size_t count = 0;
  absl::Duration p50;
  absl::Duration p99;
  absl::Duration p999;
  absl::Duration max;
};

class LatencySamples {
 public:
  void Add(absl::Duration d) { nanos_.push_back(absl::ToInt64Nanoseconds(d)); }
  void Merge(const LatencySamples& other);
  size_t count() const { return nanos_.size(); }
  // Nearest-rank percentiles; all zero when there is no sample.
  LatencySummary Summarize() const;

 private:
  std::vector<int64_t> nanos_;
};

}  // namespace causeway::bench
