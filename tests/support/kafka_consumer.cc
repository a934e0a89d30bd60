#include "support/kafka_consumer.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/kafka/rdkafka_conf.h"
#include "support/test_env.h"

namespace causeway::testing {

std::vector<ConsumedMessage> ConsumeAll(const std::string& bootstrap, const std::string& topic,
                                        size_t expected, absl::Duration idle,
                                        absl::Duration limit) {
  return ConsumeAll(kafka::ClusterConnection{bootstrap, {}}, topic, expected, idle, limit);
}

std::vector<ConsumedMessage> ConsumeAll(const kafka::ClusterConnection& cluster,
                                        const std::string& topic, size_t expected,
                                        absl::Duration idle, absl::Duration limit) {
  std::vector<ConsumedMessage> out;
  absl::StatusOr<kafka::RdKafkaConfPtr> conf = kafka::NewClusterConf(
      absl::StrCat("cluster ", cluster.bootstrap_servers), cluster,
      {{"group.id", UniqueName("test-reader")},
       {"auto.offset.reset", "earliest"},
       {"enable.auto.commit", "false"},
       {"isolation.level", "read_committed"}});
  if (!conf.ok()) {
    ADD_FAILURE() << "reading " << topic << ": " << conf.status();
    return out;
  }
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), err, sizeof err);
  if (rk == nullptr) {
    ADD_FAILURE() << "reading " << topic << ": " << err;
    return out;
  }
  conf->release();
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_topic_partition_list_t* topics = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(topics, topic.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_subscribe(rk, topics);
  rd_kafka_topic_partition_list_destroy(topics);

  const absl::Time end = absl::Now() + limit;
  absl::Time last = absl::Now();
  bool assigned = false;
  while (out.size() < expected && absl::Now() < end && (!assigned || absl::Now() - last < idle)) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk, 200);
    if (msg == nullptr) {
      rd_kafka_topic_partition_list_t* assignment = nullptr;
      if (rd_kafka_assignment(rk, &assignment) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (assignment->cnt > 0 && !assigned) {
          assigned = true;
          last = absl::Now();
        }
        rd_kafka_topic_partition_list_destroy(assignment);
      }
      continue;
    }
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ConsumedMessage m;
      m.partition = msg->partition;
      m.offset = msg->offset;
      if (msg->key != nullptr) m.key.assign(static_cast<const char*>(msg->key), msg->key_len);
      m.value.assign(static_cast<const char*>(msg->payload), msg->len);
      rd_kafka_headers_t* headers = nullptr;
      if (rd_kafka_message_headers(msg, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        const char* name;
        const void* value;
        size_t size;
        for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) ==
                           RD_KAFKA_RESP_ERR_NO_ERROR;
             ++i) {
          m.headers[name] = std::string(static_cast<const char*>(value), size);
        }
      }
      out.push_back(std::move(m));
      last = absl::Now();
      assigned = true;
    }
    rd_kafka_message_destroy(msg);
  }
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return out;
}

}  // namespace causeway::testing
