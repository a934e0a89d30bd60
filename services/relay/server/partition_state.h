#pragma once
// PartitionState: what the relay holds for one assigned source partition: its OffsetTracker (the
// contiguous watermark of terminal events and the uncommitted window), the Kafka timestamps of
// the events not yet terminal (for lag in seconds), what was last committed, and whether the
// partition is paused because its window is full.
//
// Bounds: the tracker's window; `open_` holds only events inside it.
// Threads: none; the runner serialises calls under its lock.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "relay/core/delivery_scheduler.h"
#include "relay/core/offset_tracker.h"

namespace causeway::relay {

class PartitionState {
 public:
  PartitionState(PartitionId id, std::string topic, int32_t partition, size_t window)
      : id_(id), topic_(std::move(topic)), partition_(partition), tracker_(window) {}

  // A consumed record enters the window. RESOURCE_EXHAUSTED when the window is full (the caller
  // seeks back to `offset` and pauses); FAILED_PRECONDITION for an offset not above the last.
  absl::Status Accept(int64_t offset, int64_t timestamp_ms);
  // The record became terminal (delivered, dead-lettered, filtered).
  void Finish(int64_t offset);

  std::optional<int64_t> committable() const { return tracker_.Committable(); }
  bool full() const { return tracker_.Full(); }
  size_t uncommitted() const { return tracker_.uncommitted(); }
  // The Kafka timestamp of the oldest record not terminal yet.
  std::optional<absl::Time> oldest_open() const;

  PartitionId id() const { return id_; }
  const std::string& topic() const { return topic_; }
  int32_t partition() const { return partition_; }
  int64_t committed = -1;  // the last offset committed to Kafka
  bool paused = false;

 private:
  const PartitionId id_;
  const std::string topic_;
  const int32_t partition_;
  OffsetTracker tracker_;
  std::map<int64_t, int64_t> open_;  // offset -> timestamp (ms) of records not yet terminal
};

}  // namespace causeway::relay
