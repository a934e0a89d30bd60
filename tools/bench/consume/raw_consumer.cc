#include "raw_consumer.h"

#include <librdkafka/rdkafka.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "plain_consumer.h"

namespace causeway::bench {

absl::StatusOr<ConsumeResult> RunRawConsumer(const RawConsumeOptions& options) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + absl::ToChronoNanoseconds(options.deadline);
  auto subscribed = SubscribePlainConsumer(options.bootstrap, options.topic, options.group);
  if (!subscribed.ok()) return subscribed.status();
  rd_kafka_t* consumer = *subscribed;
  ConsumeResult result;
  Clock::time_point first{}, last{};
  uint64_t checksum = 0;  // every value's first byte: the values are really read
  while (result.events < options.events && Clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer, 100);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (result.events == 0) first = Clock::now();
      ++result.events;
      result.bytes += static_cast<int64_t>(m->len);
      if (m->len > 0) checksum += static_cast<const unsigned char*>(m->payload)[0];
      last = Clock::now();
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(consumer);
  rd_kafka_destroy(consumer);
  (void)checksum;
  result.elapsed = absl::FromChrono(last - first);
  result.first = absl::FromChrono(first - start);
  if (result.events < options.events) {
    return absl::DeadlineExceededError(
        absl::StrCat("read ", result.events, " of ", options.events, " records"));
  }
  return result;
}

}  // namespace causeway::bench
