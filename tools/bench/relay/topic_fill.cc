#include "topic_fill.h"

#include <librdkafka/rdkafka.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/avro/schema_parser.h"
#include "common/kafka/rdkafka_conf.h"
#include "common/kafka/rdkafka_topic_admin.h"
#include "common/codec/confluent_framing.h"
#include "common/codec/json_to_avro.h"

namespace causeway::bench {
namespace {

// The seed's example person, as the gateway benchmark publishes it.
constexpr char kPersonJson[] =
    R"({"first_name": "Paul", "last_name": "Osman", "age": 42, "username": "paulosman"})";

// The headers causeway-gateway writes (services/gateway/server/publisher.h; one shared list of
// Kafka header names is issue 11's "shared code first" work).
constexpr char kHeaderEventId[] = "causeway-event-id";
constexpr char kHeaderNamespace[] = "causeway-namespace";
constexpr char kHeaderEventType[] = "causeway-event-type";
constexpr char kHeaderSchemaId[] = "causeway-schema-id";

absl::StatusOr<std::string> PersonValue(const std::string& schema_file, int32_t schema_id) {
  std::ifstream in(schema_file);
  if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", schema_file));
  std::stringstream text;
  text << in.rdbuf();
  auto schema = avro::ParseSchema(text.str());
  if (!schema.ok()) return schema.status();
  codec::JsonToAvroEncoder encoder;
  auto datum = encoder.Encode(*schema, kPersonJson);
  if (!datum.ok()) return datum.status();
  return codec::FrameConfluent(codec::GlobalSchemaId{schema_id}, *datum);
}

struct Deliveries {
  int64_t ok = 0;
  int64_t failed = 0;
  std::string first_error;
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  auto* d = static_cast<Deliveries*>(opaque);
  if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    ++d->ok;
  } else {
    if (d->failed++ == 0) d->first_error = rd_kafka_err2str(m->err);
  }
}

}  // namespace

absl::Status FillTopic(const TopicFillOptions& options) {
  const kafka::ClusterConnection cluster{options.bootstrap, {}};
  kafka::TopicSpec spec;
  spec.name = options.topic;
  spec.partitions = options.partitions;
  spec.replication_factor = 1;  // tools/kafka runs one broker
  if (absl::Status s = kafka::RdKafkaTopicAdmin().CreateTopic(cluster, spec); !s.ok()) return s;

  auto value = PersonValue(options.person_schema_file, options.schema_id);
  if (!value.ok()) return value.status();

  Deliveries deliveries;
  auto conf = kafka::NewClusterConf("bench", cluster,
                                    {{"acks", "all"},
                                     {"enable.idempotence", "true"},
                                     {"linger.ms", "20"},
                                     {"batch.size", "1000000"},
                                     {"queue.buffering.max.messages", "200000"}});
  if (!conf.ok()) return conf.status();
  rd_kafka_conf_set_dr_msg_cb(conf->get(), &OnDelivery);
  rd_kafka_conf_set_opaque(conf->get(), &deliveries);
  char err[512];
  rd_kafka_t* producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), err, sizeof err);
  if (producer == nullptr) return absl::FailedPreconditionError(absl::StrCat("producer: ", err));
  conf->release();

  const std::string schema_id = absl::StrCat(options.schema_id);
  for (int64_t k = 0; k < options.events; ++k) {
    const std::string id = absl::StrCat(options.id_prefix, "-", k);
    // Keyed by the id: spread over the partitions as events of many keys are.
    for (;;) {
      const rd_kafka_resp_err_t e = rd_kafka_producev(
          producer, RD_KAFKA_V_TOPIC(options.topic.c_str()),
          RD_KAFKA_V_KEY(id.data(), id.size()),
          RD_KAFKA_V_VALUE(const_cast<char*>(value->data()), value->size()),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_HEADER(kHeaderEventId, id.data(), static_cast<ssize_t>(id.size())),
          RD_KAFKA_V_HEADER(kHeaderNamespace, "bench", ssize_t{5}),
          RD_KAFKA_V_HEADER(kHeaderEventType, "Person", ssize_t{6}),
          RD_KAFKA_V_HEADER(kHeaderSchemaId, schema_id.data(),
                            static_cast<ssize_t>(schema_id.size())),
          RD_KAFKA_V_END);
      if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_destroy(producer);
        return absl::FailedPreconditionError(absl::StrCat("produce: ", rd_kafka_err2str(e)));
      }
      rd_kafka_poll(producer, 10);  // the queue is full: serve reports, then try again
    }
    rd_kafka_poll(producer, 0);
  }
  const rd_kafka_resp_err_t flushed = rd_kafka_flush(producer, 120 * 1000);
  rd_kafka_destroy(producer);
  if (flushed != RD_KAFKA_RESP_ERR_NO_ERROR || deliveries.failed > 0 ||
      deliveries.ok != options.events) {
    return absl::UnavailableError(absl::StrCat("filled ", deliveries.ok, " of ", options.events,
                                               " events; ", deliveries.failed, " failed (",
                                               deliveries.first_error, ")"));
  }
  return absl::OkStatus();
}

}  // namespace causeway::bench
