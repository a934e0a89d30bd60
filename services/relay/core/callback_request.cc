#include "relay/core/callback_request.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/avro/json_value.h"
#include "common/core/errors.h"
#include "common/core/time_text.h"
#include "relay/core/trace_context.h"

namespace causeway::relay {
namespace {

absl::Status CheckTarget(const CallbackTarget& target, int attempt) {
  if (target.endpoint.empty()) return InvalidField("endpoint", "must not be empty");
  if (target.signer == nullptr) return InvalidField("signer", "must be given");
  if (attempt < 1) return InvalidField("attempt", "must be at least 1");
  return absl::OkStatus();
}

std::string CeSource(const DeliveryEvent& event, const CallbackTarget& target) {
  return absl::StrCat("causeway://", target.zone.empty() ? event.cluster : target.zone, "/",
                      event.topic);
}

std::string CeType(const DeliveryEvent& event) {
  return absl::StrCat(event.namespace_name, ".", event.event_type);
}

// The request every form shares: method POST is implied by HttpRequest.
HttpRequest NewRequest(const CallbackTarget& target) {
  HttpRequest request;
  request.url = target.endpoint;
  request.timeout = target.attempt_timeout;
  request.allow_private_address = target.allow_private_address;
  request.headers.reserve(16);
  return request;
}

// Signs last: the signature covers the final body.
void AddSubscriptionAndSignature(HttpRequest& request, const CallbackTarget& target, int attempt,
                                 std::string webhook_id, std::string traceparent,
                                 absl::Time now) {
  const int64_t unix_seconds = absl::ToUnixSeconds(now);
  auto& h = request.headers;
  h.emplace_back("causeway-subscription", target.subscription);
  h.emplace_back("causeway-attempt", absl::StrCat(attempt));
  h.emplace_back("traceparent", std::move(traceparent));
  std::string signature = target.signer->Sign(webhook_id, unix_seconds, request.body);
  h.emplace_back("webhook-id", std::move(webhook_id));
  h.emplace_back("webhook-timestamp", absl::StrCat(unix_seconds));
  h.emplace_back("webhook-signature", std::move(signature));
}

}  // namespace

std::string EffectiveEventId(const DeliveryEvent& event) {
  if (!event.event_id.empty()) return event.event_id;
  return absl::StrCat(event.cluster, "/", event.topic, "/", event.partition, "/", event.offset);
}

absl::StatusOr<HttpRequest> BuildCallbackRequest(const DeliveryEvent& event,
                                                 const CallbackTarget& target, int attempt,
                                                 absl::Time now, RandomSource random) {
  if (absl::Status s = CheckTarget(target, attempt); !s.ok()) return s;
  HttpRequest request = NewRequest(target);
  std::string id = EffectiveEventId(event);
  auto& h = request.headers;
  h.emplace_back("content-type", std::string(event.content_type));
  h.emplace_back("ce-specversion", "1.0");
  h.emplace_back("ce-id", id);
  h.emplace_back("ce-source", CeSource(event, target));
  h.emplace_back("ce-type", CeType(event));
  h.emplace_back("ce-time", FormatRfc3339(event.timestamp));
  if (!event.key.empty()) h.emplace_back("ce-subject", event.key);
  h.emplace_back("ce-dataschema",
                 absl::StrCat(target.registry_url, "/schemas/ids/", event.schema_global_id));
  h.emplace_back("causeway-schema-id", absl::StrCat(event.schema_global_id));
  if (!event.reader_fingerprint.empty()) {
    h.emplace_back("causeway-reader-schema", event.reader_fingerprint);
  }
  request.body = event.payload;
  AddSubscriptionAndSignature(request, target, attempt, std::move(id),
                              TraceparentFor(event.traceparent, random), now);
  return request;
}

absl::StatusOr<HttpRequest> BuildBatchCallbackRequest(absl::Span<const DeliveryEvent> events,
                                                      const CallbackTarget& target, int attempt,
                                                      absl::Time now, RandomSource random) {
  if (absl::Status s = CheckTarget(target, attempt); !s.ok()) return s;
  if (events.empty()) return InvalidField("events", "a batch holds at least one event");
  HttpRequest request = NewRequest(target);
  request.headers.emplace_back("content-type", std::string(kJsonContentType));
  std::string& body = request.body;
  size_t size = 2;
  // Base64 takes 4 bytes for 3.
  for (const DeliveryEvent& e : events) size += e.payload.size() * 4 / 3 + e.key.size() + 220;
  body.reserve(size);
  body += '[';
  for (size_t i = 0; i < events.size(); ++i) {
    const DeliveryEvent& e = events[i];
    if (i > 0) body += ',';
    body += "{\"id\":";
    avro::AppendJsonString(body, EffectiveEventId(e));
    body += ",\"type\":";
    avro::AppendJsonString(body, CeType(e));
    if (!e.key.empty()) {
      body += ",\"subject\":";
      avro::AppendJsonString(body, e.key);
    }
    body += ",\"time\":";
    avro::AppendJsonString(body, FormatRfc3339(e.timestamp));
    absl::StrAppend(&body, ",\"schema_id\":", e.schema_global_id);
    if (!e.reader_fingerprint.empty()) {
      body += ",\"reader_schema\":";
      avro::AppendJsonString(body, e.reader_fingerprint);
    }
    if (e.content_type == kAvroContentType) {
      absl::StrAppend(&body, ",\"data_base64\":\"", absl::Base64Escape(e.payload), "\"}");
    } else {
      absl::StrAppend(&body, ",\"data\":", e.payload, "}");
    }
  }
  body += ']';
  request.headers.emplace_back("causeway-batch-size", absl::StrCat(events.size()));
  AddSubscriptionAndSignature(request, target, attempt,
                              absl::StrCat(EffectiveEventId(events.front()), "+", events.size()),
                              TraceparentFor(events.front().traceparent, random), now);
  return request;
}

}  // namespace causeway::relay
