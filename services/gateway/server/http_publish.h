#pragma once
// The HTTP door of causeway-gateway, for clients without gRPC (curl, scripts, browsers): a thin
// adapter that turns HTTP requests into PublishRequests for the same Publisher the gRPC service
// uses (same validation, authentication, dedup and acknowledgement), and results into HTTP
// statuses. The routes and headers are documented in services/gateway/server/README.md.
//
//   POST /v1/events/{namespace}/{event_type}   body: the event (JSON, or Avro binary with
//                                               Content-Type application/avro)
//   POST /v1/events:batch                       body: {"events": [{"namespace", "event_type",
//                                               "payload", ...}, ...]}
//
// Callers are authenticated from their headers before the body is read (401 without reading
// it), bodies are bounded by `max_body_bytes` (413) and read whatever their Content-Type says
// (curl -d's form type included: the body is the event, never parsed as a form).
//
// Threads: handlers run on the HTTP server's worker pool and block until the outcome or the
// deadline; slow clients hold no worker (only complete requests are dispatched).
#include "absl/time/time.h"
#include "causeway/gateway/v1/gateway.pb.h"
#include "common/server/http_server.h"
#include "gateway/server/publisher.h"

namespace causeway::gateway {

struct HttpPublishOptions {
  // How long a request waits for Kafka unless it asks for less with `?timeout_ms=`.
  absl::Duration default_wait = absl::Seconds(30);
  // Events per batch request.
  int max_batch = 1000;
  // Largest request body, one event or a batch (--http-max-body-bytes): 413 beyond.
  size_t max_body_bytes = 16 << 20;
};

// Adds the routes, and makes the server's own errors (413, 415, 404, 503) answer with the same
// body as a refused event: {"event_id": "", "code": <gRPC code>, "message": "..."}.
void AddHttpPublishRoutes(HttpServer& server, Publisher* publisher,
                          HttpPublishOptions options = {});

// The HTTP status of one event's outcome: 201 persisted, 202 accepted, else the error's mapping
// (400, 401, 403, 404, 409, 429, 503, 504, 500), 413 for an event too large for its clusters.
int HttpStatusOf(const v1::PublishResult& result, v1::Ack ack);

}  // namespace causeway::gateway
