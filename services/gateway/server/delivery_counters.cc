#include "gateway/server/delivery_counters.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/core/log.h"

namespace causeway::gateway {

DeliveryCounters::DeliveryCounters(prometheus::Registry& registry)
    : lost_(prometheus::BuildCounter()
                .Name("causeway_gateway_accepted_lost_total")
                .Help("Events answered ACCEPTED that were then not written to a cluster, by "
                      "cluster and reason (message_timeout, shutdown, producer_closed, "
                      "producer_fatal, refused).")
                .Register(registry)),
      replacements_(prometheus::BuildCounter()
                        .Name("causeway_gateway_producer_replacements_total")
                        .Help("Kafka producers replaced by new ones, by cluster and reason "
                              "(fatal, properties_changed).")
                        .Register(registry)) {}

bool DeliveryCounters::ClaimLogLine() {
  std::lock_guard lock(log_mu_);
  const absl::Time now = absl::Now();
  if (now - window_start_ >= absl::Seconds(1)) {
    if (unlogged_ > 0) {
      log::Error("more ACCEPTED events lost than logged individually",
                 {{"unlogged", absl::StrCat(unlogged_)},
                  {"metric", "causeway_gateway_accepted_lost_total"}});
    }
    window_start_ = now;
    lines_in_window_ = 0;
    unlogged_ = 0;
  }
  if (lines_in_window_ < kLossLogLinesPerSecond) {
    ++lines_in_window_;
    return true;
  }
  ++unlogged_;
  return false;
}

void DeliveryCounters::AcceptedLost(const AcceptedLoss& loss) {
  const std::string reason(DeliveryFailureName(loss.failure));
  lost_.Add({{"cluster", loss.cluster}, {"reason", reason}}).Increment();
  ++accepted_lost_;
  if (!ClaimLogLine()) return;
  log::Error("ACCEPTED event lost: it was not written",
             {{"event_id", loss.event_id},
              {"namespace", loss.namespace_},
              {"event_type", loss.event_type},
              {"zone", loss.zone},
              {"cluster", loss.cluster},
              {"reason", reason},
              {"error", std::string(loss.error.message())}});
}

void DeliveryCounters::ProducerReplaced(const std::string& cluster, absl::string_view reason,
                                        const std::string& detail) {
  (void)detail;  // the sink logs it
  replacements_.Add({{"cluster", cluster}, {"reason", std::string(reason)}}).Increment();
}

}  // namespace causeway::gateway
