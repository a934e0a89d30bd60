#pragma once
// Publisher: the publish path, shared by the unary, batch and streaming RPCs (and later the HTTP
// door): route from the RoutingState, check and encode the payload, suppress duplicates, frame
// the Confluent way, and write to every zone's cluster through the EventSink. Authentication and
// authorization happen here too, so every door enforces them the same way.
//
// Threads: Publish may be called from any thread; `done` runs exactly once, either before Publish
// returns (refused events, ACCEPTED) or later on the sink's delivery thread (PERSISTED).
#include <functional>
#include <memory>

#include "common/kafka/event_headers.h"
#include "absl/time/time.h"
#include "causeway/gateway/v1/gateway.pb.h"
#include "gateway/server/dedup.h"
#include "gateway/server/event_sink.h"
#include "gateway/server/payload_codec.h"
#include "common/auth/credentials.h"
#include "common/auth/principal_directory.h"
#include "gateway/server/routing_state.h"

namespace causeway::gateway {

using auth::AuthMode;
using auth::Credentials;

using StateSource = std::function<std::shared_ptr<const RoutingState>()>;
using PublishDone = std::function<void(const v1::PublishResult&)>;

class Publisher {
 public:
  // `observer` (may be null) hears of every event answered ACCEPTED and then not written.
  Publisher(StateSource state, PayloadCodec* codec, EventSink* sink, Dedup* dedup,
            AuthMode auth, DeliveryObserver* observer = nullptr);

  // Publishes for the principal `credentials` identify, which needs the publisher role on the
  // namespace (checked against the current topology on every event, so revocations apply
  // mid-stream). Returns the event id (the request's, or the
  // one generated).
  std::string Publish(const v1::PublishRequest& request, const Credentials& credentials,
                      PublishDone done);

  // Whether `credentials` identify a principal of the current topology: for doors that refuse a
  // stranger before reading its request (HTTP reads no body for it). OK in development mode and
  // while there is no topology yet (Publish answers then).
  absl::Status Authenticate(const Credentials& credentials) const;

  AuthMode auth_mode() const { return auth_; }

 private:
  StateSource state_;
  PayloadCodec* codec_;
  EventSink* sink_;
  Dedup* dedup_;
  AuthMode auth_;
  DeliveryObserver* observer_;
};

// Event size. An event whose record (RecordBytes: payload, key, headers) is larger than the
// smallest limit of its clusters (EventSink::MaxRecordBytes, the producers' message.max.bytes) is
// refused with INVALID_ARGUMENT naming the limit, before anything is produced. So is, before it is
// parsed, an Avro payload over the limit, or a JSON payload over kJsonToRecordFactor times it
// (JSON carries field names and whitespace that Avro does not, so a JSON event somewhat over the
// limit may still fit once encoded, but not one this far over it).
inline constexpr int64_t kJsonToRecordFactor = 4;
// The violation path of an event too large for its clusters (the whole payload, not a path into
// it); the HTTP door answers such a result 413.
inline constexpr char kTooLargePath[] = "payload";
bool IsTooLarge(const v1::PublishResult& result);

// The Kafka headers Causeway writes on every event (common/kafka/event_headers.h).
using kafka::kHeaderEventId;
using kafka::kHeaderEventType;
using kafka::kHeaderNamespace;
using kafka::kHeaderProducerId;
using kafka::kHeaderSchemaId;
using kafka::kHeaderTraceparent;

// A random (version 4) UUID, lower-case.
std::string NewEventId();

// A result carrying only an error.
v1::PublishResult ErrorResult(const std::string& event_id, const absl::Status& status);

}  // namespace causeway::gateway
