#pragma once
// What makes a Subscription valid, its defaults, its zone and topics, and its secrets' rotation
// (resources.proto's Subscription, DeliveryPolicy and BatchPolicy comments are the spec). Pure:
// the RPC handlers (subscription_rpcs.cc) and the store's create transaction call these.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "causeway/topology/v1/resources.pb.h"

namespace causeway::topology {

namespace v1 = ::causeway::topology::v1;

// Bounds of a subscription (documented on its fields in resources.proto and in the README).
inline constexpr int kMaxSubscriptionEventTypes = 64;
inline constexpr size_t kMaxEndpointBytes = 2048;
inline constexpr size_t kMaxStateReasonBytes = 1024;
// RotateSubscriptionSecretRequest.overlap_seconds.
inline constexpr int64_t kDefaultSecretOverlapSeconds = 86400;
inline constexpr int64_t kMaxSecretOverlapSeconds = 7 * 86400;

// Topics of subscriptions start with this; no event type may take such a topic.
inline constexpr char kSubscriptionTopicPrefix[] = "causeway.sub.";
std::string DeadLetterTopic(absl::string_view subscription);  // causeway.sub.<name>.dead-letters
std::string RedriveTopic(absl::string_view subscription);     // causeway.sub.<name>.redrive

// Fills what a create leaves zero with its documented default (ordering KEY, content JSON, start
// LATEST, mode PUSH when an endpoint is set else PULL, state ACTIVE, every DeliveryPolicy/
// BatchPolicy default), so that a stored subscription shows the values in effect. Out-of-range
// values are left for ValidateSubscription.
void FillSubscriptionDefaults(v1::Subscription* subscription);

// Every fault of a subscription (after FillSubscriptionDefaults), each `subscription.<path>:
// <why>`, joined by "; " in one INVALID_ARGUMENT: name, owner, description, 1..64 distinct event
// types with valid names, zone name, mode PUSH or PULL, the endpoint (PUSH: an http(s) URL up to
// 2048 bytes, no user info, a private or local literal host unless allow_private_endpoint; PULL:
// none), enums (content JSON or AVRO), the delivery and batch
// ranges, start_time only with START_POSITION_TIMESTAMP, state_reason up to 1024 bytes.
absl::Status ValidateSubscription(const v1::Subscription& subscription);

// The zone of a new subscription from every placement of its event types: the one named (each
// event type must be placed there), or else the single zone where all of them are placed.
// FAILED_PRECONDITION naming the event types not placed in the zone, or the candidate zones.
absl::Status ChooseSubscriptionZone(const std::vector<v1::Placement>& placements,
                                    v1::Subscription* subscription);

// The clusters of `zone` holding a placement of one of the event types (sorted, distinct): where
// the subscription's topics are created and its consumer groups read.
std::vector<std::string> SubscriptionClusters(const std::vector<v1::Placement>& placements,
                                              const v1::Subscription& subscription);

// Makes `new_id` the current secret (created now) and keeps the previous current one until
// now + overlap_seconds; secrets that expired already, and any older one, are dropped (at most
// two remain).
void RotateSecrets(const std::string& new_id, int64_t now_micros, int64_t overlap_seconds,
                   v1::Subscription* subscription);

}  // namespace causeway::topology
