#pragma once
// Duplicate suppression, per gateway process: a retry of an event (same producer, namespace, event
// type and event id, same content) within the window is answered with the first attempt's outcome
// instead of being written again. A retry that arrives while the first attempt is still in flight
// waits for it. A failed attempt is forgotten except for the zones it did write (a multi-zone event
// that failed in one zone only): its retry writes only where the first failed, so no zone gets the
// event twice. An event id reused for different content is refused (kConflict), never answered as a
// duplicate: that would lose the second event silently.
//
// Nothing is shared between replicas: a retry that reaches another gateway process is written again.
//
// Memory: a remembered event costs one 48-byte record plus a 4-byte slot of the index (measured by
// dedup_test's DedupMemory: ~60 bytes for a single-zone event at the worst load of the index; each
// further zone adds its partition and offset in a side table). Keys are kept as 128-bit digests, never
// as text; what the answer needs besides partitions and offsets (schema, zone and cluster names) is
// interned once per distinct combination.
//
// Threads: all methods are thread-safe (one mutex; the critical sections are look-ups and appends;
// waiters run outside it).
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "causeway/gateway/v1/gateway.pb.h"

namespace causeway::gateway {

// 128 bits of a SHA-256.
struct Digest128 {
  uint64_t hi = 0;
  uint64_t lo = 0;
  friend bool operator==(const Digest128&, const Digest128&) = default;
  template <typename H>
  friend H AbslHashValue(H h, const Digest128& d) {
    return H::combine(std::move(h), d.hi, d.lo);
  }
};

// What a retry must repeat. `key` names the event: producer, namespace, event type and event id.
// `content` is what was sent: the payload bytes as they arrived (JSON text or Avro binary, with
// their kind), the Kafka key, and the schema the request named by global id (0 when it named none,
// so that activating a new version between two attempts does not turn a retry into a conflict).
// The ack mode and traceparent are not part of it: they say how to wait and which attempt this is.
struct EventFingerprint {
  Digest128 key;
  uint64_t content = 0;  // 64 bits suffice: only events under one key are compared
};

struct FingerprintParts {
  absl::string_view producer, namespace_, event_type, event_id;
  bool avro = false;  // the payload is Avro binary (else JSON text)
  absl::string_view payload;
  absl::string_view kafka_key;
  int64_t named_schema_global_id = 0;  // 0: the request named no schema
};
EventFingerprint FingerprintOf(const FingerprintParts& parts);

class Dedup {
 public:
  using Waiter = std::function<void(const v1::PublishResult&)>;

  Dedup(absl::Duration window, size_t max_entries);

  enum class Claim { kNew, kAnswered, kWaiting, kConflict };
  // kNew: the caller publishes and must call Finish(event, result) later. `written` (if not null)
  //   receives the zones an earlier, failed attempt of the same event did write: the caller writes
  //   only the others and reports those zones as they are.
  // kAnswered: `waiter` already ran with the earlier outcome (marked duplicate; its event_id is
  //   `event_id`).
  // kWaiting: `waiter` runs when the attempt in flight finishes.
  // kConflict: the key was used for different content (finished or in flight); `waiter` is not
  //   called, the caller answers ALREADY_EXISTS.
  Claim Begin(const EventFingerprint& event, absl::string_view event_id, Waiter waiter,
              absl::Time now = absl::Now(), std::vector<v1::ZoneResult>* written = nullptr);
  void Finish(const EventFingerprint& event, const v1::PublishResult& result,
              absl::Time now = absl::Now());
  // Remembered and in-flight events.
  size_t size() const;

 private:
  struct Position {
    int32_t partition;
    int64_t offset;
  };
  // A remembered success: 48 bytes. The answer is shape + positions.
  struct Done {
    Digest128 key;
    uint64_t content;
    int64_t offset;     // of the first zone
    int64_t at_ms;      // finish time, Unix milliseconds
    uint32_t shape;     // index into shapes_
    int32_t partition;  // of the first zone
  };
  static_assert(sizeof(Done) == 48);
  struct InFlight {
    uint64_t content;
    std::vector<Waiter> waiters;
  };
  // A failed attempt that wrote some of its zones. Rare (one zone's cluster failing), so kept
  // whole; bounded like the rest by the window and max_entries.
  struct Partial {
    uint64_t content;
    int64_t at_ms;
    std::vector<v1::ZoneResult> written;
  };
  // The index holds sequence numbers of done_ records and hashes/compares them by their key, so a
  // remembered event costs the index 4 bytes (plus the table's control byte) instead of a copy of
  // its 16-byte key and record. Sequence numbers are 32-bit and wrap: fewer than 2^32 records are
  // ever alive, so `seq - front_seq_` is the record's position.
  struct SeqHash {
    using is_transparent = void;
    const Dedup* d;
    size_t operator()(uint32_t seq) const { return (*this)(d->Record(seq).key); }
    size_t operator()(const Digest128& k) const { return absl::Hash<Digest128>{}(k); }
  };
  struct SeqEq {
    using is_transparent = void;
    const Dedup* d;
    bool operator()(uint32_t a, uint32_t b) const { return a == b; }
    bool operator()(uint32_t a, const Digest128& k) const { return d->Record(a).key == k; }
    bool operator()(const Digest128& k, uint32_t a) const { return d->Record(a).key == k; }
  };

  const Done& Record(uint32_t seq) const { return done_[seq - front_seq_]; }
  void Expire(absl::Time now);
  void PopOldest();
  void PopOldestPartial();
  void Remember(const EventFingerprint& event, const v1::PublishResult& result, absl::Time now);
  v1::PublishResult Answer(uint32_t seq, absl::string_view event_id) const;
  uint32_t InternShape(const v1::PublishResult& result);

  const absl::Duration window_;
  const size_t max_entries_;
  mutable std::mutex mu_;
  std::deque<Done> done_;  // oldest first
  uint32_t front_seq_ = 0;
  absl::flat_hash_set<uint32_t, SeqHash, SeqEq> index_;
  absl::flat_hash_map<uint32_t, std::vector<Position>> more_zones_;  // by seq, zones after the first
  absl::flat_hash_map<Digest128, InFlight> in_flight_;
  absl::flat_hash_map<Digest128, Partial> partial_;
  std::deque<std::pair<int64_t, Digest128>> partial_order_;  // (at_ms, key), oldest first
  // Serialized PublishResult of everything but the event id, partitions and offsets. Few: one per
  // (schema, placement set) an event was written with.
  std::vector<std::string> shapes_;
  absl::flat_hash_map<std::string, uint32_t> shape_ids_;
};

}  // namespace causeway::gateway
