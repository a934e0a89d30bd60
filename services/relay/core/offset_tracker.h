#pragma once
// OffsetTracker: what may be committed for one Kafka partition under at-least-once delivery.
//
// Events finish out of order (other keys go on while one retries), but a Kafka commit is one
// offset per partition: everything below it counts as done. So the committable offset is the
// contiguous watermark of terminal events (delivered, dead-lettered, filtered): the lowest tracked
// offset that is not terminal yet, or the highest tracked offset + 1 when every one is. Offsets
// need not be contiguous (compaction, transaction markers): only tracked offsets count, so a gap
// never holds the watermark back.
//
// Bound: at most `max_uncommitted` offsets are held (from the lowest non-terminal one to the
// newest). Full() tells the consumer to pause the partition; Track() refuses an offset beyond the
// bound (RESOURCE_EXHAUSTED) so the caller seeks back to it and fetches it again after resuming,
// instead of buffering it. Memory is O(max_uncommitted); Track and MarkTerminal are O(log n)
// (amortised O(1) for the usual in-order case).
//
// Threads: none; the owner serialises calls.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

#include "absl/status/status.h"

namespace causeway::relay {

class OffsetTracker {
 public:
  // `max_uncommitted` >= 1 (0 is taken as 1).
  explicit OffsetTracker(size_t max_uncommitted);

  // Records a consumed offset. Offsets must increase (FAILED_PRECONDITION otherwise: a rewind
  // must go through Reset); RESOURCE_EXHAUSTED when Full().
  absl::Status Track(int64_t offset);

  // Marks a tracked offset terminal. Idempotent: an offset already terminal, or already below
  // the watermark, is a no-op. NOT_FOUND for an offset never tracked (a gap, or newer than any).
  absl::Status MarkTerminal(int64_t offset);

  // The offset to commit (the next one the group should read), or nullopt when nothing has been
  // tracked since construction or Reset.
  std::optional<int64_t> Committable() const;

  // True when the window holds max_uncommitted offsets: pause the partition.
  bool Full() const { return window_.size() >= max_uncommitted_; }
  // Offsets held: tracked and not yet below the watermark.
  size_t uncommitted() const { return window_.size(); }
  size_t max_uncommitted() const { return max_uncommitted_; }

  // Forgets everything (on revoke, or before the partition is assigned again).
  void Reset();

 private:
  struct Entry {
    int64_t offset;
    bool terminal;
  };
  // Drops the terminal prefix.
  void Advance();

  size_t max_uncommitted_;
  std::deque<Entry> window_;  // increasing offsets; front is the lowest non-terminal one
  std::optional<int64_t> highest_;
};

}  // namespace causeway::relay
