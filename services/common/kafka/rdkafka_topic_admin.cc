#include "common/kafka/rdkafka_topic_admin.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/kafka/cluster_metadata.h"
#include "common/kafka/rdkafka_client.h"
#include "common/kafka/rdkafka_errors.h"

namespace causeway::kafka {
namespace {

// A real cluster may name no controller for a moment (an election); librdkafka's mock cluster never
// names one. Waiting this long tells the two apart without holding up the mock's callers long.
constexpr absl::Duration kControllerGrace = absl::Seconds(1);
constexpr absl::Duration kMetadataRetryInterval = absl::Milliseconds(100);
// librdkafka times an admin request out itself; this only covers handing that result over.
constexpr int kResultHandoverMs = 1000;

using EventPtr = std::unique_ptr<rd_kafka_event_t, decltype(&rd_kafka_event_destroy)>;
using AdminLaunch = std::function<void(rd_kafka_t*, rd_kafka_AdminOptions_t*, rd_kafka_queue_t*)>;

absl::string_view OrEmpty(const char* text) { return text != nullptr ? text : ""; }

// Sends one admin request (enqueued by `launch`) bounded by the deadline and returns its result
// event once the request-level error is checked; per-resource errors are the caller's to read.
absl::StatusOr<EventPtr> RunAdminRequest(RdKafkaClient& client, absl::Time deadline,
                                         absl::string_view action, const AdminLaunch& launch) {
  const int timeout_ms = RemainingMs(deadline);
  if (timeout_ms == 0) {
    return client.FailureStatus(RD_KAFKA_RESP_ERR__TIMED_OUT, action,
                                "no time left for the admin request");
  }
  std::unique_ptr<rd_kafka_queue_t, decltype(&rd_kafka_queue_destroy)> queue(
      rd_kafka_queue_new(client.handle()), &rd_kafka_queue_destroy);
  std::unique_ptr<rd_kafka_AdminOptions_t, decltype(&rd_kafka_AdminOptions_destroy)> options(
      rd_kafka_AdminOptions_new(client.handle(), RD_KAFKA_ADMIN_OP_ANY),
      &rd_kafka_AdminOptions_destroy);
  char errstr[512];
  if (rd_kafka_AdminOptions_set_request_timeout(options.get(), timeout_ms, errstr,
                                                sizeof errstr) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InternalError(absl::StrCat(action, ": ", errstr));
  }
  launch(client.handle(), options.get(), queue.get());

  EventPtr event(rd_kafka_queue_poll(queue.get(), timeout_ms + kResultHandoverMs),
                 &rd_kafka_event_destroy);
  if (event == nullptr) {
    return client.FailureStatus(RD_KAFKA_RESP_ERR__TIMED_OUT, action, "no admin result in time");
  }
  if (const rd_kafka_resp_err_t err = rd_kafka_event_error(event.get()); err) {
    return client.FailureStatus(err, action, OrEmpty(rd_kafka_event_error_string(event.get())));
  }
  return event;
}

// The result of the one resource an admin request was sent for.
template <typename Result>
absl::StatusOr<const Result*> OnlyResult(const Result** results, size_t count,
                                         absl::string_view action) {
  if (count != 1) {
    return absl::InternalError(absl::StrCat(action, ": ", count, " results for one topic"));
  }
  return results[0];
}

// Cluster metadata that names a controller if the cluster has one: a missing controller is asked
// again for kControllerGrace before it is believed.
absl::StatusOr<ClusterMetadata> FetchMetadataAwaitingController(RdKafkaClient& client,
                                                                absl::Time deadline,
                                                                absl::string_view action) {
  const absl::Time give_up = std::min(deadline, absl::Now() + kControllerGrace);
  while (true) {
    absl::StatusOr<ClusterMetadata> metadata = FetchClusterMetadata(client, deadline, action);
    if (!metadata.ok() || metadata->controller_id >= 0 ||
        absl::Now() + kMetadataRetryInterval >= give_up) {
      return metadata;
    }
    absl::SleepFor(kMetadataRetryInterval);
  }
}

// Waits until every partition of the topic has a leader, i.e. until producers can use it.
absl::StatusOr<TopicLayout> AwaitLedTopic(RdKafkaClient& client, absl::string_view topic,
                                          absl::Time deadline, absl::string_view action) {
  while (true) {
    absl::StatusOr<ClusterMetadata> metadata = FetchClusterMetadata(client, deadline, action);
    if (!metadata.ok()) return metadata.status();
    const auto it = metadata->topics.find(topic);
    if (it != metadata->topics.end() && it->second.every_partition_led) return it->second;
    if (absl::Now() + kMetadataRetryInterval >= deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat(action, ": the topic exists but not every partition has a leader yet"));
    }
    absl::SleepFor(kMetadataRetryInterval);
  }
}

// CreateTopics for one topic; ALREADY_EXISTS when someone else created it first.
absl::Status SendCreateTopics(RdKafkaClient& client, const TopicSpec& spec, absl::Time deadline,
                              absl::string_view action) {
  char errstr[512];
  std::unique_ptr<rd_kafka_NewTopic_t, decltype(&rd_kafka_NewTopic_destroy)> new_topic(
      rd_kafka_NewTopic_new(spec.name.c_str(), spec.partitions, spec.replication_factor, errstr,
                            sizeof errstr),
      &rd_kafka_NewTopic_destroy);
  if (new_topic == nullptr) return absl::InvalidArgumentError(absl::StrCat(action, ": ", errstr));
  std::map<std::string, std::string> config = spec.config;
  if (spec.min_insync_replicas > 0) {
    config[kMinInsyncReplicasConfig] = absl::StrCat(spec.min_insync_replicas);
  }
  for (const auto& [key, value] : config) {
    const rd_kafka_resp_err_t err =
        rd_kafka_NewTopic_set_config(new_topic.get(), key.c_str(), value.c_str());
    if (err) return KafkaError(err, action, absl::StrCat("config \"", key, "\""));
  }

  rd_kafka_NewTopic_t* topics[] = {new_topic.get()};
  absl::StatusOr<EventPtr> event = RunAdminRequest(
      client, deadline, action,
      [&](rd_kafka_t* handle, rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_CreateTopics(handle, topics, 1, options, queue);
      });
  if (!event.ok()) return event.status();

  size_t count = 0;
  const rd_kafka_topic_result_t** results = rd_kafka_CreateTopics_result_topics(
      rd_kafka_event_CreateTopics_result(event->get()), &count);
  absl::StatusOr<const rd_kafka_topic_result_t*> result = OnlyResult(results, count, action);
  if (!result.ok()) return result.status();
  return client.FailureStatus(rd_kafka_topic_result_error(*result), action,
                              OrEmpty(rd_kafka_topic_result_error_string(*result)));
}

// Every config the broker reports for the topic into `out`; sensitive values (reported as null)
// are left out.
absl::Status DescribeTopicConfig(RdKafkaClient& client, absl::string_view topic,
                                 absl::Time deadline, absl::string_view action,
                                 TopicDescription* out) {
  const std::string name(topic);
  std::unique_ptr<rd_kafka_ConfigResource_t, decltype(&rd_kafka_ConfigResource_destroy)> resource(
      rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, name.c_str()),
      &rd_kafka_ConfigResource_destroy);
  rd_kafka_ConfigResource_t* resources[] = {resource.get()};
  absl::StatusOr<EventPtr> event = RunAdminRequest(
      client, deadline, action,
      [&](rd_kafka_t* handle, rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DescribeConfigs(handle, resources, 1, options, queue);
      });
  if (!event.ok()) return event.status();

  size_t count = 0;
  const rd_kafka_ConfigResource_t** results = rd_kafka_DescribeConfigs_result_resources(
      rd_kafka_event_DescribeConfigs_result(event->get()), &count);
  absl::StatusOr<const rd_kafka_ConfigResource_t*> described = OnlyResult(results, count, action);
  if (!described.ok()) return described.status();
  if (const rd_kafka_resp_err_t err = rd_kafka_ConfigResource_error(*described); err) {
    return client.FailureStatus(err, action,
                                OrEmpty(rd_kafka_ConfigResource_error_string(*described)));
  }
  size_t entry_count = 0;
  const rd_kafka_ConfigEntry_t** entries =
      rd_kafka_ConfigResource_configs(*described, &entry_count);
  for (size_t i = 0; i < entry_count; ++i) {
    const char* value = rd_kafka_ConfigEntry_value(entries[i]);
    if (value == nullptr) continue;
    const char* name = rd_kafka_ConfigEntry_name(entries[i]);
    out->config.emplace(name, value);
    if (rd_kafka_ConfigEntry_source(entries[i]) == RD_KAFKA_CONFIG_SOURCE_DYNAMIC_TOPIC_CONFIG) {
      out->topic_overrides.insert(name);
    }
  }
  return absl::OkStatus();
}

// What both operations start with: a client, the action that leads every message, and the
// cluster's metadata with its controller if it has one.
struct TopicCall {
  std::unique_ptr<RdKafkaClient> client;
  std::string action;
  ClusterMetadata metadata;
};

absl::StatusOr<TopicCall> BeginTopicCall(const ClusterConnection& cluster, absl::string_view verb,
                                         absl::string_view topic, absl::Time deadline) {
  absl::StatusOr<std::unique_ptr<RdKafkaClient>> client =
      RdKafkaClient::Create(cluster, RD_KAFKA_PRODUCER);
  if (!client.ok()) return client.status();
  TopicCall call{*std::move(client), "", {}};
  call.action = absl::StrCat(verb, " topic \"", topic, "\" on ", call.client->cluster_name());
  absl::StatusOr<ClusterMetadata> metadata =
      FetchMetadataAwaitingController(*call.client, deadline, call.action);
  if (!metadata.ok()) return metadata.status();
  call.metadata = *std::move(metadata);
  return call;
}

// A topic's layout with its configs (none on a cluster without a controller).
absl::StatusOr<TopicDescription> DescribeLaidOutTopic(TopicCall& call, absl::string_view topic,
                                                      const TopicLayout& layout,
                                                      absl::Time deadline) {
  TopicDescription description;
  description.name = std::string(topic);
  description.partitions = layout.partitions;
  description.replication_factor = layout.replication_factor;
  if (call.metadata.controller_id >= 0) {
    if (absl::Status s = DescribeTopicConfig(*call.client, topic, deadline, call.action,
                                             &description);
        !s.ok()) {
      return s;
    }
  }
  return description;
}

// An existing topic: refused, or accepted when its layout is the spec's.
absl::Status CheckFoundTopic(TopicCall& call, const TopicSpec& spec, const TopicLayout& layout,
                             absl::Time deadline) {
  if (spec.existing == ExistingTopic::kRefuse) {
    return absl::AlreadyExistsError(
        absl::StrCat(call.action, ": the topic already exists and was not created here"));
  }
  absl::StatusOr<TopicDescription> found = DescribeLaidOutTopic(call, spec.name, layout, deadline);
  if (!found.ok()) return found.status();
  return CheckExistingTopic(spec, *found, call.action);
}

}  // namespace

absl::Status RdKafkaTopicAdmin::CreateTopic(const ClusterConnection& cluster,
                                            const TopicSpec& spec) {
  if (absl::Status valid = ValidateTopicSpec(spec); !valid.ok()) return valid;
  const absl::Time deadline = absl::Now() + options_.timeout;
  absl::StatusOr<TopicCall> call = BeginTopicCall(cluster, "creating", spec.name, deadline);
  if (!call.ok()) return call.status();
  RdKafkaClient& client = *call->client;
  const std::string& action = call->action;

  const auto existing = call->metadata.topics.find(spec.name);
  if (existing != call->metadata.topics.end() && existing->second.every_partition_led) {
    return CheckFoundTopic(*call, spec, existing->second, deadline);
  }
  if (call->metadata.controller_id < 0) {
    return absl::UnimplementedError(absl::StrCat(
        action, ": the cluster names no controller, so it cannot create topics (librdkafka's mock "
                "cluster, e.g. causeway-devkafka, has no admin API: create the topic there with "
                "`causeway-devkafka --topic NAME:PARTITIONS`)"));
  }

  // The broker would refuse this too, as INVALID_REPLICATION_FACTOR; said here, it names the cause.
  if (spec.replication_factor > call->metadata.brokers) {
    return absl::FailedPreconditionError(absl::StrCat(
        action, ": replication factor ", spec.replication_factor, " needs at least that many "
        "brokers, the cluster has ", call->metadata.brokers));
  }

  // ALREADY_EXISTS here means a concurrent creator won: its topic is checked like any other.
  const absl::Status sent = SendCreateTopics(client, spec, deadline, action);
  if (!sent.ok() && sent.code() != absl::StatusCode::kAlreadyExists) return sent;
  absl::StatusOr<TopicLayout> created = AwaitLedTopic(client, spec.name, deadline, action);
  if (!created.ok()) return created.status();
  if (!sent.ok()) return CheckFoundTopic(*call, spec, *created, deadline);
  absl::StatusOr<TopicDescription> described =
      DescribeLaidOutTopic(*call, spec.name, *created, deadline);
  if (!described.ok()) return described.status();
  return CheckExistingTopic(spec, *described, action);
}

absl::StatusOr<TopicDescription> RdKafkaTopicAdmin::DescribeTopic(const ClusterConnection& cluster,
                                                                  absl::string_view topic) {
  const absl::Time deadline = absl::Now() + options_.timeout;
  absl::StatusOr<TopicCall> call = BeginTopicCall(cluster, "describing", topic, deadline);
  if (!call.ok()) return call.status();

  const auto found = call->metadata.topics.find(topic);
  if (found == call->metadata.topics.end()) {
    return absl::NotFoundError(absl::StrCat(call->action, ": no such topic"));
  }
  return DescribeLaidOutTopic(*call, topic, found->second, deadline);
}

}  // namespace causeway::kafka
