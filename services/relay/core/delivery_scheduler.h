#pragma once
// DeliveryScheduler: which consumed events may be sent now, under a subscription's ordering and
// its max_in_flight.
//
// Ordering (SubscriptionOrdering): KEY keeps one event in flight per (partition, key) lane; events
// with an empty key share their partition's keyless lane. PARTITION keeps one per partition. NONE
// has no lanes. Across lanes, events go concurrently up to `max_in_flight` attempts at once;
// events whose lane is free but that find no free slot wait in one FIFO, so slots are handed out
// in arrival order.
//
// Retries: an event stays in its lane (holding back later events of its key) until Finish, so a
// retrying event never lets a later one overtake it. While it waits for its retry timer the
// caller Parks it: that gives back its in-flight slot (a retrying key holds back only its key,
// not the whole subscription) and Resume asks for a slot again when the timer fires.
//
// Bounds: the scheduler holds only events the caller Offered, and the caller Offers only events
// its OffsetTracker accepted, so the events held are at most (assigned partitions ×
// OffsetTracker window); lanes exist only while they hold an event. Offer, Park, Resume and
// Finish are amortised O(1) (hash lookups and deque operations), independent of the number held;
// only DropPartition (rare: a revoked partition) walks the held events.
//
// Handles are the caller's ids for its events (e.g. a slot index), unique among the events held.
// Every call that can free a slot appends the events that became ready to `ready`, in the order
// they should be sent; the caller sends exactly those.
//
// Threads: none; the owner serialises calls.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/node_hash_map.h"
#include "absl/status/status.h"
#include "causeway/topology/v1/resources.pb.h"

namespace causeway::relay {

using EventHandle = uint64_t;
// The caller's id of one source partition (a cluster, topic and partition it reads).
using PartitionId = uint32_t;

enum class Ordering : uint8_t { kKey, kPartition, kNone };

// UNSPECIFIED is KEY, as on create.
Ordering OrderingFromProto(topology::v1::SubscriptionOrdering ordering);

struct ScheduledEvent {
  EventHandle handle = 0;
  PartitionId partition = 0;
  // Only read under Ordering::kKey. Not kept beyond the call when the lane already exists.
  absl::string_view key;
};

class DeliveryScheduler {
 public:
  // `max_in_flight` >= 1 (0 is taken as 1).
  DeliveryScheduler(Ordering ordering, size_t max_in_flight);

  // Takes a newly consumed event; appends it to `ready` when it may be sent at once. Events of
  // one partition must be offered in offset order. ALREADY_EXISTS for a handle already held.
  absl::Status Offer(const ScheduledEvent& event, std::vector<EventHandle>* ready);

  // The in-flight event `handle` waits for a retry timer: its slot goes to the next waiting
  // event (appended to `ready`); its lane stays blocked. FAILED_PRECONDITION unless in flight.
  absl::Status Park(EventHandle handle, std::vector<EventHandle>* ready);

  // The retry timer of parked `handle` fired: appended to `ready` when a slot is free, else it
  // joins the back of the queue of events waiting for a slot. FAILED_PRECONDITION unless parked.
  absl::Status Resume(EventHandle handle, std::vector<EventHandle>* ready);

  // `handle` is terminal (delivered, dead-lettered, filtered, or abandoned while parked): frees
  // its slot and its lane; appends what became ready. FAILED_PRECONDITION unless in flight or
  // parked; NOT_FOUND for an unknown handle.
  absl::Status Finish(EventHandle handle, std::vector<EventHandle>* ready);

  // Forgets the partition's events that are not in flight (waiting or parked) and appends their
  // handles to `dropped`; its in-flight events stay until Finish. For a revoked partition.
  void DropPartition(PartitionId partition, std::vector<EventHandle>* dropped);

  size_t in_flight() const { return in_flight_; }
  size_t parked() const { return parked_; }
  // Every event held: waiting, in flight or parked.
  size_t size() const { return events_.size(); }
  size_t lanes() const { return lanes_.size(); }
  size_t max_in_flight() const { return max_in_flight_; }

 private:
  struct LaneKey {
    PartitionId partition;
    std::string key;
    friend bool operator==(const LaneKey&, const LaneKey&) = default;
    template <typename H>
    friend H AbslHashValue(H h, const LaneKey& k) {
      return H::combine(std::move(h), k.partition, k.key);
    }
  };
  struct Lane {
    EventHandle head;  // in flight, parked or waiting for a slot
    // Later events of the lane, in offer order.
    std::deque<EventHandle> behind;
  };
  using LaneNode = std::pair<const LaneKey, Lane>;
  enum class State : uint8_t { kBehind, kWaitingForSlot, kInFlight, kParked };
  struct Entry {
    PartitionId partition;
    LaneNode* lane;  // nullptr under Ordering::kNone; node_hash_map keeps it stable
    State state;
  };

  // The event may go as soon as a slot is free.
  void Admit(EventHandle handle, Entry& entry, std::vector<EventHandle>* ready);
  // Hands free slots to the FIFO.
  void FillSlots(std::vector<EventHandle>* ready);

  Ordering ordering_;
  size_t max_in_flight_;
  size_t in_flight_ = 0;
  size_t parked_ = 0;
  absl::flat_hash_map<EventHandle, Entry> events_;
  absl::node_hash_map<LaneKey, Lane> lanes_;
  // Events free to go, waiting for a slot, in the order they became free.
  std::deque<EventHandle> waiting_for_slot_;
};

}  // namespace causeway::relay
