#include "raw_producer_load.h"

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace causeway::bench {
namespace {

constexpr char kEventIdHeader[] = "causeway-event-id";

class RawProducerLoad {
 public:
  explicit RawProducerLoad(const RawProducerOptions& options) : options_(options) {}

  ~RawProducerLoad() {
    if (handle_ == nullptr) return;
    running_ = false;
    if (poller_.joinable()) poller_.join();
    rd_kafka_destroy(handle_);
  }

  // The settings of RdKafkaEventSink::Producer::Create, on purpose the same list.
  absl::Status Create() {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    const std::pair<const char*, std::string> props[] = {
        {"enable.idempotence", "true"},
        {"acks", "all"},
        {"partitioner", "murmur2_random"},
        {"linger.ms", absl::StrCat(options_.linger_ms)},
        {"message.timeout.ms", absl::StrCat(options_.message_timeout_ms)},
        {"queue.buffering.max.messages", absl::StrCat(options_.queue_max_messages)},
        {"queue.buffering.max.kbytes", absl::StrCat(options_.queue_max_kbytes)},
        {"log.connection.close", "false"},
        {"bootstrap.servers", options_.bootstrap},
    };
    for (const auto& [k, v] : props) {
      if (rd_kafka_conf_set(conf, k, v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return absl::FailedPreconditionError(absl::StrCat("producer property ", k, ": ", err));
      }
    }
    rd_kafka_conf_set_dr_msg_cb(conf, &RawProducerLoad::OnDelivery);
    rd_kafka_conf_set_log_cb(conf, [](const rd_kafka_t*, int, const char*, const char*) {});
    rd_kafka_conf_set_opaque(conf, this);
    handle_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (handle_ == nullptr) {
      rd_kafka_conf_destroy(conf);
      return absl::FailedPreconditionError(absl::StrCat("cannot create a producer: ", err));
    }
    // As the gateway's producer: one thread serving delivery reports.
    poller_ = std::thread([this] {
      while (running_) rd_kafka_poll(handle_, 100);
    });
    return absl::OkStatus();
  }

  LoadResult Run() {
    window_ = LoadWindow::StartingNow(options_.warmup, options_.duration);
    LoadResult result;
    LoadTally refused;  // produce() errors, on this thread
    int64_t unsent = 0;
    if (options_.offered_rate > 0) {
      unsent = PaceOpenLoop(window_.start, window_.window_start, window_.end,
                            options_.offered_rate, &result.send_lag,
                            [&](int64_t k, Clock::time_point due) { Produce(k, due, refused); });
    } else {
      for (int64_t k = 0; Clock::now() < window_.end; ++k) {
        {
          std::unique_lock lock(mu_);
          window_open_.wait(lock, [&] { return in_flight_ < options_.window; });
        }
        Produce(k, Clock::now(), refused);
      }
    }
    rd_kafka_flush(handle_, options_.message_timeout_ms + 5000);
    result.elapsed = Since(window_.start, Clock::now());
    result.window = Since(window_.window_start, window_.end);
    std::lock_guard lock(mu_);
    result.Merge(delivered_);
    result.Merge(refused);
    result.AddUnsent(unsent);
    return result;
  }

 private:
  void Produce(int64_t sequence, Clock::time_point due, LoadTally& refused) {
    const std::string id = options_.ids.Id(static_cast<uint64_t>(sequence));
    rd_kafka_headers_t* headers = rd_kafka_headers_new(options_.record.headers.size());
    for (const auto& [name, value] : options_.record.headers) {
      const std::string& v = name == kEventIdHeader ? id : value;
      rd_kafka_header_add(headers, name.data(), static_cast<ssize_t>(name.size()), v.data(),
                          static_cast<ssize_t>(v.size()));
    }
    auto* sent = new Clock::time_point(due);
    {
      std::lock_guard lock(mu_);
      ++in_flight_;
    }
    const std::string& value = options_.record.value;
    const rd_kafka_resp_err_t e = rd_kafka_producev(
        handle_, RD_KAFKA_V_TOPIC(options_.topic.c_str()),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
        RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_OPAQUE(sent), RD_KAFKA_V_END);
    if (e == RD_KAFKA_RESP_ERR_NO_ERROR) return;  // librdkafka owns the headers now
    rd_kafka_headers_destroy(headers);
    delete sent;
    {
      std::lock_guard lock(mu_);
      --in_flight_;
    }
    refused.Record(window_, due, Clock::now(), absl::StrCat("produce: ", rd_kafka_err2str(e)));
  }

  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<RawProducerLoad*>(opaque);
    std::unique_ptr<Clock::time_point> due(static_cast<Clock::time_point*>(msg->_private));
    const Clock::time_point now = Clock::now();
    {
      std::lock_guard lock(self->mu_);
      self->delivered_.Record(self->window_, *due, now,
                              msg->err == RD_KAFKA_RESP_ERR_NO_ERROR
                                  ? std::string()
                                  : absl::StrCat("delivery: ", rd_kafka_err2str(msg->err)));
      --self->in_flight_;
    }
    self->window_open_.notify_one();
  }

  const RawProducerOptions& options_;
  rd_kafka_t* handle_ = nullptr;
  std::atomic<bool> running_{true};
  std::thread poller_;
  LoadWindow window_;
  std::mutex mu_;
  std::condition_variable window_open_;
  int in_flight_ = 0;   // guarded by mu_
  LoadTally delivered_;  // guarded by mu_ (written by the poll thread)
};

}  // namespace

absl::StatusOr<LoadResult> RunRawProducerLoad(const RawProducerOptions& options) {
  RawProducerLoad load(options);
  if (absl::Status s = load.Create(); !s.ok()) return s;
  return load.Run();
}

}  // namespace causeway::bench
