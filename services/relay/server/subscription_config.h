#pragma once
// What a SubscriptionRunner delivers by: the subscription as the topology (or --subscriptions)
// has it, with its retry policy and signer built once. Immutable; an update of the subscription
// is a new config, which applies to the next attempts (endpoint, policy, secrets).
#include <memory>
#include <string>
#include <vector>

#include "causeway/topology/v1/resources.pb.h"
#include "common/kafka/cluster_connection.h"
#include "relay/core/retry_policy.h"
#include "relay/core/webhook_signature.h"
#include "relay/server/reader_schemas.h"

namespace causeway::relay {

struct SubscriptionConfig {
  topology::v1::Subscription subscription;
  RetryPolicy policy{topology::v1::DeliveryPolicy()};
  // Null: requests go unsigned (a static subscription without --subscription-signing-key).
  std::shared_ptr<const WebhookSigner> signer;
  // A --subscriptions one (development mode): no topology entity to suspend.
  bool is_static = false;
  // For ce-dataschema; "" gives a relative reference.
  std::string registry_url;
  // subscription.reader_schemas, parsed: events of those types are resolved to them.
  ReaderSchemas readers;
};

// One cluster a subscription reads: its consumer group there reads `topics` (the event types'
// topics on that cluster and the redrive topic).
struct RunnerTarget {
  std::string cluster;
  kafka::ClusterConnection connection;
  std::vector<std::string> topics;
};

// Whether a runner reading `a` can go on reading `b` (else it is restarted).
inline bool SameTarget(const RunnerTarget& a, const RunnerTarget& b) {
  return a.cluster == b.cluster && a.connection.bootstrap_servers == b.connection.bootstrap_servers &&
         a.connection.properties == b.connection.properties && a.topics == b.topics;
}

}  // namespace causeway::relay
