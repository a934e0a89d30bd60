#include "kafka_reader.h"

#include <unistd.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/kafka/consumer.h"
#include "common/kafka/event_headers.h"
#include "common/kafka/rdkafka_errors.h"

namespace causeway::bench {
namespace {

using kafka::KafkaConsumer;

// A consumer that is told its partitions (no group membership, nothing committed); partition EOF
// events say when a partition has been read to its end.
absl::StatusOr<std::unique_ptr<KafkaConsumer>> NewConsumer(const std::string& bootstrap) {
  return KafkaConsumer::Create(absl::StrCat("cluster ", bootstrap), {bootstrap, {}},
                               {.group_id = absl::StrCat("causeway-bench-", getpid()),
                                .auto_offset_reset = "earliest",
                                .partition_eof = true});
}

}  // namespace

absl::StatusOr<KafkaRecord> ReadRecord(const std::string& bootstrap, const std::string& topic,
                                       int32_t partition, int64_t offset, absl::Duration timeout) {
  auto consumer = NewConsumer(bootstrap);
  if (!consumer.ok()) return consumer.status();
  if (absl::Status s = (*consumer)->Assign(topic, {partition}, offset); !s.ok()) return s;
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    KafkaConsumer::Polled polled = (*consumer)->Poll(absl::Milliseconds(200));
    if (polled.result == KafkaConsumer::PollResult::kError) {
      return kafka::KafkaError(polled.error, absl::StrCat("reading ", topic), polled.error_text);
    }
    if (polled.result != KafkaConsumer::PollResult::kRecord || polled.record.offset != offset) {
      continue;
    }
    return KafkaRecord{std::move(polled.record.value), std::move(polled.record.headers)};
  }
  return absl::DeadlineExceededError(
      absl::StrCat("no record at ", topic, "/", partition, "@", offset, " within ",
                   absl::FormatDuration(timeout)));
}

absl::StatusOr<EventIdCount> CountEventIds(const std::string& bootstrap, const std::string& topic,
                                           const EventIds& ids, absl::Duration timeout) {
  auto consumer = NewConsumer(bootstrap);
  if (!consumer.ok()) return consumer.status();
  auto partitions = (*consumer)->PartitionCount(topic, absl::Seconds(10));
  if (!partitions.ok()) return partitions.status();
  std::vector<int32_t> all;
  for (int p = 0; p < *partitions; ++p) all.push_back(p);
  if (absl::Status s = (*consumer)->Assign(topic, all, RD_KAFKA_OFFSET_BEGINNING); !s.ok()) {
    return s;
  }

  EventIdCount count;
  std::vector<bool> at_end(*partitions, false);
  int ended = 0;
  const absl::Time deadline = absl::Now() + timeout;
  while (ended < *partitions) {
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(absl::StrCat(
          "read ", count.records, " records of ", topic, ", ", *partitions - ended,
          " partitions not to their end within ", absl::FormatDuration(timeout)));
    }
    KafkaConsumer::Polled polled = (*consumer)->Poll(absl::Milliseconds(200));
    switch (polled.result) {
      case KafkaConsumer::PollResult::kNothing:
        continue;
      case KafkaConsumer::PollResult::kEof:
        if (polled.partition >= 0 && polled.partition < *partitions && !at_end[polled.partition]) {
          at_end[polled.partition] = true;
          ++ended;
        }
        continue;
      case KafkaConsumer::PollResult::kError:
        return kafka::KafkaError(polled.error, absl::StrCat("reading ", topic), polled.error_text);
      case KafkaConsumer::PollResult::kRecord:
        break;
    }
    ++count.records;
    const auto id = polled.record.Header(kafka::kHeaderEventId);
    if (!id) {
      ++count.without_id;
      continue;
    }
    const auto sequence = ids.Sequence(*id);
    if (!sequence) {
      ++count.other_ids;
      continue;
    }
    if (*sequence >= count.seen.size()) count.seen.resize(*sequence + 1, 0);
    ++count.seen[*sequence];
  }
  return count;
}

}  // namespace causeway::bench
