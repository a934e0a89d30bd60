#include "topology/subscription_rules.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/core/errors.h"
#include "common/core/names.h"
#include "common/net/address_class.h"
#include "common/net/http_url.h"
#include "google/protobuf/util/time_util.h"
#include "topology/input_bounds.h"

namespace causeway::topology {
namespace {

using google::protobuf::util::TimeUtil;

// DeliveryPolicy and BatchPolicy defaults and ranges (resources.proto).
constexpr int32_t kDefaultMaxInFlight = 100;
constexpr int32_t kMaxMaxInFlight = 1000;
constexpr int64_t kDefaultInitialBackoffMs = 1000;
constexpr int64_t kMinInitialBackoffMs = 10;
constexpr int64_t kMaxInitialBackoffMs = 600000;
constexpr double kDefaultBackoffMultiplier = 2;
constexpr double kMaxBackoffMultiplier = 10;
constexpr int64_t kDefaultMaxBackoffMs = 600000;
constexpr int64_t kMaxMaxBackoffMs = 3600000;
constexpr int64_t kDefaultMaxRetryDurationMs = 3600000;
constexpr int64_t kMinMaxRetryDurationMs = 1000;
constexpr int64_t kMaxMaxRetryDurationMs = 86400000;
constexpr int64_t kDefaultAttemptTimeoutMs = 10000;
constexpr int64_t kMinAttemptTimeoutMs = 100;
constexpr int64_t kMaxAttemptTimeoutMs = 120000;
constexpr int64_t kDefaultMaxRetryAfterMs = 600000;
constexpr int32_t kMaxBatchEvents = 500;
constexpr int64_t kDefaultBatchWaitMs = 100;
constexpr int64_t kMaxBatchWaitMs = 10000;
constexpr int64_t kDefaultBatchBytes = 1 << 20;
constexpr int64_t kMaxBatchBytes = 8 << 20;

class Faults {
 public:
  void Add(const absl::Status& s) {
    if (!s.ok()) faults_.emplace_back(s.message());
  }
  void Add(absl::string_view field, absl::string_view why) {
    faults_.push_back(absl::StrCat(field, ": ", why));
  }
  template <typename T>
  void Range(absl::string_view field, T value, T min, T max) {
    if (value < min || value > max) {
      Add(absl::StrCat("subscription.", field), absl::StrCat("must be ", min, "..", max, ", got ", value));
    }
  }
  absl::Status Status() const {
    if (faults_.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(absl::StrJoin(faults_, "; "));
  }

 private:
  std::vector<std::string> faults_;
};

void ValidateEndpoint(const v1::Subscription& s, Faults* faults) {
  constexpr absl::string_view kField = "subscription.endpoint";
  if (s.mode() == v1::SUBSCRIPTION_MODE_PULL) {
    if (!s.endpoint().empty()) faults->Add(kField, "a PULL subscription has no endpoint");
    return;
  }
  if (s.endpoint().empty()) {
    faults->Add(kField, "required: the http:// or https:// URL events are POSTed to");
    return;
  }
  if (s.endpoint().size() > kMaxEndpointBytes) {
    faults->Add(CheckTextLength(kField, s.endpoint(), kMaxEndpointBytes));
    return;
  }
  auto url = net::ParseHttpUrl(kField, s.endpoint());
  if (!url.ok()) {
    faults->Add(url.status());
    return;
  }
  if (!s.allow_private_endpoint() && net::IsPrivateOrLocalHost(url->host)) {
    faults->Add(kField, absl::StrCat("host \"", url->host, "\" is a private, loopback or "
                                     "link-local address; an admin may allow it with "
                                     "allow_private_endpoint"));
  }
}

void ValidateDelivery(const v1::DeliveryPolicy& d, Faults* f) {
  f->Range<int64_t>("delivery.max_in_flight", d.max_in_flight(), 1, kMaxMaxInFlight);
  f->Range<int64_t>("delivery.initial_backoff_ms", d.initial_backoff_ms(), kMinInitialBackoffMs,
                    kMaxInitialBackoffMs);
  f->Range<double>("delivery.backoff_multiplier", d.backoff_multiplier(), 1, kMaxBackoffMultiplier);
  f->Range<int64_t>("delivery.max_backoff_ms", d.max_backoff_ms(),
                    std::max(d.initial_backoff_ms(), kMinInitialBackoffMs), kMaxMaxBackoffMs);
  f->Range<int64_t>("delivery.max_retry_duration_ms", d.max_retry_duration_ms(),
                    kMinMaxRetryDurationMs, kMaxMaxRetryDurationMs);
  f->Range<int64_t>("delivery.attempt_timeout_ms", d.attempt_timeout_ms(), kMinAttemptTimeoutMs,
                    kMaxAttemptTimeoutMs);
  f->Range<int64_t>("delivery.max_retry_after_ms", d.max_retry_after_ms(), 0,
                    std::max<int64_t>(d.max_retry_duration_ms(), 0));
  f->Range<int64_t>("delivery.batch.max_events", d.batch().max_events(), 0, kMaxBatchEvents);
  f->Range<int64_t>("delivery.batch.max_wait_ms", d.batch().max_wait_ms(), 1, kMaxBatchWaitMs);
  f->Range<int64_t>("delivery.batch.max_bytes", d.batch().max_bytes(), 1, kMaxBatchBytes);
}

std::string EventTypeText(const v1::EventTypeRef& ref) {
  return absl::StrCat(ref.namespace_(), "/", ref.name());
}

}  // namespace

std::string DeadLetterTopic(absl::string_view subscription) {
  return absl::StrCat(kSubscriptionTopicPrefix, subscription, ".dead-letters");
}

std::string RedriveTopic(absl::string_view subscription) {
  return absl::StrCat(kSubscriptionTopicPrefix, subscription, ".redrive");
}

void FillSubscriptionDefaults(v1::Subscription* s) {
  if (s->ordering() == v1::SUBSCRIPTION_ORDERING_UNSPECIFIED) {
    s->set_ordering(v1::SUBSCRIPTION_ORDERING_KEY);
  }
  if (s->content() == v1::SUBSCRIPTION_CONTENT_UNSPECIFIED) {
    s->set_content(v1::SUBSCRIPTION_CONTENT_JSON);
  }
  if (s->start() == v1::START_POSITION_UNSPECIFIED) s->set_start(v1::START_POSITION_LATEST);
  if (s->mode() == v1::SUBSCRIPTION_MODE_UNSPECIFIED) {
    s->set_mode(s->endpoint().empty() ? v1::SUBSCRIPTION_MODE_PULL : v1::SUBSCRIPTION_MODE_PUSH);
  }
  if (s->state() == v1::SUBSCRIPTION_STATE_UNSPECIFIED) s->set_state(v1::SUBSCRIPTION_STATE_ACTIVE);
  v1::DeliveryPolicy* d = s->mutable_delivery();
  if (d->max_in_flight() == 0) d->set_max_in_flight(kDefaultMaxInFlight);
  if (d->initial_backoff_ms() == 0) d->set_initial_backoff_ms(kDefaultInitialBackoffMs);
  if (d->backoff_multiplier() == 0) d->set_backoff_multiplier(kDefaultBackoffMultiplier);
  if (d->max_backoff_ms() == 0) d->set_max_backoff_ms(kDefaultMaxBackoffMs);
  if (d->max_retry_duration_ms() == 0) d->set_max_retry_duration_ms(kDefaultMaxRetryDurationMs);
  if (d->attempt_timeout_ms() == 0) d->set_attempt_timeout_ms(kDefaultAttemptTimeoutMs);
  // "up to max_retry_duration_ms": a shorter retry window caps the default too.
  if (d->max_retry_after_ms() == 0) {
    d->set_max_retry_after_ms(std::min(kDefaultMaxRetryAfterMs, d->max_retry_duration_ms()));
  }
  v1::BatchPolicy* b = d->mutable_batch();
  if (b->max_wait_ms() == 0) b->set_max_wait_ms(kDefaultBatchWaitMs);
  if (b->max_bytes() == 0) b->set_max_bytes(kDefaultBatchBytes);
}

absl::Status ValidateSubscription(const v1::Subscription& s) {
  Faults faults;
  faults.Add(ValidateResourceName("subscription.name", s.name()));
  if (!s.owner().empty()) faults.Add(ValidateResourceName("subscription.owner", s.owner()));
  faults.Add(CheckTextLength("subscription.description", s.description(), kMaxDescriptionBytes));
  if (s.event_types_size() == 0) {
    faults.Add("subscription.event_types", "at least one event type is required");
  } else if (s.event_types_size() > kMaxSubscriptionEventTypes) {
    faults.Add(CheckCount("subscription.event_types", s.event_types_size(),
                          kMaxSubscriptionEventTypes));
  } else {
    std::set<std::string> seen;
    for (int i = 0; i < s.event_types_size(); ++i) {
      const v1::EventTypeRef& ref = s.event_types(i);
      const std::string field = absl::StrCat("subscription.event_types[", i, "]");
      faults.Add(ValidateResourceName(absl::StrCat(field, ".namespace"), ref.namespace_()));
      faults.Add(ValidateEventTypeName(absl::StrCat(field, ".name"), ref.name()));
      if (!seen.insert(EventTypeText(ref)).second) {
        faults.Add(field, absl::StrCat("\"", EventTypeText(ref), "\" is listed twice"));
      }
    }
  }
  if (!s.zone().empty()) faults.Add(ValidateResourceName("subscription.zone", s.zone()));
  if (s.mode() != v1::SUBSCRIPTION_MODE_PUSH && s.mode() != v1::SUBSCRIPTION_MODE_PULL) {
    faults.Add("subscription.mode", "must be PUSH or PULL");
  }
  ValidateEndpoint(s, &faults);
  if (!v1::SubscriptionOrdering_IsValid(s.ordering()) ||
      s.ordering() == v1::SUBSCRIPTION_ORDERING_UNSPECIFIED) {
    faults.Add("subscription.ordering", "must be KEY, PARTITION or NONE");
  }
  if (s.content() != v1::SUBSCRIPTION_CONTENT_JSON && s.content() != v1::SUBSCRIPTION_CONTENT_AVRO) {
    faults.Add("subscription.content", "must be JSON or AVRO");
  }
  if (!v1::StartPosition_IsValid(s.start()) || s.start() == v1::START_POSITION_UNSPECIFIED) {
    faults.Add("subscription.start", "must be LATEST, EARLIEST or TIMESTAMP");
  } else if (s.start() == v1::START_POSITION_TIMESTAMP && !s.has_start_time()) {
    faults.Add("subscription.start_time", "required with START_POSITION_TIMESTAMP");
  } else if (s.start() != v1::START_POSITION_TIMESTAMP && s.has_start_time()) {
    faults.Add("subscription.start_time", "only with START_POSITION_TIMESTAMP");
  }
  // 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z, as google.protobuf.Timestamp defines.
  if (s.has_start_time() &&
      (s.start_time().seconds() < -62135596800 || s.start_time().seconds() > 253402300799 ||
       s.start_time().nanos() < 0 || s.start_time().nanos() > 999999999)) {
    faults.Add("subscription.start_time", "not a valid timestamp");
  }
  if (s.state() != v1::SUBSCRIPTION_STATE_ACTIVE && s.state() != v1::SUBSCRIPTION_STATE_SUSPENDED) {
    faults.Add("subscription.state", "must be ACTIVE or SUSPENDED");
  }
  faults.Add(CheckTextLength("subscription.state_reason", s.state_reason(), kMaxStateReasonBytes));
  ValidateDelivery(s.delivery(), &faults);
  return faults.Status();
}

absl::Status ChooseSubscriptionZone(const std::vector<v1::Placement>& placements,
                                    v1::Subscription* s) {
  std::map<std::string, std::set<std::string>> zones_of;  // event type -> zones
  for (const v1::Placement& p : placements) {
    zones_of[absl::StrCat(p.namespace_(), "/", p.event_type())].insert(p.zone());
  }
  if (!s->zone().empty()) {
    std::vector<std::string> missing;
    for (const v1::EventTypeRef& ref : s->event_types()) {
      if (!zones_of[EventTypeText(ref)].contains(s->zone())) missing.push_back(EventTypeText(ref));
    }
    if (missing.empty()) return absl::OkStatus();
    return absl::FailedPreconditionError(absl::StrCat(
        "subscription.zone: event type", missing.size() > 1 ? "s " : " ",
        absl::StrJoin(missing, ", "), missing.size() > 1 ? " are" : " is", " not placed in zone \"",
        s->zone(), "\""));
  }
  std::set<std::string> common;
  bool first = true;
  for (const v1::EventTypeRef& ref : s->event_types()) {
    const std::set<std::string>& zones = zones_of[EventTypeText(ref)];
    if (zones.empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "subscription.zone: event type ", EventTypeText(ref), " is not placed in any zone"));
    }
    if (first) {
      common = zones;
      first = false;
      continue;
    }
    std::set<std::string> both;
    std::set_intersection(common.begin(), common.end(), zones.begin(), zones.end(),
                          std::inserter(both, both.begin()));
    common = std::move(both);
  }
  if (common.size() == 1) {
    s->set_zone(*common.begin());
    return absl::OkStatus();
  }
  if (common.empty()) {
    return absl::FailedPreconditionError(
        "subscription.zone: no zone holds a placement of every event type; a subscription "
        "reads one zone");
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "subscription.zone: the event types are placed together in several zones (",
      absl::StrJoin(common, ", "), "): name one"));
}

std::vector<std::string> SubscriptionClusters(const std::vector<v1::Placement>& placements,
                                              const v1::Subscription& s) {
  std::set<std::string> wanted;
  for (const v1::EventTypeRef& ref : s.event_types()) wanted.insert(EventTypeText(ref));
  std::set<std::string> clusters;
  for (const v1::Placement& p : placements) {
    if (p.zone() == s.zone() && wanted.contains(absl::StrCat(p.namespace_(), "/", p.event_type()))) {
      clusters.insert(p.cluster());
    }
  }
  return {clusters.begin(), clusters.end()};
}

void RotateSecrets(const std::string& new_id, int64_t now_micros, int64_t overlap_seconds,
                   v1::Subscription* s) {
  v1::SubscriptionSecret fresh;
  fresh.set_id(new_id);
  *fresh.mutable_create_time() = TimeUtil::MicrosecondsToTimestamp(now_micros);
  std::vector<v1::SubscriptionSecret> kept = {fresh};
  for (const v1::SubscriptionSecret& old : s->secrets()) {
    if (old.has_expire_time()) continue;  // a previous one: the new rotation replaces it
    v1::SubscriptionSecret previous = old;
    const int64_t expire = now_micros + overlap_seconds * 1000000;
    if (overlap_seconds > 0) {
      *previous.mutable_expire_time() = TimeUtil::MicrosecondsToTimestamp(expire);
      kept.push_back(previous);
    }
    break;  // only the current secret is kept beside the new one
  }
  s->clear_secrets();
  for (auto& secret : kept) *s->add_secrets() = std::move(secret);
}

}  // namespace causeway::topology
