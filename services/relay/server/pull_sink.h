#pragma once
// PullSink: the pull side of the delivery engine's seam. A SubscriptionRunner of a PULL
// subscription hands each event the DeliveryScheduler lets go (one per key lane, max_in_flight)
// to the sink instead of POSTing it; the sink (StreamHub) delivers it over the subscription's
// Relay.Consume streams and reports one verdict, already classified like an HTTP answer:
//
//   kDelivered   acked: terminal
//   kRetry       nacked: the subscription's retry policy (retry_after_ms as a Retry-After)
//   kReject      rejected: dead letter `rejected` now, `reason` in its error header
//
// Deadline expiries and closed streams are the sink's own business: it delivers the event again
// (attempt + 1) without a verdict, so the event keeps its lane and its in-flight slot meanwhile.
// `attempt` in the verdict is the attempt the client settled.
//
// Events cross the seam in batches both ways (what one poll, or one verdict batch, made ready;
// the verdicts of one Ack), so the hub's lock and the runner's are taken once per batch, not once
// per event.
//
// Threads: Offer and Forget from any thread; `verdicts` runs on a hub or gRPC thread, never
// under the sink's lock, and must not block.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "causeway/relay/v1/relay.pb.h"

namespace causeway::relay {

struct PullOffer {
  uint64_t handle = 0;             // the owner's name for the event, echoed in its verdict
  relay::v1::ConsumedEvent event;  // every field but ack_id and attempt
  int attempt = 1;
};

struct PullVerdict {
  enum class Kind : uint8_t { kDelivered, kRetry, kReject };
  Kind kind = Kind::kDelivered;
  int attempt = 1;
  int64_t retry_after_ms = 0;  // kRetry: 0 = the policy's backoff
  std::string reason;          // kReject: the client's reason
  uint64_t handle = 0;         // the PullOffer's
};

class PullSink {
 public:
  // One owner's verdicts, in the order the client settled them.
  using Verdicts = std::function<void(std::vector<PullVerdict>)>;
  virtual ~PullSink() = default;
  // Hands over `events` of `owner`; `verdicts` (which replaces the owner's earlier one) is called
  // with each event's verdict at most once (never for events of an owner that called Forget,
  // nor after the sink drained).
  virtual void Offer(const std::string& subscription, uint64_t owner,
                     std::vector<PullOffer> events, Verdicts verdicts) = 0;
  // Drops every event `owner` offered (a runner that stops: its events are redelivered from
  // the committed offset by whoever reads the partition next). Late acks of them are no-ops.
  virtual void Forget(const std::string& subscription, uint64_t owner) = 0;
};

}  // namespace causeway::relay
