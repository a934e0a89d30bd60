#pragma once
// DeadLetterProducer: writes dead letters to a subscription's dead-letter topic on one cluster
// with an idempotent librdkafka producer (acks=all, enable.idempotence), and reports each write
// once: the runner marks the event terminal (commits past it) only after the broker has it, so a
// dead letter is never lost. A failed write is reported too; the runner tries again.
//
// Bounds: librdkafka's queue (queue.buffering.max.messages 100,000); the runner writes at most
// the events it holds. Done callbacks are heap-allocated per write and freed when reported.
//
// Threads: Produce from any thread; Poll (which runs the `done` callbacks) from one thread, the
// runner's poll thread.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/kafka/cluster_connection.h"
#include "librdkafka/rdkafka.h"

namespace causeway::relay {

struct DeadLetter {
  std::string topic;
  std::optional<std::string> key;
  std::string value;
  // The original headers, then the dead-letter ones.
  std::vector<std::pair<std::string, std::string>> headers;
};

class DeadLetterProducer {
 public:
  using Done = std::function<void(absl::Status)>;
  static absl::StatusOr<std::unique_ptr<DeadLetterProducer>> Create(
      std::string cluster_label, const kafka::ClusterConnection& cluster);
  // Close(now): what is not written is reported failed.
  ~DeadLetterProducer();
  DeadLetterProducer(const DeadLetterProducer&) = delete;
  DeadLetterProducer& operator=(const DeadLetterProducer&) = delete;

  // `done` runs from Poll (or at once, on the caller's thread, when librdkafka refuses the
  // record: queue full, record too large).
  void Produce(DeadLetter letter, Done done);
  // Serves delivery reports for up to `timeout`.
  void Poll(absl::Duration timeout);
  // Waits until every write was reported or `deadline` passed; then reports the rest failed.
  void Close(absl::Time deadline);
  // Writes not reported yet.
  int outstanding() const;

 private:
  explicit DeadLetterProducer(std::string label) : label_(std::move(label)) {}
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque);

  const std::string label_;
  rd_kafka_t* handle_ = nullptr;
};

}  // namespace causeway::relay
