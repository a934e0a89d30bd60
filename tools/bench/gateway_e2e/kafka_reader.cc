#include "kafka_reader.h"

#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/kafka/rdkafka_errors.h"

namespace causeway::bench {
namespace {

constexpr char kEventIdHeader[] = "causeway-event-id";

struct ConsumerDeleter {
  void operator()(rd_kafka_t* rk) const {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }
};
using Consumer = std::unique_ptr<rd_kafka_t, ConsumerDeleter>;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const {
    rd_kafka_topic_partition_list_destroy(l);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

// A consumer that is told its partitions (no group membership, nothing committed); partition EOF
// events say when a partition has been read to its end.
absl::StatusOr<Consumer> NewConsumer(const std::string& bootstrap) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  const std::pair<const char*, std::string> props[] = {
      {"bootstrap.servers", bootstrap},
      {"group.id", absl::StrCat("causeway-bench-", getpid())},
      {"enable.auto.commit", "false"},
      {"enable.partition.eof", "true"},
      {"auto.offset.reset", "earliest"},
  };
  for (const auto& [k, v] : props) {
    if (rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      return absl::InvalidArgumentError(absl::StrCat("consumer property ", k, ": ", err));
    }
  }
  rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t*, int, const char*, const char*) {});
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(absl::StrCat("cannot create a consumer: ", err));
  }
  rd_kafka_poll_set_consumer(rk);
  return Consumer(rk);
}

absl::StatusOr<int> PartitionCount(rd_kafka_t* rk, const std::string& topic) {
  rd_kafka_topic_t* t = rd_kafka_topic_new(rk, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, t, &md, 10000);
  rd_kafka_topic_destroy(t);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return kafka::KafkaError(e, absl::StrCat("metadata of topic ", topic), "");
  }
  int count = 0;
  rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_NO_ERROR;
  if (md->topic_cnt == 1) {
    count = md->topics[0].partition_cnt;
    topic_err = md->topics[0].err;
  }
  rd_kafka_metadata_destroy(md);
  if (topic_err != RD_KAFKA_RESP_ERR_NO_ERROR || count == 0) {
    return kafka::KafkaError(topic_err, absl::StrCat("metadata of topic ", topic), "no partitions");
  }
  return count;
}

absl::Status Assign(rd_kafka_t* rk, const PartitionList& partitions) {
  const rd_kafka_resp_err_t e = rd_kafka_assign(rk, partitions.get());
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) return kafka::KafkaError(e, "assigning partitions", "");
  return absl::OkStatus();
}

std::vector<std::pair<std::string, std::string>> HeadersOf(const rd_kafka_message_t* msg) {
  std::vector<std::pair<std::string, std::string>> out;
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(msg, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) return out;
  const char* name = nullptr;
  const void* value = nullptr;
  size_t size = 0;
  for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) ==
                     RD_KAFKA_RESP_ERR_NO_ERROR;
       ++i) {
    out.emplace_back(name, std::string(static_cast<const char*>(value), size));
  }
  return out;
}

}  // namespace

absl::StatusOr<KafkaRecord> ReadRecord(const std::string& bootstrap, const std::string& topic,
                                       int32_t partition, int64_t offset, absl::Duration timeout) {
  auto consumer = NewConsumer(bootstrap);
  if (!consumer.ok()) return consumer.status();
  rd_kafka_t* rk = consumer->get();
  PartitionList list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), partition)->offset = offset;
  if (absl::Status s = Assign(rk, list); !s.ok()) return s;
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk, 200);
    if (msg == nullptr) continue;
    std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> owned(
        msg, rd_kafka_message_destroy);
    if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) continue;
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return kafka::KafkaError(msg->err, absl::StrCat("reading ", topic), "");
    }
    if (msg->offset != offset) continue;
    KafkaRecord record;
    record.value.assign(static_cast<const char*>(msg->payload), msg->len);
    record.headers = HeadersOf(msg);
    return record;
  }
  return absl::DeadlineExceededError(
      absl::StrCat("no record at ", topic, "/", partition, "@", offset, " within ",
                   absl::FormatDuration(timeout)));
}

absl::StatusOr<EventIdCount> CountEventIds(const std::string& bootstrap, const std::string& topic,
                                           const EventIds& ids, absl::Duration timeout) {
  auto consumer = NewConsumer(bootstrap);
  if (!consumer.ok()) return consumer.status();
  rd_kafka_t* rk = consumer->get();
  auto partitions = PartitionCount(rk, topic);
  if (!partitions.ok()) return partitions.status();
  PartitionList list(rd_kafka_topic_partition_list_new(*partitions));
  for (int p = 0; p < *partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  if (absl::Status s = Assign(rk, list); !s.ok()) return s;

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
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk, 200);
    if (msg == nullptr) continue;
    std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> owned(
        msg, rd_kafka_message_destroy);
    if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      if (msg->partition >= 0 && msg->partition < *partitions && !at_end[msg->partition]) {
        at_end[msg->partition] = true;
        ++ended;
      }
      continue;
    }
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return kafka::KafkaError(msg->err, absl::StrCat("reading ", topic), "");
    }
    ++count.records;
    rd_kafka_headers_t* headers = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    if (rd_kafka_message_headers(msg, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        rd_kafka_header_get_last(headers, kEventIdHeader, &value, &size) !=
            RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++count.without_id;
      continue;
    }
    const auto sequence =
        ids.Sequence(absl::string_view(static_cast<const char*>(value), size));
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
