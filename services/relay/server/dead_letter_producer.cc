#include "relay/server/dead_letter_producer.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/kafka/rdkafka_client.h"
#include "common/kafka/rdkafka_conf.h"
#include "common/kafka/rdkafka_errors.h"

namespace causeway::relay {

absl::StatusOr<std::unique_ptr<DeadLetterProducer>> DeadLetterProducer::Create(
    std::string cluster_label, const kafka::ClusterConnection& cluster) {
  // Idempotence keeps a retried write from duplicating or reordering a dead letter; acks=all
  // keeps a reported write from being lost with one broker.
  const kafka::OwnSettings own = {{"enable.idempotence", "true"},
                                  {"acks", "all"},
                                  {"linger.ms", "5"},
                                  {"message.timeout.ms", "30000"},
                                  {"queue.buffering.max.messages", "100000"}};
  auto conf = kafka::NewClusterConf(cluster_label, cluster, own);
  if (!conf.ok()) return conf.status();
  std::unique_ptr<DeadLetterProducer> p(new DeadLetterProducer(std::move(cluster_label)));
  rd_kafka_conf_set_dr_msg_cb(conf->get(), &DeadLetterProducer::OnDelivery);
  rd_kafka_conf_set_opaque(conf->get(), p.get());
  rd_kafka_conf_set_log_cb(conf->get(), [](const rd_kafka_t* rk, int level, const char* fac,
                                           const char* buf) {
    auto* self = static_cast<DeadLetterProducer*>(rd_kafka_opaque(rk));
    kafka::LogClientLine(self != nullptr ? self->label_ : "", level, fac, buf);
  });
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), err, sizeof err);
  if (rk == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(p->label_, ": cannot create the dead-letter producer: ", err));
  }
  conf.value().release();
  p->handle_ = rk;
  return p;
}

DeadLetterProducer::~DeadLetterProducer() {
  if (handle_ == nullptr) return;
  Close(absl::Now());
  rd_kafka_destroy(handle_);
}

void DeadLetterProducer::Produce(DeadLetter letter, Done done) {
  rd_kafka_headers_t* headers = rd_kafka_headers_new(letter.headers.size());
  for (const auto& [name, value] : letter.headers) {
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  }
  auto* opaque = new Done(std::move(done));
  const void* key = letter.key ? letter.key->data() : nullptr;
  const size_t key_len = letter.key ? letter.key->size() : 0;
  rd_kafka_resp_err_t e = rd_kafka_producev(
      handle_, RD_KAFKA_V_TOPIC(letter.topic.c_str()),
      RD_KAFKA_V_VALUE(letter.value.data(), letter.value.size()),
      RD_KAFKA_V_KEY(key, key_len), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
      RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    rd_kafka_headers_destroy(headers);  // not taken on failure
    std::unique_ptr<Done> owned(opaque);
    (*owned)(kafka::KafkaError(e, absl::StrCat(label_, ": writing a dead letter to ", letter.topic),
                               ""));
  }
}

void DeadLetterProducer::OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void*) {
  std::unique_ptr<Done> done(static_cast<Done*>(msg->_private));
  if (!done) return;
  if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    (*done)(absl::OkStatus());
  } else {
    (*done)(absl::UnavailableError(absl::StrCat("dead letter not written to ",
                                                rd_kafka_topic_name(msg->rkt), ": ",
                                                rd_kafka_err2str(msg->err))));
  }
}

void DeadLetterProducer::Poll(absl::Duration timeout) {
  rd_kafka_poll(handle_, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
}

int DeadLetterProducer::outstanding() const { return rd_kafka_outq_len(handle_); }

void DeadLetterProducer::Close(absl::Time deadline) {
  while (rd_kafka_outq_len(handle_) > 0 && absl::Now() < deadline) {
    rd_kafka_poll(handle_, std::max(1, kafka::RemainingMs(deadline)) > 100
                               ? 100
                               : std::max(1, kafka::RemainingMs(deadline)));
  }
  // Reports what is left as failed (purged), which frees its callbacks.
  rd_kafka_purge(handle_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  rd_kafka_poll(handle_, 0);
}

}  // namespace causeway::relay
