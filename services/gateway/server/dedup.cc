#include "gateway/server/dedup.h"

namespace causeway::gateway {

Dedup::Dedup(absl::Duration window, size_t max_entries)
    : window_(window), max_entries_(max_entries) {}

Dedup::Claim Dedup::Begin(const std::string& key, Waiter waiter, absl::Time now) {
  v1::PublishResult answer;
  {
    std::lock_guard lock(mu_);
    Expire(now);
    auto [it, inserted] = entries_.try_emplace(key);
    if (inserted) {
      it->second.at = now;
      return Claim::kNew;
    }
    if (!it->second.done) {
      it->second.waiters.push_back(std::move(waiter));
      return Claim::kWaiting;
    }
    (void)answer.ParseFromString(it->second.result);  // our own serialization
  }
  answer.set_duplicate(true);
  waiter(answer);
  return Claim::kAnswered;
}

void Dedup::Finish(const std::string& key, const v1::PublishResult& result, absl::Time now) {
  std::vector<Waiter> waiters;
  {
    std::lock_guard lock(mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    waiters.swap(it->second.waiters);
    if (result.code() == 0) {
      it->second.done = true;
      it->second.result = result.SerializeAsString();
      it->second.at = now;
      order_.emplace_back(now, key);
    } else {
      entries_.erase(it);  // a failed attempt may be retried for real
    }
  }
  v1::PublishResult shared = result;
  shared.set_duplicate(result.code() == 0);
  for (auto& w : waiters) w(shared);
}

size_t Dedup::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void Dedup::Expire(absl::Time now) {
  while (!order_.empty() && (now - order_.front().first > window_ || order_.size() > max_entries_)) {
    auto it = entries_.find(order_.front().second);
    // Only remove the entry this record was for (a key can be finished, expired and reused).
    if (it != entries_.end() && it->second.done && it->second.at == order_.front().first) {
      entries_.erase(it);
    }
    order_.pop_front();
  }
}

}  // namespace causeway::gateway
