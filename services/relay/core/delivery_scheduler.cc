#include "relay/core/delivery_scheduler.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace causeway::relay {

Ordering OrderingFromProto(topology::v1::SubscriptionOrdering ordering) {
  switch (ordering) {
    case topology::v1::SUBSCRIPTION_ORDERING_PARTITION:
      return Ordering::kPartition;
    case topology::v1::SUBSCRIPTION_ORDERING_NONE:
      return Ordering::kNone;
    default:
      return Ordering::kKey;
  }
}

DeliveryScheduler::DeliveryScheduler(Ordering ordering, size_t max_in_flight)
    : ordering_(ordering), max_in_flight_(std::max<size_t>(1, max_in_flight)) {}

absl::Status DeliveryScheduler::Offer(const ScheduledEvent& event,
                                      std::vector<EventHandle>* ready) {
  auto [it, inserted] = events_.try_emplace(event.handle,
                                            Entry{event.partition, nullptr, State::kBehind});
  if (!inserted) {
    return absl::AlreadyExistsError(absl::StrCat("event handle ", event.handle, " already held"));
  }
  Entry& entry = it->second;
  if (ordering_ != Ordering::kNone) {
    LaneKey key{event.partition, ordering_ == Ordering::kKey ? std::string(event.key) : ""};
    auto [lane, created] = lanes_.try_emplace(std::move(key), Lane{event.handle, {}});
    entry.lane = &*lane;
    if (!created) {
      lane->second.behind.push_back(event.handle);
      return absl::OkStatus();
    }
  }
  Admit(event.handle, entry, ready);
  return absl::OkStatus();
}

void DeliveryScheduler::Admit(EventHandle handle, Entry& entry, std::vector<EventHandle>* ready) {
  if (in_flight_ < max_in_flight_ && waiting_for_slot_.empty()) {
    entry.state = State::kInFlight;
    ++in_flight_;
    ready->push_back(handle);
  } else {
    entry.state = State::kWaitingForSlot;
    waiting_for_slot_.push_back(handle);
  }
}

void DeliveryScheduler::FillSlots(std::vector<EventHandle>* ready) {
  while (in_flight_ < max_in_flight_ && !waiting_for_slot_.empty()) {
    EventHandle handle = waiting_for_slot_.front();
    waiting_for_slot_.pop_front();
    events_.find(handle)->second.state = State::kInFlight;
    ++in_flight_;
    ready->push_back(handle);
  }
}

absl::Status DeliveryScheduler::Park(EventHandle handle, std::vector<EventHandle>* ready) {
  auto it = events_.find(handle);
  if (it == events_.end() || it->second.state != State::kInFlight) {
    return absl::FailedPreconditionError(absl::StrCat("event ", handle, " is not in flight"));
  }
  it->second.state = State::kParked;
  --in_flight_;
  ++parked_;
  FillSlots(ready);
  return absl::OkStatus();
}

absl::Status DeliveryScheduler::Resume(EventHandle handle, std::vector<EventHandle>* ready) {
  auto it = events_.find(handle);
  if (it == events_.end() || it->second.state != State::kParked) {
    return absl::FailedPreconditionError(absl::StrCat("event ", handle, " is not parked"));
  }
  --parked_;
  Admit(handle, it->second, ready);
  return absl::OkStatus();
}

absl::Status DeliveryScheduler::Finish(EventHandle handle, std::vector<EventHandle>* ready) {
  auto it = events_.find(handle);
  if (it == events_.end()) {
    return absl::NotFoundError(absl::StrCat("event ", handle, " is not held"));
  }
  switch (it->second.state) {
    case State::kInFlight:
      --in_flight_;
      break;
    case State::kParked:
      --parked_;
      break;
    default:
      return absl::FailedPreconditionError(
          absl::StrCat("event ", handle, " was never sent (it waits for its turn)"));
  }
  LaneNode* lane = it->second.lane;
  events_.erase(it);
  if (lane != nullptr) {
    std::deque<EventHandle>& behind = lane->second.behind;
    if (behind.empty()) {
      lanes_.erase(lanes_.find(lane->first));
    } else {
      EventHandle next = behind.front();
      behind.pop_front();
      lane->second.head = next;
      Admit(next, events_.find(next)->second, ready);
    }
  }
  FillSlots(ready);
  return absl::OkStatus();
}

void DeliveryScheduler::DropPartition(PartitionId partition, std::vector<EventHandle>* dropped) {
  for (auto it = lanes_.begin(); it != lanes_.end();) {
    auto current = it++;
    if (current->first.partition != partition) continue;
    if (events_.find(current->second.head)->second.state == State::kInFlight) {
      current->second.behind.clear();  // the head's Finish then frees the lane
    } else {
      lanes_.erase(current);
    }
  }
  std::erase_if(waiting_for_slot_, [&](EventHandle h) {
    return events_.find(h)->second.partition == partition;
  });
  for (auto it = events_.begin(); it != events_.end();) {
    auto current = it++;
    const Entry& entry = current->second;
    if (entry.partition != partition || entry.state == State::kInFlight) continue;
    if (entry.state == State::kParked) --parked_;
    dropped->push_back(current->first);
    events_.erase(current);
  }
}

}  // namespace causeway::relay
