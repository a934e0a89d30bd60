#include "gateway/server/rdkafka_event_sink.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <atomic>
#include <shared_mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
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

// A flush waits in slices this long, so that a closer's deadline moved earlier (Close at
// shutdown hurrying a producer being replaced) takes effect promptly.
constexpr absl::Duration kFlushSlice = absl::Milliseconds(100);
// After a purge, how long the purged messages' delivery reports may take to be served (librdkafka
// hands them over at once; this only bounds a pathological case).
constexpr absl::Duration kPurgeReportWait = absl::Milliseconds(500);

int Millis(absl::Duration d) {
  return static_cast<int>(std::clamp<int64_t>(absl::ToInt64Milliseconds(d), 0, 1 << 30));
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
        {"message.max.bytes", absl::StrCat(options.message_max_bytes)},
        {"batch.size", absl::StrCat(std::min<int64_t>(options.message_max_bytes, 1000000))},
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
    rd_kafka_conf_set_log_cb(conf, &Producer::OnLog);
    rd_kafka_conf_set_error_cb(conf, &Producer::OnError);
    rd_kafka_conf_set_opaque(conf, producer.get());
    producer->handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (producer->handle_ == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(label, ": cannot create a producer: ", errstr));
    }
    conf_or->release();  // the producer owns it now
    producer->poller_ = std::thread([p = producer.get()] { p->Poll(); });
    return producer;
  }

  ~Producer() { Close(absl::Now() + drain_, DeliveryFailure::kProducerClosed); }

  // Flushes until `deadline` (or an earlier one from Hurry), then refuses further sends, purges
  // what is left (their callbacks report `failure`) and destroys the handle. Every message sent
  // gets its callback, so no caller waits forever. Idempotent.
  void Close(absl::Time deadline, DeliveryFailure failure) {
    std::lock_guard close_lock(close_mu_);
    if (handle_ == nullptr) return;
    Hurry(deadline);
    while (rd_kafka_outq_len(handle_) > 0) {
      const absl::Duration left = absl::FromUnixNanos(close_by_.load()) - absl::Now();
      if (left <= absl::ZeroDuration()) break;
      rd_kafka_flush(handle_, Millis(std::min(left, kFlushSlice)));
    }
    {
      std::unique_lock lock(send_mu_);  // waits for Sends in progress; none start after
      open_ = false;
    }
    purge_failure_ = failure;
    rd_kafka_purge(handle_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    running_ = false;
    poller_.join();
    // Serve the purged messages' delivery reports.
    const absl::Time until = absl::Now() + kPurgeReportWait;
    do {
      rd_kafka_poll(handle_, 10);
    } while (rd_kafka_outq_len(handle_) > 0 && absl::Now() < until);
    rd_kafka_destroy(handle_);
    handle_ = nullptr;
    closed_ = true;
  }

  // Moves the deadline of a Close in progress (or to come) earlier.
  void Hurry(absl::Time deadline) {
    const int64_t nanos = absl::ToUnixNanos(deadline);
    int64_t current = close_by_.load();
    while (nanos < current && !close_by_.compare_exchange_weak(current, nanos)) {
    }
  }

  absl::Status Send(OutgoingEvent& event, DeliveryCallback on_delivery) {
    std::shared_lock lock(send_mu_);
    if (!open_) {
      return absl::UnavailableError(absl::StrCat(
          "the gateway's producer for cluster \"", name_,
          "\" is closing (shutdown or replacement); retry with the same event id"));
    }
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
    const std::string reason = rd_kafka_error_string(error);
    rd_kafka_error_destroy(error);
    rd_kafka_headers_destroy(headers);
    delete callback;
    if (code == RD_KAFKA_RESP_ERR__FATAL) fatal_ = true;  // before error_cb says so
    if (code == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      return absl::ResourceExhaustedError(
          absl::StrCat("the gateway's queue for cluster \"", name_, "\" is full; retry later"));
    }
    log::Warn("cannot produce", {{"cluster", name_}, {"error", rd_kafka_err2name(code)},
                                 {"reason", reason}, {"topic", event.topic}});
    return kafka::ProducerError(code, name_);
  }

  // A fatal error made this producer unusable; it is to be replaced.
  bool fatal() const { return fatal_; }
  std::string fatal_reason() const {
    std::lock_guard lock(fatal_mu_);
    return fatal_reason_;
  }
  bool closed() const { return closed_; }

  absl::Status InjectFatalError() {
    std::shared_lock lock(send_mu_);
    if (!open_) return absl::FailedPreconditionError("closing");
    return kafka::KafkaError(rd_kafka_test_fatal_error(
                                 handle_, RD_KAFKA_RESP_ERR_OUT_OF_ORDER_SEQUENCE_NUMBER,
                                 "injected by a test"),
                             "injecting a fatal error", "");
  }

  const std::string& name() const { return name_; }
  const std::string& config_key() const { return config_key_; }

 private:
  Producer(const ClusterTarget& cluster, absl::Duration drain)
      : name_(cluster.name), config_key_(ConfigKey(cluster)), drain_(drain) {}

  void Poll() {
    while (running_) rd_kafka_poll(handle_, 100);
  }

  static void OnLog(const rd_kafka_t* rk, int level, const char* facility, const char* text) {
    auto* self = static_cast<Producer*>(rd_kafka_opaque(rk));
    kafka::LogClientLine(self != nullptr ? self->name_ : "", level, facility, text);
  }

  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    auto code = static_cast<rd_kafka_resp_err_t>(err);
    std::string text = reason;
    if (code == RD_KAFKA_RESP_ERR__FATAL) {
      char detail[512];
      code = rd_kafka_fatal_error(rk, detail, sizeof detail);
      text = detail;
      {
        std::lock_guard lock(self->fatal_mu_);
        self->fatal_reason_ = absl::StrCat(rd_kafka_err2name(code), ": ", text);
      }
      self->fatal_ = true;
      log::Error("fatal producer error: the producer will be replaced",
                 {{"cluster", self->name_}, {"error", rd_kafka_err2name(code)}, {"reason", text}});
      return;
    }
    if (code != RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN) self->last_error_ = code;  // a consequence
    kafka::LogClientError(self->name_, code, text);
  }

  // What a timed-out event's answer says of the cause: the producer's last error event.
  std::string LastErrorText() const {
    const rd_kafka_resp_err_t err = last_error_;
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return "";
    return absl::StrCat("; the gateway's last Kafka error there: ", rd_kafka_err2name(err),
                        " (a fault on the gateway's side, not the publisher's; its log has the "
                        "detail)");
  }

  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<Producer*>(opaque);
    std::unique_ptr<DeliveryCallback> callback(static_cast<DeliveryCallback*>(msg->_private));
    Delivery delivery;
    switch (msg->err) {
      case RD_KAFKA_RESP_ERR_NO_ERROR:
        delivery.partition = msg->partition;
        delivery.offset = msg->offset;
        break;
      case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
        delivery.failure = DeliveryFailure::kTimedOut;
        delivery.status = absl::UnavailableError(absl::StrCat(
            "cluster \"", self->name_, "\" did not acknowledge in time",
            rd_kafka_message_status(msg) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED
                ? " (possibly persisted)"
                : "",
            self->LastErrorText(), "; retry with the same event id"));
        break;
      case RD_KAFKA_RESP_ERR__PURGE_QUEUE:
      case RD_KAFKA_RESP_ERR__PURGE_INFLIGHT:
        delivery.failure = self->purge_failure_;
        delivery.status = absl::UnavailableError(absl::StrCat(
            "the gateway closed its producer for cluster \"", self->name_, "\" (",
            DeliveryFailureName(delivery.failure), ") before the event was acknowledged",
            msg->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT ? " (possibly persisted)" : "",
            "; retry with the same event id"));
        break;
      default:
        delivery.failure = msg->err == RD_KAFKA_RESP_ERR__FATAL || self->fatal_
                               ? DeliveryFailure::kFatal
                               : DeliveryFailure::kRefused;
        delivery.status = kafka::ProducerError(msg->err, self->name_);
    }
    if (*callback) (*callback)(delivery);
  }

  const std::string name_;
  const std::string config_key_;
  const absl::Duration drain_;
  rd_kafka_t* handle_ = nullptr;
  std::atomic<bool> running_{true};
  std::thread poller_;
  // Sends hold it shared; Close takes it once to stop them before the purge.
  std::shared_mutex send_mu_;
  bool open_ = true;  // guarded by send_mu_
  std::mutex close_mu_;
  std::atomic<int64_t> close_by_{INT64_MAX};  // unix nanos
  std::atomic<DeliveryFailure> purge_failure_{DeliveryFailure::kProducerClosed};
  std::atomic<bool> closed_{false};
  std::atomic<bool> fatal_{false};
  std::atomic<rd_kafka_resp_err_t> last_error_{RD_KAFKA_RESP_ERR_NO_ERROR};  // from error_cb
  mutable std::mutex fatal_mu_;
  std::string fatal_reason_;
};

RdKafkaEventSink::RdKafkaEventSink(SinkOptions options, DeliveryObserver* observer)
    : options_(options), observer_(observer) {}

RdKafkaEventSink::~RdKafkaEventSink() { Close(); }

absl::StatusOr<std::shared_ptr<RdKafkaEventSink::Producer>> RdKafkaEventSink::ProducerFor(
    const ClusterTarget& cluster) {
  const std::string key = ConfigKey(cluster);
  std::shared_ptr<Producer> stale;
  {
    std::lock_guard lock(mu_);
    if (closed_) {
      return absl::UnavailableError("the gateway is shutting down; publish to another replica");
    }
    auto it = producers_.find(cluster.name);
    if (it != producers_.end() && it->second->config_key() == key && !it->second->fatal()) {
      return it->second;
    }
    if (it != producers_.end()) {
      // The cluster's connection changed, or its producer broke: replace it.
      stale = it->second;
      producers_.erase(it);
    }
    // A refused cluster is not retried on every publish: each try reads its secret files.
    auto refused = refusals_.find(cluster.name);
    if (refused != refusals_.end() && refused->second.config_key == key &&
        absl::Now() < refused->second.retry_at) {
      return refused->second.status;
    }
  }
  if (stale) {
    const bool fatal = stale->fatal();
    const std::string detail = fatal ? stale->fatal_reason() : "client properties changed";
    log::Warn("replacing producer", {{"cluster", cluster.name},
                                     {"reason", fatal ? "fatal" : "properties_changed"},
                                     {"detail", detail}});
    if (observer_ != nullptr) {
      observer_->ProducerReplaced(cluster.name, fatal ? "fatal" : "properties_changed", detail);
    }
    CloseInBackground(std::move(stale));
  }
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
  if (closed_) return absl::UnavailableError("the gateway is shutting down");
  auto [it, inserted] = producers_.emplace(cluster.name, *created);
  if (inserted) log::Info("producer created", {{"cluster", cluster.name}});
  return it->second;  // a racing creator's producer wins; ours closes as it goes out of scope
}

void RdKafkaEventSink::CloseInBackground(std::shared_ptr<Producer> producer) {
  std::lock_guard lock(mu_);
  for (auto it = closing_.begin(); it != closing_.end();) {
    if (it->producer->closed()) {
      it->thread.join();
      it = closing_.erase(it);
    } else {
      ++it;
    }
  }
  const absl::Time deadline = absl::Now() + options_.drain;
  Producer* p = producer.get();
  closing_.push_back(
      {std::move(producer),
       std::thread([p, deadline] { p->Close(deadline, DeliveryFailure::kProducerClosed); })});
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
    CloseInBackground(std::move(p));
  }
}

int64_t RdKafkaEventSink::MaxRecordBytes(const ClusterTarget&) const {
  return options_.message_max_bytes;
}

void RdKafkaEventSink::Close(absl::Time deadline) {
  std::map<std::string, std::shared_ptr<Producer>> open;
  std::list<Closing> closing;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    open.swap(producers_);
    closing.swap(closing_);
  }
  // In parallel: each producer's flush may take the whole budget.
  std::vector<std::thread> closers;
  for (auto& [name, p] : open) {
    closers.emplace_back([p = p.get(), deadline] { p->Close(deadline, DeliveryFailure::kShutdown); });
  }
  for (Closing& c : closing) c.producer->Hurry(deadline);
  for (std::thread& t : closers) t.join();
  for (Closing& c : closing) c.thread.join();
}

size_t RdKafkaEventSink::producer_count() const {
  std::lock_guard lock(mu_);
  return producers_.size();
}

absl::Status RdKafkaEventSink::InjectFatalErrorForTesting(const std::string& cluster) {
  std::shared_ptr<Producer> producer;
  {
    std::lock_guard lock(mu_);
    auto it = producers_.find(cluster);
    if (it == producers_.end()) return absl::NotFoundError(absl::StrCat("no producer for ", cluster));
    producer = it->second;
  }
  return producer->InjectFatalError();
}

}  // namespace causeway::gateway
