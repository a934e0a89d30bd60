#include "raw_consumer.h"

#include <librdkafka/rdkafka.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "common/kafka/rdkafka_conf.h"

namespace causeway::bench {

absl::StatusOr<ConsumeResult> RunRawConsumer(const RawConsumeOptions& options) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + absl::ToChronoNanoseconds(options.deadline);
  auto conf = kafka::NewClusterConf("bench", {options.bootstrap, {}},
                                    {{"group.id", options.group},
                                     {"auto.offset.reset", "earliest"},
                                     {"enable.auto.commit", "true"},
                                     {"partition.assignment.strategy", "cooperative-sticky"}});
  if (!conf.ok()) return conf.status();
  char err[512];
  rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), err, sizeof err);
  if (consumer == nullptr) return absl::FailedPreconditionError(absl::StrCat("consumer: ", err));
  conf->release();
  rd_kafka_poll_set_consumer(consumer);
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, options.topic.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(consumer, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_destroy(consumer);
    return absl::FailedPreconditionError(absl::StrCat("subscribe: ", rd_kafka_err2str(subscribed)));
  }
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
