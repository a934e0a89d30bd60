#include "gateway/server/rdkafka_event_sink.h"

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <thread>

#include "absl/time/clock.h"

#include "absl/strings/str_cat.h"
#include "common/core/log.h"
#include "common/kafka/rdkafka_conf.h"
#include "common/kafka/rdkafka_errors.h"

namespace causeway::gateway {
namespace {

// What identifies a cluster's connection: its producer is replaced when this changes. Holds the
// properties as stored (references, not the secrets they name).
std::string ConfigKey(const ClusterTarget& cluster) {
  std::string key = cluster.bootstrap_servers;
  for (const auto& [k, v] : cluster.properties) absl::StrAppend(&key, "\n", k, "=", v);
  return key;
}

}  // namespace

class RdKafkaEventSink::Producer {
 public:
  static absl::StatusOr<std::shared_ptr<Producer>> Create(const ClusterTarget& cluster,
                                                          const SinkOptions& options) {
    auto producer = std::shared_ptr<Producer>(new Producer(cluster, options.drain));
    // Delivery guarantees come after the cluster's properties, so that those cannot weaken them.
    const kafka::OwnSettings own = {
        {"enable.idempotence", "true"},
        {"acks", "all"},
        {"partitioner", "murmur2_random"},
        {"linger.ms", absl::StrCat(options.linger_ms)},
        {"message.timeout.ms", absl::StrCat(absl::ToInt64Milliseconds(options.message_timeout))},
        {"queue.buffering.max.messages", absl::StrCat(options.queue_max_messages)},
        {"queue.buffering.max.kbytes", absl::StrCat(options.queue_max_kbytes)},
        {"log.connection.close", "false"},
    };
    const std::string label = absl::StrCat("cluster \"", cluster.name, "\"");
    absl::StatusOr<kafka::RdKafkaConfPtr> conf_or = kafka::NewClusterConf(
        label, {cluster.bootstrap_servers, cluster.properties}, own);
    // A cluster whose properties do not resolve or are refused is not the publisher's mistake.
    if (!conf_or.ok()) return absl::FailedPreconditionError(conf_or.status().message());
    rd_kafka_conf_t* conf = conf_or->get();
    char errstr[512];
    rd_kafka_conf_set_dr_msg_cb(conf, &Producer::OnDelivery);
    rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t*, int, const char*, const char*) {});
    rd_kafka_conf_set_opaque(conf, producer.get());
    producer->handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (producer->handle_ == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(label, ": cannot create a producer: ", errstr));
    }
    conf_or->release();  // the producer owns it now
    producer->poller_ = std::thread([p = producer.get()] { p->Poll(); });
    return producer;
  }

  ~Producer() { Close(); }

  // Flushes within the drain time, then destroys; messages still queued then get their delivery
  // callback with an error (librdkafka purges them on destroy), so no caller waits forever.
  void Close() {
    if (handle_ == nullptr) return;
    rd_kafka_flush(handle_, static_cast<int>(absl::ToInt64Milliseconds(drain_)));
    rd_kafka_purge(handle_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    running_ = false;
    poller_.join();
    rd_kafka_poll(handle_, 0);  // serve the purged messages' delivery reports
    rd_kafka_destroy(handle_);
    handle_ = nullptr;
  }

  absl::Status Send(OutgoingEvent& event, DeliveryCallback on_delivery) {
    std::vector<rd_kafka_vu_t> vus;
    rd_kafka_headers_t* headers = rd_kafka_headers_new(event.headers.size());
    for (const auto& [name, value] : event.headers) {
      rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), value.data(),
                          static_cast<ssize_t>(value.size()));
    }
    auto* callback = new DeliveryCallback(std::move(on_delivery));
    vus.push_back({.vtype = RD_KAFKA_VTYPE_TOPIC, .u = {.cstr = event.topic.c_str()}});
    rd_kafka_vu_t value{.vtype = RD_KAFKA_VTYPE_VALUE};
    value.u.mem = {event.value.data(), event.value.size()};
    vus.push_back(value);
    if (event.has_key) {
      rd_kafka_vu_t key{.vtype = RD_KAFKA_VTYPE_KEY};
      key.u.mem = {event.key.data(), event.key.size()};
      vus.push_back(key);
    }
    rd_kafka_vu_t hdrs{.vtype = RD_KAFKA_VTYPE_HEADERS};
    hdrs.u.headers = headers;
    vus.push_back(hdrs);
    rd_kafka_vu_t flags{.vtype = RD_KAFKA_VTYPE_MSGFLAGS};
    flags.u.i = RD_KAFKA_MSG_F_COPY;
    vus.push_back(flags);
    rd_kafka_vu_t opaque{.vtype = RD_KAFKA_VTYPE_OPAQUE};
    opaque.u.ptr = callback;
    vus.push_back(opaque);
    rd_kafka_error_t* error = rd_kafka_produceva(handle_, vus.data(), vus.size());
    if (error == nullptr) return absl::OkStatus();  // librdkafka owns the headers now
    const rd_kafka_resp_err_t code = rd_kafka_error_code(error);
    rd_kafka_error_destroy(error);
    rd_kafka_headers_destroy(headers);
    delete callback;
    if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the gateway's queue for cluster \"", name_, "\" is full; retry later"));
    }
    return kafka::KafkaError(code, absl::StrCat("producing to cluster \"", name_, "\""), "");
  }

  const std::string& name() const { return name_; }
  const std::string& config_key() const { return config_key_; }

 private:
  Producer(const ClusterTarget& cluster, absl::Duration drain)
      : name_(cluster.name), config_key_(ConfigKey(cluster)), drain_(drain) {}

  void Poll() {
    while (running_) rd_kafka_poll(handle_, 100);
  }

  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    std::unique_ptr<DeliveryCallback> callback(static_cast<DeliveryCallback*>(msg->_private));
    Delivery delivery;
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      delivery.partition = msg->partition;
      delivery.offset = msg->offset;
    } else if (msg->err == RD_KAFKA_RESP_ERR__MSG_TIMED_OUT) {
      delivery.status = absl::UnavailableError(absl::StrCat(
          "cluster \"", self->name_, "\" did not acknowledge in time",
          rd_kafka_message_status(msg) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED
              ? " (possibly persisted)"
              : ""));
    } else {
      delivery.status = kafka::KafkaError(
          msg->err, absl::StrCat("writing to cluster \"", self->name_, "\""), "");
    }
    if (*callback) (*callback)(delivery);
  }

  std::string name_;
  std::string config_key_;
  absl::Duration drain_;
  rd_kafka_t* handle_ = nullptr;
  std::atomic<bool> running_{true};
  std::thread poller_;
};

RdKafkaEventSink::RdKafkaEventSink(SinkOptions options) : options_(options) {}

RdKafkaEventSink::~RdKafkaEventSink() { Close(); }

absl::StatusOr<std::shared_ptr<RdKafkaEventSink::Producer>> RdKafkaEventSink::ProducerFor(
    const ClusterTarget& cluster) {
  const std::string key = ConfigKey(cluster);
  std::shared_ptr<Producer> stale;
  {
    std::lock_guard lock(mu_);
    auto it = producers_.find(cluster.name);
    if (it != producers_.end() && it->second->config_key() == key) return it->second;
    if (it != producers_.end()) {
      stale = it->second;  // the cluster's connection changed: replace its producer
      producers_.erase(it);
    }
    // A refused cluster is not retried on every publish: each try reads its secret files.
    auto refused = refusals_.find(cluster.name);
    if (refused != refusals_.end() && refused->second.config_key == key &&
        absl::Now() < refused->second.retry_at) {
      return refused->second.status;
    }
  }
  if (stale) std::thread([stale] { stale->Close(); }).detach();
  auto created = Producer::Create(cluster, options_);
  std::lock_guard lock(mu_);
  if (!created.ok()) {
    Refusal& refusal = refusals_[cluster.name];
    // Once per reason: the message names the cluster and the property, never a secret's value.
    if (refusal.status != created.status()) {
      log::Error("cannot create a producer: its client properties are refused",
                 {{"cluster", cluster.name}, {"error", std::string(created.status().message())}});
    }
    refusal = {key, created.status(), absl::Now() + options_.refusal_retry};
    return created.status();
  }
  if (refusals_.erase(cluster.name) > 0) {
    log::Info("client properties accepted again", {{"cluster", cluster.name}});
  }
  auto [it, inserted] = producers_.emplace(cluster.name, *created);
  if (inserted) log::Info("producer created", {{"cluster", cluster.name}});
  return it->second;  // a racing creator's producer wins; ours closes as it goes out of scope
}

absl::Status RdKafkaEventSink::Send(const ClusterTarget& cluster, OutgoingEvent event,
                                    DeliveryCallback on_delivery) {
  auto producer = ProducerFor(cluster);
  if (!producer.ok()) return producer.status();
  return (*producer)->Send(event, std::move(on_delivery));
}

void RdKafkaEventSink::Retain(const std::set<std::string>& in_use) {
  std::vector<std::shared_ptr<Producer>> unused;
  {
    std::lock_guard lock(mu_);
    std::erase_if(refusals_, [&](const auto& r) { return in_use.count(r.first) == 0; });
    for (auto it = producers_.begin(); it != producers_.end();) {
      if (in_use.count(it->first) == 0) {
        unused.push_back(it->second);
        it = producers_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (auto& p : unused) {
    log::Info("closing unused producer", {{"cluster", p->name()}});
    std::thread([p] { p->Close(); }).detach();
  }
}

void RdKafkaEventSink::Close() {
  std::map<std::string, std::shared_ptr<Producer>> all;
  {
    std::lock_guard lock(mu_);
    all.swap(producers_);
  }
  for (auto& [name, p] : all) p->Close();
}

size_t RdKafkaEventSink::producer_count() const {
  std::lock_guard lock(mu_);
  return producers_.size();
}

}  // namespace causeway::gateway
