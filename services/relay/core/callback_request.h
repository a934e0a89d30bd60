#pragma once
// The HTTP request that delivers one event (or one batch) to a subscription's endpoint.
//
// One event: `POST <endpoint>`, the event's payload as the body (natural JSON, or Avro binary for
// SUBSCRIPTION_CONTENT_AVRO), CloudEvents 1.0 binary mode
// (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md)
// plus Causeway's and Standard Webhooks' headers:
//   content-type           application/json, or avro/binary
//   ce-specversion         1.0
//   ce-id                  the event id (see EffectiveEventId)
//   ce-source              causeway://<zone>/<topic>: the zone, not the cluster, so the source
//                          stays the same when an operator moves the event type to another
//                          cluster of the zone; the cluster when no zone is known (static
//                          development subscriptions)
//   ce-type                <namespace>.<event_type>
//   ce-time                the Kafka record timestamp, RFC 3339 UTC with milliseconds
//   ce-subject             the key; absent for an event without a key
//   ce-dataschema          <registry_url>/schemas/ids/<global id>: the Confluent-registry URL of
//                          the writer schema that topology serves; a relative reference
//                          `/schemas/ids/<id>` when no registry URL is configured
//   causeway-subscription  the subscription's name
//   causeway-attempt       1 for the first attempt, then 2, 3, ...
//   causeway-schema-id     the writer schema's global id
//   causeway-reader-schema the fingerprint (ReaderSchema.fingerprint) of the subscription's reader
//                          schema the payload was resolved to; absent when the event is in its
//                          writer's shape
//   traceparent            the event's own when valid, else a fresh one (trace_context.h)
//   webhook-id             the event id: the same on every attempt, so receivers deduplicate
//   webhook-timestamp      `now` in Unix seconds (the time of signing)
//   webhook-signature      v1,<HMAC-SHA256> per secret (webhook_signature.h)
//
// Batch (BatchPolicy.max_events > 1): the body is a JSON array, one object per event, in order:
//   {"id": ..., "type": "<namespace>.<event_type>", "subject": "<key>" (absent without a key),
//    "time": "<RFC 3339>", "schema_id": <global id>, "data": <the event's JSON>,
//    "reader_schema": "<fingerprint>" (only when resolved to a reader schema)}
// and, for Avro content, "data_base64": "<the Avro binary, base64>" instead of "data" (the body
// itself is JSON, content-type application/json).
// with content-type, causeway-subscription, causeway-attempt, causeway-batch-size (the count),
// traceparent (the first event's, else fresh), and the webhook-* headers. No ce-* headers: the
// CloudEvents attributes are per event, inside the array. webhook-id is `<first event id>+<count>`:
// stable across retries of the batch (a batch is retried as a whole, never re-cut).
// The batcher in the server enforces BatchPolicy's count, bytes and wait bounds.
//
// Threads: none; pure functions.
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "relay/core/http_exchange.h"
#include "relay/core/random_source.h"
#include "relay/core/webhook_signature.h"

namespace causeway::relay {

inline constexpr std::string_view kJsonContentType = "application/json";
inline constexpr std::string_view kAvroContentType = "avro/binary";

// One consumed event, decoded: what the callback needs from the Kafka record and its headers.
struct DeliveryEvent {
  std::string event_id;        // the `causeway-event-id` header; may be empty
  std::string namespace_name;
  std::string event_type;
  std::string key;             // the record key; empty when it has none
  std::string cluster;
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  absl::Time timestamp;        // the record's timestamp
  int64_t schema_global_id = 0;
  std::string traceparent;     // from the record's headers; empty when absent
  // The payload as the subscription's content asks, already decoded and valid: natural JSON, or
  // Avro binary without framing.
  std::string payload;
  std::string_view content_type = kJsonContentType;  // one of the two below (static storage)
  // The reader schema's fingerprint when the payload was resolved to one, else empty.
  std::string reader_fingerprint;
};

// Per-subscription settings of the request.
struct CallbackTarget {
  std::string subscription;
  std::string endpoint;
  std::string zone;          // "" → ce-source names the cluster
  std::string registry_url;  // e.g. "https://topology.example:8081"; "" → relative ce-dataschema
  absl::Duration attempt_timeout = absl::Seconds(10);
  bool allow_private_address = false;
  const WebhookSigner* signer = nullptr;  // required
};

// The event id, or `<cluster>/<topic>/<partition>/<offset>` for a record published without one
// (still unique and stable across attempts).
std::string EffectiveEventId(const DeliveryEvent& event);

// INVALID_ARGUMENT when the target has no signer or endpoint, or `attempt` < 1.
absl::StatusOr<HttpRequest> BuildCallbackRequest(const DeliveryEvent& event,
                                                 const CallbackTarget& target, int attempt,
                                                 absl::Time now, RandomSource random);

// INVALID_ARGUMENT as above, or for an empty batch.
absl::StatusOr<HttpRequest> BuildBatchCallbackRequest(absl::Span<const DeliveryEvent> events,
                                                      const CallbackTarget& target, int attempt,
                                                      absl::Time now, RandomSource random);

}  // namespace causeway::relay
