#include "plain_consumer.h"

#include "absl/strings/str_cat.h"
#include "common/kafka/rdkafka_conf.h"

namespace causeway::bench {

absl::StatusOr<rd_kafka_t*> SubscribePlainConsumer(const std::string& bootstrap,
                                                   const std::string& topic,
                                                   const std::string& group) {
  auto conf = kafka::NewClusterConf("bench", {bootstrap, {}},
                                    {{"group.id", group},
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
  rd_kafka_topic_partition_list_add(topics, topic.c_str(), RD_KAFKA_PARTITION_UA);
  const rd_kafka_resp_err_t subscribed = rd_kafka_subscribe(consumer, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (subscribed != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_destroy(consumer);
    return absl::FailedPreconditionError(absl::StrCat("subscribe: ", rd_kafka_err2str(subscribed)));
  }
  return consumer;
}

}  // namespace causeway::bench
