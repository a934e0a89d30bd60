#include "relay/server/relay_metrics.h"

namespace causeway::relay {
namespace {

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const auto* b = new prometheus::Histogram::BucketBoundaries{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600};
  return *b;
}

}  // namespace

RelayMetrics::RelayMetrics(prometheus::Registry& registry)
    : deliveries_(prometheus::BuildCounter()
                      .Name("causeway_relay_deliveries_total")
                      .Help("Delivery attempts by subscription, what they led to (delivered, "
                            "retried, dead_lettered, suspended) and the answer's status class.")
                      .Register(registry)),
      in_flight_(prometheus::BuildGauge()
                     .Name("causeway_relay_in_flight")
                     .Help("Callback attempts sent and not answered yet, per subscription.")
                     .Register(registry)),
      callback_latency_(prometheus::BuildHistogram()
                            .Name("causeway_relay_callback_latency_seconds")
                            .Help("One callback attempt, from sending to the endpoint's answer.")
                            .Register(registry)),
      publish_to_delivery_(prometheus::BuildHistogram()
                               .Name("causeway_relay_publish_to_delivery_seconds")
                               .Help("From the event's Kafka timestamp to its successful "
                                     "delivery.")
                               .Register(registry)),
      lag_records_(prometheus::BuildGauge()
                       .Name("causeway_relay_lag_records")
                       .Help("Records not yet delivered (high watermark minus committable "
                             "offset) over the partitions this replica holds.")
                       .Register(registry)),
      lag_seconds_(prometheus::BuildGauge()
                       .Name("causeway_relay_lag_seconds")
                       .Help("Age of the oldest event read and not yet delivered.")
                       .Register(registry)),
      pull_streams_(prometheus::BuildGauge()
                        .Name("causeway_relay_pull_streams")
                        .Help("Relay.Consume streams open on this replica, per subscription.")
                        .Register(registry)),
      pull_events_(prometheus::BuildCounter()
                       .Name("causeway_relay_pull_events_total")
                       .Help("Pull deliveries by outcome: sent, acked, nacked, rejected, "
                             "redelivered_deadline, redelivered_stream_closed.")
                       .Register(registry)) {}

std::unique_ptr<PullMetrics> RelayMetrics::PullFor(const std::string& subscription) {
  auto counter = [&](const char* outcome) -> prometheus::Counter& {
    return pull_events_.Add({{"subscription", subscription}, {"outcome", outcome}});
  };
  return std::unique_ptr<PullMetrics>(new PullMetrics{
      pull_streams_.Add({{"subscription", subscription}}), counter("sent"), counter("acked"),
      counter("nacked"), counter("rejected"), counter("redelivered_deadline"),
      counter("redelivered_stream_closed")});
}

std::unique_ptr<SubscriptionMetrics> RelayMetrics::For(const std::string& subscription) {
  return std::unique_ptr<SubscriptionMetrics>(new SubscriptionMetrics(
      this, subscription,
      callback_latency_.Add({{"subscription", subscription}}, LatencyBuckets()),
      publish_to_delivery_.Add({{"subscription", subscription}}, LatencyBuckets())));
}

void SubscriptionMetrics::CountDelivery(const std::string& outcome,
                                        const std::string& status_class) {
  prometheus::Counter* counter;
  {
    std::lock_guard lock(mu_);
    prometheus::Counter*& c = deliveries_[{outcome, status_class}];
    if (c == nullptr) {
      c = &metrics_->deliveries_.Add(
          {{"subscription", subscription_}, {"outcome", outcome}, {"status_class", status_class}});
    }
    counter = c;
  }
  counter->Increment();
}

void RelayMetrics::SetGauges(const std::string& subscription, double in_flight,
                             double lag_records, double lag_seconds) {
  in_flight_.Add({{"subscription", subscription}}).Set(in_flight);
  lag_records_.Add({{"subscription", subscription}}).Set(lag_records);
  lag_seconds_.Add({{"subscription", subscription}}).Set(lag_seconds);
}

}  // namespace causeway::relay
