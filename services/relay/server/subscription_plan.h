#pragma once
// Which runners a relay should run for a topology view: one per (active subscription, cluster of
// its zone that holds one of its event types), reading those event types' topics there and the
// subscription's redrive topic. Pure: the supervisor diffs the plan against what runs.
//
// Signing: each secret of the subscription that has not expired is derived from the signing key
// (auth::DeriveWebhookSecret(key, name, secret id)), the current one first; with no signing key
// the requests go unsigned (a static subscription: secret id `static`).
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/topology/topology_view.h"
#include "relay/server/subscription_config.h"

namespace causeway::relay {

struct PlannedRunner {
  std::string key;  // "<subscription>@<cluster>"
  std::shared_ptr<const SubscriptionConfig> config;
  RunnerTarget target;
};

struct PlanInput {
  const topology::TopologyView* view = nullptr;
  // --subscriptions ones (their zone is filled in from the event type's single zone).
  std::vector<topology::v1::Subscription> statics;
  std::string signing_key;  // "" = unsigned static subscriptions; topology ones cannot be served
  std::string registry_url;
  absl::Time now;
};

// `problems` gets one line per subscription that cannot be served (event type not placed in its
// zone, placed in several zones for a static one, no signing key for a topology PUSH
// one).
std::vector<PlannedRunner> PlanRunners(const PlanInput& input, std::vector<std::string>* problems);

// The subscriptions of a view (every state).
std::vector<topology::v1::Subscription> SubscriptionsOf(const topology::TopologyView& view);

// The secrets that sign its requests now, current first.
std::vector<std::string> SigningSecrets(const topology::v1::Subscription& s,
                                        const std::string& signing_key, absl::Time now,
                                        bool is_static);

}  // namespace causeway::relay
