#include "support/sink_policy.h"

namespace causeway::testing {

void SinkPolicy::SetRandomFailures(RandomFailures failures) {
  random_ = std::move(failures);
  rng_.seed(random_.seed);
}

SinkAnswer SinkPolicy::Answer(const std::string& event_id, int64_t nth) {
  if (auto it = sequences_.find(event_id); it != sequences_.end() && nth >= 0 &&
                                            nth < static_cast<int64_t>(it->second.size())) {
    return it->second[nth];
  }
  if (random_.fraction > 0 && !random_.failures.empty()) {
    // Drawn for every unscripted request, failing or not, so that the sequence of outcomes
    // depends on the seed and the request order only.
    const double roll = std::uniform_real_distribution<double>(0, 1)(rng_);
    const size_t pick =
        std::uniform_int_distribution<size_t>(0, random_.failures.size() - 1)(rng_);
    if (roll < random_.fraction) return random_.failures[pick];
  }
  return default_;
}

}  // namespace causeway::testing
