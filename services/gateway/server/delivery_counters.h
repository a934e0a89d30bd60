#pragma once
// DeliveryCounters: what must never pass unnoticed, counted for Prometheus and logged.
//   causeway_gateway_accepted_lost_total{cluster,reason}: events answered ACCEPTED that were then
//     not written to a cluster (reason: message_timeout, shutdown, producer_closed, producer_fatal,
//     refused); each is also logged with its event id, namespace, event type, zone, cluster and
//     error, at most kLossLogLinesPerSecond lines a second (the counter counts every one, and a
//     line says how many went unlogged).
//   causeway_gateway_producer_replacements_total{cluster,reason}: producers replaced by new ones
//     (reason: fatal, properties_changed).
//
// Threads: any; prometheus-cpp's counters are thread-safe, the log limit has its own lock.
#include <atomic>
#include <cstdint>
#include <mutex>

#include "absl/time/time.h"
#include "gateway/server/event_sink.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/registry.h"

namespace causeway::gateway {

// Per-event log lines of ACCEPTED losses per second; a burst beyond it is summarised.
inline constexpr int kLossLogLinesPerSecond = 100;

class DeliveryCounters : public DeliveryObserver {
 public:
  explicit DeliveryCounters(prometheus::Registry& registry);

  void AcceptedLost(const AcceptedLoss& loss) override;
  void ProducerReplaced(const std::string& cluster, absl::string_view reason,
                        const std::string& detail) override;

  // Every ACCEPTED loss so far (all clusters and reasons).
  int64_t accepted_lost() const { return accepted_lost_.load(); }

 private:
  // Whether this loss gets its own line; logs how many the last window left out.
  bool ClaimLogLine();

  prometheus::Family<prometheus::Counter>& lost_;
  prometheus::Family<prometheus::Counter>& replacements_;
  std::atomic<int64_t> accepted_lost_{0};
  std::mutex log_mu_;
  absl::Time window_start_ = absl::InfinitePast();
  int lines_in_window_ = 0;
  int64_t unlogged_ = 0;
};

}  // namespace causeway::gateway
