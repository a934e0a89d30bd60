#include "rss_sampler.h"

#include "process_stats.h"

namespace causeway::bench {

RssSampler::RssSampler(pid_t pid, absl::Duration interval)
    : pid_(pid), interval_(interval), start_(absl::Now()) {
  Sample();
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!wake_.wait_for(lock, absl::ToChronoNanoseconds(interval_), [&] { return stopping_; })) {
      lock.unlock();
      Sample();
      lock.lock();
    }
  });
}

void RssSampler::Sample() {
  auto kib = ResidentKiB(pid_);
  if (!kib.ok()) return;  // the process is gone: the series ends there
  std::lock_guard lock(mu_);
  samples_.push_back({absl::Now() - start_, *kib});
}

std::vector<RssSample> RssSampler::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return samples_;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  Sample();
  std::lock_guard lock(mu_);
  return samples_;
}

int64_t GrowthAfterFirstMinuteKiB(const std::vector<RssSample>& samples) {
  if (samples.size() < 2) return 0;
  size_t first_minute = 0;
  for (size_t i = 0; i < samples.size() && samples[i].at <= absl::Minutes(1); ++i) first_minute = i;
  return samples.back().kib - samples[first_minute].kib;
}

}  // namespace causeway::bench
