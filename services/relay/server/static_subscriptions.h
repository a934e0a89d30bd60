#pragma once
// Static subscriptions for local use, the seed's form:
//   causeway-relay --auth=development --subscriptions=mfp/Person=http://localhost:3000/callback
// Each `<namespace>/<event type>=<url>` (comma-separated; `=pull` instead of a URL makes a PULL
// subscription, read with Relay.Consume) becomes a Subscription with the
// documented defaults, named `static-<namespace>-<event type>` (lower-case; other characters than
// [a-z0-9-] become `-`), read from the event type's single zone with the consumer group
// `causeway.sub.static-<ns>-<type>`; its dead letters go to `causeway.sub.<name>.dead-letters`
// on that cluster (which must exist, or the broker must create topics on first use). No
// topology entity is needed, so no 410 suspension is written anywhere: the relay stops
// delivering it and logs why. Development mode only (main.cc refuses it otherwise).
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "causeway/topology/v1/resources.pb.h"

namespace causeway::relay {

// The endpoint text of a static PULL subscription.
inline constexpr char kStaticPull[] = "pull";

struct StaticSubscription {
  std::string ns;
  std::string event_type;
  std::string endpoint;
};

// INVALID_ARGUMENT naming the entry (`--subscriptions[1]: expected <namespace>/<event
// type>=<http(s) URL>`) for anything else; duplicates of one event type are refused too.
absl::StatusOr<std::vector<StaticSubscription>> ParseStaticSubscriptions(absl::string_view flag);

// The Subscription the relay serves for it (defaults for ordering, delivery, content; state
// ACTIVE; the private endpoint allowed: it is the developer's own machine). `start` is
// START_POSITION_LATEST unless given.
topology::v1::Subscription ToSubscription(
    const StaticSubscription& s,
    topology::v1::StartPosition start = topology::v1::START_POSITION_LATEST);

}  // namespace causeway::relay
