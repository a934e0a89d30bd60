#include "gateway/server/producer_retention.h"

namespace causeway::gateway {

void ProducerRetention::Start() {
  running_ = true;
  thread_ = std::thread([this] {
    while (running_) {
      const absl::Time next = absl::Now() + period_;
      while (running_ && absl::Now() < next) absl::SleepFor(absl::Milliseconds(100));
      auto state = follower_->state();
      if (!running_ || !state) continue;
      sink_->Retain(state->ClustersInUse());
    }
  });
}

void ProducerRetention::Stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

}  // namespace causeway::gateway
