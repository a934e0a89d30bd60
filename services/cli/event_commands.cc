#include "cli/event_commands.h"

#include <librdkafka/rdkafka.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <utility>
#include <vector>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "causeway/gateway/v1/gateway.grpc.pb.h"
#include "causeway/topology/v1/schema_registry.pb.h"
#include "cli/entity_key.h"
#include "cli/errors.h"
#include "common/avro/json_value.h"
#include "common/avro/schema_parser.h"
#include "common/core/grpc_status.h"
#include "common/codec/avro_binary_reader.h"
#include "common/codec/confluent_framing.h"
#include "common/client/channel.h"
#include "common/kafka/consumer.h"
#include "common/kafka/event_headers.h"
#include "common/kafka/rdkafka_conf.h"

namespace causeway::cli {
namespace {

namespace tv1 = ::causeway::topology::v1;
namespace gv1 = ::causeway::gateway::v1;
using codec::AvroBinaryToJson;
using codec::AvroReadOptions;
using codec::LogicalTypeRendering;
using codec::UnframeConfluent;

void AddPublish(CLI::App& app, CommandRunner& runner) {
  CLI::App* cmd = app.add_subcommand(
      "publish", "Publish one event through causeway-gateway (JSON checked against the schema)");
  struct Args {
    std::string key_text, json, file, event_id, key, producer, ack = "persisted";
  };
  auto a = std::make_shared<Args>();
  AddKeyArgument(cmd, KeyShape::kNamespacedName, &a->key_text, "<namespace>/<event type>");
  cmd->add_option("--json", a->json, "The event as JSON text");
  cmd->add_option("--file", a->file, "Read the JSON from this file instead");
  cmd->add_option("--event-id", a->event_id, "Event id (a UUID is generated when absent)");
  cmd->add_option("--key", a->key, "Kafka key (picks the partition)");
  cmd->add_option("--producer", a->producer,
                  "Producer id. With credentials leave it out (the gateway takes the "
                  "authenticated principal); against a gateway run with --auth=development it is "
                  "taken at its word (default there: causeway-cli)");
  cmd->add_option("--ack", a->ack, "persisted (acknowledged by Kafka) or accepted (queued)")
      ->check(CLI::IsMember({"persisted", "accepted"}));
  // --gateway, --token and the TLS settings are global options: the gateway is reached with the
  // same credentials as causeway-topology.
  runner.Bind(cmd, [a](Session& session) -> absl::Status {
    gv1::PublishRequest req;
    const EntityKey k = ParseKey(KeyShape::kNamespacedName, a->key_text);
    req.set_namespace_(k.ns);
    req.set_event_type(k.name);
    if (!a->file.empty()) {
      std::ifstream in(a->file);
      if (!in) return UsageError(absl::StrCat("cannot read ", a->file));
      std::stringstream text;
      text << in.rdbuf();
      req.set_json(text.str());
    } else if (!a->json.empty()) {
      req.set_json(a->json);
    } else {
      return UsageError("--json or --file is required");
    }
    req.set_event_id(a->event_id);
    req.set_key(a->key);
    if (!session.connection.ok()) return session.connection.status();
    const ChannelOptions& gateway = session.connection->gateway;
    // Without credentials the gateway can only be in development mode, where the id is taken as
    // is.
    req.set_producer_id(!a->producer.empty() || session.connection->has_credentials()
                            ? a->producer
                            : "causeway-cli");
    req.set_ack(a->ack == "accepted" ? gv1::ACK_ACCEPTED : gv1::ACK_PERSISTED);
    auto channel = NewChannel(gateway);
    if (!channel.ok()) return ConfigError(channel.status());
    auto stub = gv1::Gateway::NewStub(*channel);
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + session.options.timeout()));
    AddCallCredentials(gateway, &ctx);
    gv1::PublishResponse resp;
    grpc::Status s = stub->Publish(&ctx, req, &resp);
    if (!s.ok()) return FromGrpcStatus(s);
    session.out.Entity(resp.result());
    return absl::OkStatus();
  });
}

// Decodes Confluent-framed values with the schemas the topology knows, by global id.
class Decoder {
 public:
  explicit Decoder(TopologyClient& client) : client_(client) {}
  absl::StatusOr<std::string> Decode(absl::string_view value) {
    auto framed = UnframeConfluent(std::string_view(value.data(), value.size()));
    if (!framed.ok()) return framed.status();
    auto it = schemas_.find(framed->schema_id.value);
    if (it == schemas_.end()) {
      tv1::GetSchemaRequest req;
      req.set_global_id(framed->schema_id.value);
      auto schema = client_.CallTyped<tv1::Schema>("GetSchema", req);
      if (!schema.ok()) return schema.status();
      auto parsed = avro::ParseSchema(schema->definition());
      if (!parsed.ok()) return parsed.status();
      it = schemas_.emplace(framed->schema_id.value, *std::move(parsed)).first;
    }
    AvroReadOptions options;
    options.logical_types = LogicalTypeRendering::kNatural;
    return AvroBinaryToJson(it->second, framed->datum, options);
  }

 private:
  TopologyClient& client_;
  std::map<int32_t, avro::Schema> schemas_;
};

// Reads `topic` on one cluster, printing each event, until `max` events or `idle` without one.
// The cluster's client properties are applied with their secret references (`${file:...}`,
// `${env:...}`) resolved from this machine's files and environment (kafka::KafkaConsumer).
absl::Status TailCluster(const tv1::ResolvedPlacement& p, bool from_beginning, int max,
                         absl::Duration idle, Decoder& decoder, int* printed) {
  kafka::ClusterConnection connection{
      .bootstrap_servers = p.bootstrap_servers(),
      .properties = {p.client_properties().begin(), p.client_properties().end()}};
  auto consumer = kafka::KafkaConsumer::Create(
      absl::StrCat("cluster \"", p.placement().cluster(), "\""), connection,
      {// A throwaway group: tailing never moves a real consumer's offsets.
       .group_id = absl::StrCat("causeway-tail-", getpid()),
       .auto_offset_reset = from_beginning ? "earliest" : "latest"});
  if (!consumer.ok()) return consumer.status();
  if (absl::Status s = (*consumer)->Subscribe({p.placement().topic()}); !s.ok()) return s;
  absl::Time last = absl::Now();
  while (*printed < max && absl::Now() - last < idle) {
    kafka::KafkaConsumer::Polled polled = (*consumer)->Poll(absl::Milliseconds(200));
    if (polled.result != kafka::KafkaConsumer::PollResult::kRecord) continue;
    const kafka::ConsumedRecord& r = polled.record;
    last = absl::Now();
    std::string event_id(r.Header(kafka::kHeaderEventId).value_or(""));
    auto json = decoder.Decode(r.value);
    std::string line;
    avro::AppendJsonString(line, event_id);
    std::cout << "{\"zone\":\"" << p.placement().zone() << "\",\"partition\":" << r.partition
              << ",\"offset\":" << r.offset << ",\"event_id\":" << line << ",\"value\":"
              << (json.ok() ? *json : avro::JsonValue::String(std::string(json.status().message())).ToJson())
              << "}\n";
    std::cout.flush();
    ++*printed;
  }
  return absl::OkStatus();
}

void AddTail(CLI::App& app, CommandRunner& runner) {
  CLI::App* cmd = app.add_subcommand(
      "tail", "Print an event type's events from every zone it lives in, decoded as JSON lines");
  struct Args {
    std::string key_text;
    bool from_beginning = false;
    int max = 1000000;
    double idle_s = 10;
  };
  auto a = std::make_shared<Args>();
  AddKeyArgument(cmd, KeyShape::kNamespacedName, &a->key_text, "<namespace>/<event type>");
  cmd->add_flag("--from-beginning", a->from_beginning, "Start at the oldest retained event");
  cmd->add_option("--max", a->max, "Stop after this many events");
  cmd->add_option("--idle", a->idle_s, "Stop a zone after this many seconds without an event");
  runner.Bind(cmd, [a](Session& session) -> absl::Status {
    const EntityKey k = ParseKey(KeyShape::kNamespacedName, a->key_text);
    tv1::ResolveRequest req;
    req.set_namespace_(k.ns);
    req.set_event_type(k.name);
    auto resolved = session.client.CallTyped<tv1::ResolveResponse>("Resolve", req);
    if (!resolved.ok()) return resolved.status();
    if (resolved->placements_size() == 0) {
      return absl::FailedPreconditionError(absl::StrCat(k.Text(), " is not placed in any zone"));
    }
    Decoder decoder(session.client);
    int printed = 0;
    for (const auto& p : resolved->placements()) {
      if (absl::Status s = TailCluster(p, a->from_beginning, a->max, absl::Seconds(a->idle_s),
                                       decoder, &printed);
          !s.ok()) {
        return s;
      }
    }
    return absl::OkStatus();
  });
}

// A cluster's librdkafka configuration through kafka::NewClusterConf: the cluster's client
// properties with their secret references resolved from this machine's files and environment,
// then the CLI's own settings, then the bootstrap servers.
absl::StatusOr<kafka::RdKafkaConfPtr> ClusterConf(
    absl::string_view cluster, const std::string& bootstrap_servers,
    const google::protobuf::Map<std::string, std::string>& client_properties,
    const kafka::OwnSettings& own) {
  kafka::ClusterConnection connection{
      .bootstrap_servers = bootstrap_servers,
      .properties = {client_properties.begin(), client_properties.end()}};
  auto conf =
      kafka::NewClusterConf(absl::StrCat("cluster \"", cluster, "\""), connection, own);
  if (!conf.ok()) return conf.status();
  rd_kafka_conf_set_log_cb(conf->get(), [](const rd_kafka_t*, int, const char*, const char*) {});
  return conf;
}

// `causeway cluster topics NAME`: the topics on the cluster's brokers, as Kafka reports them.
void AddClusterTopics(CLI::App& app, CommandRunner& runner) {
  CLI::App* cluster = app.get_subcommand("cluster");
  CLI::App* cmd = cluster->add_subcommand("topics", "The topics on a cluster, read from its brokers");
  auto name = std::make_shared<std::string>();
  cmd->add_option("NAME", *name, "The cluster")->required();
  runner.Bind(cmd, [name](Session& session) -> absl::Status {
    tv1::GetClusterRequest req;
    req.set_name(*name);
    auto c = session.client.CallTyped<tv1::Cluster>("GetCluster", req);
    if (!c.ok()) return c.status();
    auto conf = ClusterConf(*name, c->bootstrap_servers(), c->client_properties(), {});
    if (!conf.ok()) return conf.status();
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), err, sizeof err);
    if (rk == nullptr) return absl::InvalidArgumentError(err);
    conf->release();  // rd_kafka_new took it
    const rd_kafka_metadata_t* md = nullptr;
    const rd_kafka_resp_err_t e = rd_kafka_metadata(
        rk, 1, nullptr, &md, static_cast<int>(absl::ToInt64Milliseconds(session.options.timeout())));
    absl::Status status;
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      status = absl::UnavailableError(absl::StrCat("cluster \"", *name, "\" (",
                                                   c->bootstrap_servers(), "): ", rd_kafka_err2str(e)));
    } else {
      std::cout << "TOPIC  PARTITIONS\n";
      for (int i = 0; i < md->topic_cnt; ++i) {
        const std::string topic = md->topics[i].topic;
        if (topic.rfind("__", 0) == 0) continue;  // Kafka's internal topics
        std::cout << topic << "  " << md->topics[i].partition_cnt << "\n";
      }
      rd_kafka_metadata_destroy(md);
    }
    rd_kafka_destroy(rk);
    return status;
  });
}

}  // namespace

void AddEventCommands(CLI::App& app, CommandRunner& runner) {
  AddPublish(app, runner);
  AddTail(app, runner);
  AddClusterTopics(app, runner);
}

}  // namespace causeway::cli
