#include "cli/dead_letter_commands.h"

#include <unistd.h>

#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "causeway/topology/v1/topology.pb.h"
#include "common/avro/json_value.h"
#include "common/core/time_text.h"
#include "common/kafka/consumer.h"
#include "common/kafka/dead_letter_record.h"
#include "common/kafka/event_headers.h"
#include "common/kafka/rdkafka_conf.h"
#include "common/kafka/rdkafka_errors.h"
#include "cli/zone_clusters.h"

namespace causeway::cli {
namespace {

namespace tv1 = ::causeway::topology::v1;
using kafka::KafkaConsumer;

absl::StatusOr<tv1::Subscription> GetSubscription(Session& session, const std::string& name) {
  tv1::GetSubscriptionRequest req;
  req.set_name(name);
  return session.client.CallTyped<tv1::Subscription>("GetSubscription", req);
}

// Reads every partition of `topic` from `offset` to its end. `visit` sees each record. A cluster
// that does not have the topic (no event type of the subscription is placed there) is skipped:
// false in `*present`.
absl::Status ReadToEnd(const ZoneCluster& cluster, const std::string& topic, absl::Duration timeout,
                       const std::function<absl::Status(const kafka::ConsumedRecord&)>& visit,
                       bool* present, std::vector<int64_t>* ends) {
  auto consumer = KafkaConsumer::Create(cluster.Label(), cluster.connection,
                                        {.group_id = absl::StrCat("causeway-dead-letters-", getpid()),
                                         .auto_offset_reset = "earliest",
                                         .partition_eof = true});
  if (!consumer.ok()) return consumer.status();
  auto partitions = (*consumer)->PartitionCount(topic, timeout);
  *present = partitions.ok();
  if (!partitions.ok()) {
    // UNKNOWN_TOPIC_OR_PART: nothing to read on this cluster.
    if (absl::IsUnavailable(partitions.status()) || absl::IsDeadlineExceeded(partitions.status())) {
      return partitions.status();
    }
    return absl::OkStatus();
  }
  ends->assign(*partitions, 0);
  std::vector<int32_t> all;
  for (int32_t p = 0; p < *partitions; ++p) all.push_back(p);
  if (absl::Status s = (*consumer)->Assign(topic, all, RD_KAFKA_OFFSET_BEGINNING); !s.ok()) return s;
  int ended = 0;
  std::vector<bool> at_end(*partitions, false);
  const absl::Time deadline = absl::Now() + timeout;
  while (ended < *partitions) {
    if (absl::Now() > deadline) {
      return absl::DeadlineExceededError(absl::StrCat(cluster.Label(), ": ", topic,
                                                      " not read to its end within ",
                                                      absl::FormatDuration(timeout)));
    }
    KafkaConsumer::Polled polled = (*consumer)->Poll(absl::Milliseconds(200));
    switch (polled.result) {
      case KafkaConsumer::PollResult::kNothing:
        break;
      case KafkaConsumer::PollResult::kError:
        return kafka::KafkaError(polled.error, absl::StrCat(cluster.Label(), ": reading ", topic),
                                 polled.error_text);
      case KafkaConsumer::PollResult::kEof:
        if (polled.partition >= 0 && polled.partition < *partitions && !at_end[polled.partition]) {
          at_end[polled.partition] = true;
          ++ended;
        }
        break;
      case KafkaConsumer::PollResult::kRecord:
        (*ends)[polled.record.partition] = polled.record.offset + 1;
        if (absl::Status s = visit(polled.record); !s.ok()) return s;
        break;
    }
  }
  return absl::OkStatus();
}

std::string JsonString(std::string_view s) {
  std::string out;
  avro::AppendJsonString(out, s);
  return out;
}

// One JSON line describing a dead letter.
std::string DeadLetterLine(const ZoneCluster& cluster, const kafka::ConsumedRecord& r) {
  std::string line = absl::StrCat("{\"cluster\":", JsonString(cluster.name),
                                  ",\"partition\":", r.partition, ",\"offset\":", r.offset,
                                  ",\"event_id\":",
                                  JsonString(r.Header(kafka::kHeaderEventId).value_or("")),
                                  ",\"key\":", r.key ? JsonString(*r.key) : "null");
  auto info = kafka::ParseDeadLetterHeaders(r.headers);
  if (!info.ok()) {
    absl::StrAppend(&line, ",\"malformed\":", JsonString(std::string(info.status().message())), "}");
    return line;
  }
  absl::StrAppend(&line, ",\"reason\":", JsonString(std::string(kafka::DeadLetterReasonName(info->reason))),
                  ",\"last_status\":", JsonString(info->last_status),
                  ",\"attempts\":", info->attempts);
  if (info->first_attempt) {
    absl::StrAppend(&line, ",\"first_attempt\":", JsonString(FormatRfc3339(*info->first_attempt)));
  }
  if (info->last_attempt) {
    absl::StrAppend(&line, ",\"last_attempt\":", JsonString(FormatRfc3339(*info->last_attempt)));
  }
  absl::StrAppend(&line, ",\"source\":",
                  JsonString(absl::StrCat(info->cluster, "/", info->topic, "/", info->partition,
                                          "/", info->offset)),
                  ",\"error\":", JsonString(info->error), "}");
  return line;
}

// An idempotent producer (acks=all): a redriven record is written once even when librdkafka
// retries.
struct ProducerDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using Producer = std::unique_ptr<rd_kafka_t, ProducerDeleter>;

struct DeliveryTally {
  int64_t ok = 0;
  int64_t failed = 0;
  std::string first_error;
};

absl::StatusOr<Producer> NewProducer(const ZoneCluster& cluster, DeliveryTally* tally) {
  auto conf = kafka::NewClusterConf(cluster.Label(), cluster.connection,
                                    {{"enable.idempotence", "true"}, {"acks", "all"}});
  if (!conf.ok()) return conf.status();
  rd_kafka_conf_set_opaque(conf->get(), tally);
  rd_kafka_conf_set_log_cb(conf->get(), [](const rd_kafka_t*, int, const char*, const char*) {});
  rd_kafka_conf_set_dr_msg_cb(conf->get(), [](rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* t = static_cast<DeliveryTally*>(opaque);
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++t->ok;
    } else {
      if (t->failed++ == 0) t->first_error = rd_kafka_err2str(m->err);
    }
  });
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), err, sizeof err);
  if (rk == nullptr) return absl::InvalidArgumentError(absl::StrCat(cluster.Label(), ": ", err));
  conf->release();
  return Producer(rk);
}

absl::Status Produce(rd_kafka_t* rk, const std::string& topic, const kafka::ConsumedRecord& r) {
  rd_kafka_headers_t* headers = rd_kafka_headers_new(r.headers.size());
  for (const auto& [name, value] : r.headers) {
    rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                        static_cast<ssize_t>(value.size()));
  }
  const char* key = r.key ? r.key->data() : nullptr;
  const size_t key_len = r.key ? r.key->size() : 0;
  for (;;) {
    const rd_kafka_resp_err_t e = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(topic.c_str()),
        RD_KAFKA_V_VALUE(const_cast<char*>(r.value.data()), r.value.size()),
        RD_KAFKA_V_KEY(key, key_len),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_END);
    if (e == RD_KAFKA_RESP_ERR_NO_ERROR) return absl::OkStatus();  // librdkafka owns headers now
    if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      rd_kafka_headers_destroy(headers);
      return kafka::KafkaError(e, absl::StrCat("redriving into ", topic), "");
    }
    rd_kafka_poll(rk, 100);  // a full local queue: serve delivery reports, then try again
  }
}

// Deletes the records before `ends[p]` of every partition p (Kafka DeleteRecords).
absl::Status DeleteBefore(const ZoneCluster& cluster, const std::string& topic,
                          const std::vector<int64_t>& ends, absl::Duration timeout) {
  DeliveryTally unused;
  auto rk = NewProducer(cluster, &unused);
  if (!rk.ok()) return rk.status();
  rd_kafka_topic_partition_list_t* offsets =
      rd_kafka_topic_partition_list_new(static_cast<int>(ends.size()));
  for (size_t p = 0; p < ends.size(); ++p) {
    if (ends[p] > 0) {
      rd_kafka_topic_partition_list_add(offsets, topic.c_str(), static_cast<int32_t>(p))->offset =
          ends[p];
    }
  }
  if (offsets->cnt == 0) {
    rd_kafka_topic_partition_list_destroy(offsets);
    return absl::OkStatus();
  }
  rd_kafka_DeleteRecords_t* del = rd_kafka_DeleteRecords_new(offsets);
  rd_kafka_topic_partition_list_destroy(offsets);
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk->get());
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk->get(), RD_KAFKA_ADMIN_OP_DELETERECORDS);
  char err[256];
  rd_kafka_AdminOptions_set_operation_timeout(options, static_cast<int>(absl::ToInt64Milliseconds(timeout)),
                                              err, sizeof err);
  rd_kafka_DeleteRecords(rk->get(), &del, 1, options, queue);
  rd_kafka_DeleteRecords_destroy(del);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, static_cast<int>(absl::ToInt64Milliseconds(timeout)));
  absl::Status status;
  const std::string action = absl::StrCat(cluster.Label(), ": deleting records of ", topic);
  if (ev == nullptr) {
    status = absl::DeadlineExceededError(absl::StrCat(action, ": no answer"));
  } else if (rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    status = kafka::KafkaError(rd_kafka_event_error(ev), action, rd_kafka_event_error_string(ev));
  } else {
    const rd_kafka_topic_partition_list_t* result =
        rd_kafka_DeleteRecords_result_offsets(rd_kafka_event_DeleteRecords_result(ev));
    for (int i = 0; result != nullptr && i < result->cnt && status.ok(); ++i) {
      if (result->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        status = kafka::KafkaError(result->elems[i].err,
                                   absl::StrCat(action, " partition ", result->elems[i].partition), "");
      }
    }
  }
  if (ev != nullptr) rd_kafka_event_destroy(ev);
  rd_kafka_queue_destroy(queue);
  return status;
}

enum class Mode { kList, kRedrive, kPurge };

absl::Status Run(Session& session, const std::string& name, Mode mode, bool purge_after,
                 absl::Duration timeout) {
  auto sub = GetSubscription(session, name);
  if (!sub.ok()) return sub.status();
  if (sub->dead_letter_topic().empty()) {
    return absl::FailedPreconditionError(absl::StrCat("subscription \"", name, "\" has no dead-letter topic"));
  }
  auto clusters = ClustersOf(session, sub->zone());
  if (!clusters.ok()) return clusters.status();
  int64_t total = 0;
  for (const ZoneCluster& cluster : *clusters) {
    bool present = false;
    std::vector<int64_t> ends;
    DeliveryTally tally;
    Producer producer;
    if (mode == Mode::kRedrive) {
      auto p = NewProducer(cluster, &tally);
      if (!p.ok()) return p.status();
      producer = *std::move(p);
    }
    absl::Status read = ReadToEnd(
        cluster, sub->dead_letter_topic(), timeout,
        [&](const kafka::ConsumedRecord& r) -> absl::Status {
          ++total;
          if (mode == Mode::kList) std::cout << DeadLetterLine(cluster, r) << "\n";
          if (mode == Mode::kRedrive) return Produce(producer.get(), sub->redrive_topic(), r);
          return absl::OkStatus();
        },
        &present, &ends);
    if (!read.ok()) return read;
    if (!present) continue;
    if (mode == Mode::kRedrive) {
      rd_kafka_flush(producer.get(), static_cast<int>(absl::ToInt64Milliseconds(timeout)));
      const int64_t copied = tally.ok;
      if (tally.failed > 0 || rd_kafka_outq_len(producer.get()) > 0) {
        // Nothing is purged unless every copy is acknowledged: a dead letter is never lost.
        return absl::UnavailableError(absl::StrCat(
            cluster.Label(), ": redrove ", copied, " dead letters, ", tally.failed,
            " failed (", tally.first_error, "); nothing was purged; run it again"));
      }
      std::cerr << cluster.name << ": redrove " << copied << " dead letters into "
                << sub->redrive_topic() << "\n";
    }
    if (mode == Mode::kPurge || (mode == Mode::kRedrive && purge_after)) {
      if (absl::Status s = DeleteBefore(cluster, sub->dead_letter_topic(), ends, timeout); !s.ok()) {
        return s;
      }
      std::cerr << cluster.name << ": purged the dead letters read\n";
    }
  }
  if (mode == Mode::kList) std::cerr << total << " dead letters\n";
  return absl::OkStatus();
}

}  // namespace

void AddDeadLetterCommands(CLI::App* subscription, CommandRunner& runner) {
  CLI::App* dl = subscription->add_subcommand(
      "dead-letters", "What the relay could not deliver: list, redrive or purge a subscription's dead letters");
  dl->require_subcommand(1);
  struct Args {
    std::string name;
    bool purge = false;
    double timeout_s = 60;
  };
  auto add = [&](const char* verb, const char* help, Mode mode) {
    auto a = std::make_shared<Args>();
    CLI::App* cmd = dl->add_subcommand(verb, help);
    cmd->add_option("NAME", a->name, "The subscription")->required();
    cmd->add_option("--read-timeout", a->timeout_s,
                    "Seconds to read a cluster's dead-letter topic to its end");
    if (mode == Mode::kRedrive) {
      cmd->add_flag("--purge", a->purge,
                    "Delete the redriven dead letters once every copy is acknowledged");
    }
    runner.Bind(cmd, [a, mode](Session& session) {
      return Run(session, a->name, mode, a->purge, absl::Seconds(a->timeout_s));
    });
  };
  add("list", "One JSON line per dead letter: where, event id, key, reason, status, attempts, error",
      Mode::kList);
  add("redrive", "Copy every dead letter into the redrive topic, which the relay delivers again",
      Mode::kRedrive);
  add("purge", "Delete every dead letter (Kafka DeleteRecords)", Mode::kPurge);
}

}  // namespace causeway::cli
