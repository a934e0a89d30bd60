#pragma once
// Closes the producers of clusters no placement uses any more (after a move or removal), checking
// the routing state periodically. Kept apart from the sink so the sink knows nothing of topology.
#include <atomic>
#include <thread>

#include "gateway/server/event_sink.h"
#include "gateway/server/topology_follower.h"

namespace causeway::gateway {

class ProducerRetention {
 public:
  ProducerRetention(TopologyFollower* follower, EventSink* sink,
                    absl::Duration period = absl::Seconds(10))
      : follower_(follower), sink_(sink), period_(period) {}
  ~ProducerRetention() { Stop(); }
  void Start();
  void Stop();

 private:
  TopologyFollower* follower_;
  EventSink* sink_;
  absl::Duration period_;
  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace causeway::gateway
