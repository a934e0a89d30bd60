#include "common/kafka/consumer.h"

#include "absl/strings/str_cat.h"
#include "common/kafka/rdkafka_errors.h"

namespace causeway::kafka {
namespace {

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const {
    rd_kafka_topic_partition_list_destroy(l);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

}  // namespace

std::optional<std::string_view> ConsumedRecord::Header(std::string_view name) const {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (it->first == name) return std::string_view(it->second);
  }
  return std::nullopt;
}

ConsumedRecord CopyRecord(const rd_kafka_message_t& message) {
  ConsumedRecord r;
  if (message.rkt != nullptr) r.topic = rd_kafka_topic_name(message.rkt);
  r.partition = message.partition;
  r.offset = message.offset;
  rd_kafka_timestamp_type_t type;
  r.timestamp_ms = rd_kafka_message_timestamp(&message, &type);
  if (message.key != nullptr) {
    r.key.emplace(static_cast<const char*>(message.key), message.key_len);
  }
  if (message.payload != nullptr) {
    r.value.assign(static_cast<const char*>(message.payload), message.len);
  }
  rd_kafka_headers_t* headers = nullptr;
  // rd_kafka_message_headers parses lazily and takes a non-const message; it does not modify what
  // the caller sees.
  if (rd_kafka_message_headers(const_cast<rd_kafka_message_t*>(&message), &headers) ==
      RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name;
    const void* value;
    size_t size;
    for (size_t i = 0;
         rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         ++i) {
      r.headers.emplace_back(name, value == nullptr ? std::string()
                                                    : std::string(static_cast<const char*>(value), size));
    }
  }
  return r;
}

absl::StatusOr<std::unique_ptr<KafkaConsumer>> KafkaConsumer::Create(std::string cluster_label,
                                                                     const ClusterConnection& cluster,
                                                                     ConsumerOptions options) {
  OwnSettings own = {{"group.id", options.group_id},
                     {"auto.offset.reset", options.auto_offset_reset},
                     {"enable.auto.commit", options.auto_commit ? "true" : "false"},
                     {"enable.partition.eof", options.partition_eof ? "true" : "false"}};
  own.insert(own.end(), options.extra.begin(), options.extra.end());
  auto conf = NewClusterConf(cluster_label, cluster, own);
  if (!conf.ok()) return conf.status();
  std::unique_ptr<KafkaConsumer> consumer(
      new KafkaConsumer(std::move(cluster_label), std::move(options)));
  rd_kafka_conf_set_opaque(conf->get(), consumer.get());
  if (consumer->options_.on_rebalance) rd_kafka_conf_set_rebalance_cb(conf->get(), &OnRebalance);
  const std::string label = consumer->cluster_label_;
  rd_kafka_conf_set_log_cb(conf->get(), [](const rd_kafka_t* rk, int level, const char* fac,
                                           const char* buf) {
    auto* self = static_cast<KafkaConsumer*>(rd_kafka_opaque(rk));
    LogClientLine(self != nullptr ? self->cluster_label() : "", level, fac, buf);
  });
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), err, sizeof err);
  if (rk == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(label, ": cannot create a consumer: ", err));
  }
  conf.value().release();  // rd_kafka_new took it
  rd_kafka_poll_set_consumer(rk);
  consumer->handle_ = rk;
  return consumer;
}

KafkaConsumer::~KafkaConsumer() {
  if (handle_ == nullptr) return;
  rd_kafka_consumer_close(handle_);
  rd_kafka_destroy(handle_);
}

void KafkaConsumer::OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                rd_kafka_topic_partition_list_t* partitions, void* opaque) {
  static_cast<KafkaConsumer*>(opaque)->options_.on_rebalance(rk, err, partitions);
}

absl::Status KafkaConsumer::Subscribe(const std::vector<std::string>& topics) {
  PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const std::string& t : topics) {
    rd_kafka_topic_partition_list_add(list.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
  }
  const rd_kafka_resp_err_t e = rd_kafka_subscribe(handle_, list.get());
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return KafkaError(e, absl::StrCat(cluster_label_, ": subscribing"), "");
  }
  return absl::OkStatus();
}

absl::Status KafkaConsumer::Assign(const std::string& topic, const std::vector<int32_t>& partitions,
                                   int64_t offset) {
  PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
  for (int32_t p : partitions) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset = offset;
  }
  const rd_kafka_resp_err_t e = rd_kafka_assign(handle_, list.get());
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return KafkaError(e, absl::StrCat(cluster_label_, ": assigning partitions of ", topic), "");
  }
  return absl::OkStatus();
}

absl::StatusOr<int> KafkaConsumer::PartitionCount(const std::string& topic,
                                                  absl::Duration timeout) {
  rd_kafka_topic_t* t = rd_kafka_topic_new(handle_, topic.c_str(), nullptr);
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t e = rd_kafka_metadata(
      handle_, 0, t, &md, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
  rd_kafka_topic_destroy(t);
  const std::string action = absl::StrCat(cluster_label_, ": metadata of topic ", topic);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) return KafkaError(e, action, "");
  int count = 0;
  rd_kafka_resp_err_t topic_err = RD_KAFKA_RESP_ERR_NO_ERROR;
  if (md->topic_cnt == 1) {
    count = md->topics[0].partition_cnt;
    topic_err = md->topics[0].err;
  }
  rd_kafka_metadata_destroy(md);
  if (topic_err != RD_KAFKA_RESP_ERR_NO_ERROR || count == 0) {
    return KafkaError(topic_err, action, "no partitions");
  }
  return count;
}

KafkaConsumer::Polled KafkaConsumer::Poll(absl::Duration timeout) {
  Polled out;
  rd_kafka_message_t* msg =
      rd_kafka_consumer_poll(handle_, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
  if (msg == nullptr) return out;
  if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    out.result = PollResult::kRecord;
    out.record = CopyRecord(*msg);
  } else {
    out.result = msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF ? PollResult::kEof
                                                                : PollResult::kError;
    if (msg->rkt != nullptr) out.topic = rd_kafka_topic_name(msg->rkt);
    out.partition = msg->partition;
    out.error = msg->err;
    out.error_text = rd_kafka_message_errstr(msg);
  }
  rd_kafka_message_destroy(msg);
  return out;
}

bool KafkaConsumer::HasAssignment() const {
  rd_kafka_topic_partition_list_t* assignment = nullptr;
  if (rd_kafka_assignment(handle_, &assignment) != RD_KAFKA_RESP_ERR_NO_ERROR) return false;
  const bool any = assignment->cnt > 0;
  rd_kafka_topic_partition_list_destroy(assignment);
  return any;
}

absl::Status KafkaConsumer::CommitSync(const rd_kafka_topic_partition_list_t& offsets) {
  const rd_kafka_resp_err_t e = rd_kafka_commit(handle_, &offsets, /*async=*/0);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR__NO_OFFSET) {
    return KafkaError(e, absl::StrCat(cluster_label_, ": committing offsets"), "");
  }
  return absl::OkStatus();
}

}  // namespace causeway::kafka
