#pragma once
// The relay's Prometheus metrics (README "Metrics"), registered once with the process registry:
//   causeway_relay_deliveries_total{subscription,outcome,status_class}  counter: attempts by what
//       they led to: outcome `delivered`, `retried`, `dead_lettered`, `suspended`; status_class
//       `2xx` ... `transport_error` (response_classifier.h), `undecodable` for records that could
//       not be decoded (dead-lettered without an attempt)
//   causeway_relay_in_flight{subscription}             gauge: attempts sent, not answered
//   causeway_relay_callback_latency_seconds{subscription}    histogram: one attempt, send to answer
//   causeway_relay_publish_to_delivery_seconds{subscription} histogram: the record's Kafka
//       timestamp to its successful delivery
//   causeway_relay_lag_records{subscription}           gauge: high watermark - committable offset,
//       summed over the partitions this replica holds
//   causeway_relay_lag_seconds{subscription}           gauge: age of the oldest undelivered event
//   causeway_relay_pull_streams{subscription}          gauge: Relay.Consume streams open
//   causeway_relay_pull_events_total{subscription,outcome}  counter: pull deliveries by outcome:
//       `sent` (each delivery, redeliveries too), `acked`, `nacked`, `rejected`,
//       `redelivered_deadline` (its ack deadline passed), `redelivered_stream_closed` (it was
//       outstanding on a stream that closed)
//
// Threads: every method is thread-safe (prometheus-cpp's families lock on Add).
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace causeway::relay {

class RelayMetrics;

// One subscription's series, looked up once: Family::Add builds and hashes a label map on every
// call, which at 20,000 deliveries a second is a large share of a core.
class SubscriptionMetrics {
 public:
  void CountDelivery(const std::string& outcome, const std::string& status_class);
  void ObserveCallbackLatency(double seconds) { callback_latency_.Observe(seconds); }
  void ObservePublishToDelivery(double seconds) { publish_to_delivery_.Observe(seconds); }

 private:
  friend class RelayMetrics;
  SubscriptionMetrics(RelayMetrics* metrics, std::string subscription,
                      prometheus::Histogram& callback_latency,
                      prometheus::Histogram& publish_to_delivery)
      : metrics_(metrics),
        subscription_(std::move(subscription)),
        callback_latency_(callback_latency),
        publish_to_delivery_(publish_to_delivery) {}

  RelayMetrics* const metrics_;
  const std::string subscription_;
  prometheus::Histogram& callback_latency_;
  prometheus::Histogram& publish_to_delivery_;
  std::mutex mu_;
  // (outcome, status class) -> counter; at most 4 x 10 entries.
  std::map<std::pair<std::string, std::string>, prometheus::Counter*> deliveries_;
};

// One PULL subscription's series (StreamHub), looked up once.
struct PullMetrics {
  prometheus::Gauge& streams;
  prometheus::Counter& sent;
  prometheus::Counter& acked;
  prometheus::Counter& nacked;
  prometheus::Counter& rejected;
  prometheus::Counter& redelivered_deadline;
  prometheus::Counter& redelivered_stream_closed;
};

class RelayMetrics {
 public:
  explicit RelayMetrics(prometheus::Registry& registry);

  std::unique_ptr<SubscriptionMetrics> For(const std::string& subscription);
  std::unique_ptr<PullMetrics> PullFor(const std::string& subscription);

  void SetGauges(const std::string& subscription, double in_flight, double lag_records,
                 double lag_seconds);

 private:
  friend class SubscriptionMetrics;
  prometheus::Family<prometheus::Counter>& deliveries_;
  prometheus::Family<prometheus::Gauge>& in_flight_;
  prometheus::Family<prometheus::Histogram>& callback_latency_;
  prometheus::Family<prometheus::Histogram>& publish_to_delivery_;
  prometheus::Family<prometheus::Gauge>& lag_records_;
  prometheus::Family<prometheus::Gauge>& lag_seconds_;
  prometheus::Family<prometheus::Gauge>& pull_streams_;
  prometheus::Family<prometheus::Counter>& pull_events_;
};

}  // namespace causeway::relay
