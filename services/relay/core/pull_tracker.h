#pragma once
// PullTracker: the bookkeeping of one PULL subscription's Relay.Consume streams on a replica:
// which stream each ready event goes to, its ack id, its batch and its ack deadline. The
// delivery engine (SubscriptionRunner + DeliveryScheduler) decides which events are ready (one
// per key lane at a time, max_in_flight); the tracker only spreads those over the streams.
//
//   Offer          a ready event joins the queue (attempt = the engine's attempt number).
//   Assign         queued events go to the stream with room and the fewest outstanding
//                  (room: fewer than max_outstanding_events outstanding, and its bytes fit under
//                  max_outstanding_bytes, or the stream has nothing outstanding: one event larger
//                  than the limit still goes alone). Each gets a new ack id and joins the
//                  stream's open batch; it counts as outstanding from then.
//   TakeDue        batches that are full (max_batch) or whose first event waited batch_flush;
//                  the ack deadline of their events starts now.
//   Settle         ack / nack / reject: the event of an outstanding ack id leaves the tracker
//                  (the caller reports the outcome to the engine). Unknown ids (late, repeated,
//                  made up) are nothing.
//   Extend         a deadline becomes now + seconds.
//   Expire         events whose deadline passed are queued again with attempt + 1 and a new
//                  ack id on their next assignment; the old id is forgotten (a late ack of it is
//                  a no-op, the event is delivered again: at-least-once).
//   RemoveStream   a closed stream's outstanding events are queued again (front, attempt + 1);
//                  its unsent batch goes back as it was (attempt unchanged: never sent).
//
// Ack ids are `<stream hex>.<sequence hex>.<64 random bits hex>`: unique per delivery and not
// guessable, so one stream cannot acknowledge another's events by counting.
//
// Bounds: the tracker holds only the events the engine offered (the engine holds at most
// partitions × window), each once; per stream at most max_outstanding_events are outstanding.
// Assign is O(streams) per event; the others O(log n) or O(1) per id.
//
// Threads: none; the owner serialises calls.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "relay/core/random_source.h"

namespace causeway::relay {

using StreamId = uint64_t;
// The owner's id of one offered event.
using PullToken = uint64_t;

struct StreamLimits {
  size_t max_events = 100;
  size_t max_bytes = size_t{10} << 20;
  size_t max_batch = 100;
  absl::Duration ack_deadline = absl::Seconds(60);
  absl::Duration batch_flush = absl::Milliseconds(200);
};

struct PullSent {
  std::string ack_id;
  PullToken token = 0;
  int attempt = 1;
};

struct PullBatch {
  StreamId stream = 0;
  std::vector<PullSent> events;
};

// What Settle found: the event and the attempt its ack id was for.
struct PullSettled {
  PullToken token = 0;
  int attempt = 1;
};

class PullTracker {
 public:
  // ALREADY_EXISTS-like misuse (a stream id twice) is ignored.
  void AddStream(StreamId id, StreamLimits limits);
  // The stream's events go back to the queue (see above); appends their tokens to `requeued`.
  void RemoveStream(StreamId id, std::vector<PullToken>* requeued = nullptr);

  // A ready event; `bytes` counts against max_outstanding_bytes. A token already held is
  // ignored.
  void Offer(PullToken token, size_t bytes, int attempt);
  void Assign(absl::Time now, RandomSource random);
  std::vector<PullBatch> TakeDue(absl::Time now);

  std::optional<PullSettled> Settle(absl::string_view ack_id);
  // False for an id not outstanding (or not sent yet).
  bool Extend(absl::string_view ack_id, absl::Time deadline);
  // Appends the expired events' tokens to `expired`.
  void Expire(absl::Time now, std::vector<PullToken>* expired = nullptr);

  // Forgets every event whose token `drop` accepts (queued, batched or outstanding), e.g. the
  // events of an engine that stopped. O(events held).
  template <typename Fn>
  void ForgetIf(Fn drop);

  // The earliest batch flush or ack deadline (InfiniteFuture when none).
  absl::Time NextWake() const;

  size_t queued() const { return queue_.size(); }
  // Assigned to a stream and not settled (batched or sent).
  size_t outstanding() const { return by_ack_.size(); }
  size_t streams() const { return streams_.size(); }
  size_t outstanding_on(StreamId id) const;
  // The attempt an event will be (or was last) delivered with; 0 when not held.
  int attempt_of(PullToken token) const;

 private:
  struct Queued {
    PullToken token;
    size_t bytes;
    int attempt;
  };
  struct Out {
    PullToken token;
    StreamId stream;
    size_t bytes;
    int attempt;
    absl::Time deadline;  // InfiniteFuture until its batch is taken
  };
  struct Stream {
    StreamLimits limits;
    size_t events = 0;  // outstanding (batched or sent)
    size_t bytes = 0;
    uint64_t sequence = 0;
    std::vector<PullSent> batch;  // assigned, not taken yet
    absl::Time batch_since = absl::InfiniteFuture();
    std::set<std::string> ack_ids;  // outstanding on this stream
  };

  void Release(Stream& s, const Out& o);
  bool Room(const Stream& s, size_t bytes) const;

  std::map<StreamId, Stream> streams_;
  std::deque<Queued> queue_;
  absl::flat_hash_map<std::string, Out> by_ack_;
  absl::flat_hash_map<PullToken, int> held_;  // token -> attempt, every event held
  std::set<std::pair<absl::Time, std::string>> deadlines_;
};

template <typename Fn>
void PullTracker::ForgetIf(Fn drop) {
  std::erase_if(queue_, [&](const Queued& q) {
    if (!drop(q.token)) return false;
    held_.erase(q.token);
    return true;
  });
  std::vector<std::string> gone;
  for (const auto& [id, o] : by_ack_) {
    if (drop(o.token)) gone.push_back(id);
  }
  for (const std::string& id : gone) {
    auto it = by_ack_.find(id);
    Out o = it->second;
    by_ack_.erase(it);
    held_.erase(o.token);
    deadlines_.erase({o.deadline, id});
    auto s = streams_.find(o.stream);
    if (s == streams_.end()) continue;
    Release(s->second, o);
    std::erase_if(s->second.batch, [&](const PullSent& p) { return p.ack_id == id; });
    if (s->second.batch.empty()) s->second.batch_since = absl::InfiniteFuture();
    s->second.ack_ids.erase(id);
  }
}

}  // namespace causeway::relay
