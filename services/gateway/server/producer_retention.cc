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
      std::set<std::string> in_use;
      for (const auto* et : state->view().AllEventTypes()) {
        auto route = state->Resolve(et->namespace_(), et->name());
        if (!route.ok()) continue;
        for (const auto& p : route->placements) in_use.insert(p.placement().cluster());
      }
      sink_->Retain(in_use);
    }
  });
}

void ProducerRetention::Stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

}  // namespace causeway::gateway
