#pragma once
// The read side of the Confluent Schema Registry REST API, so that stock Kafka deserializers
// (Confluent's Java and Python AvroDeserializer, anything using SchemaRegistryClient) decode
// Causeway's events with no Causeway code. Served on the service's HTTP port.
//
// Subjects follow the topic-name strategy: `<topic>-value`. Only available and deprecated schemas
// are visible; their subject version is the schema's `version`. Writes stay in the gRPC API: a
// write endpoint answers 405 with a pointer to it. Answers come from this replica's in-memory view.
//
//   GET  /schemas/ids/{id}                    {"schema": "..."}
//   GET  /schemas/ids/{id}/schema             the schema itself
//   GET  /schemas/ids/{id}/versions           [{"subject": "...", "version": n}]
//   GET  /subjects                            ["mfp.foodentrycreated-value", ...]
//   GET  /subjects/{subject}/versions         [1, 2]
//   GET  /subjects/{subject}/versions/{v}     {"subject","version","id","schema"}; v = n | latest
//   GET  /subjects/{subject}/versions/{v}/schema
//   POST /subjects/{subject}                  look-up of {"schema": "..."}: as above, or 40403
//   POST /compatibility/subjects/{subject}/versions/{v}   {"is_compatible": bool[, "messages"]}
//   GET  /config, GET /config/{subject}       {"compatibilityLevel": "BACKWARD"}
//
// Every request is authenticated like the gRPC API: `Authorization: Bearer <token>`, or Basic with
// the token as password (any user name; Confluent clients' `basic.auth.user.info`), or an HTTPS
// client certificate. A caller sees the subjects of the namespaces it is a viewer of (owner,
// publisher and consumer imply viewer); the others answer as if absent.
//
// Errors are Confluent's JSON bodies {"error_code": 40401, "message": "..."}: 40401 subject not
// found, 40402 version not found, 40403 schema not found, 42201 invalid schema, 42202 invalid
// version, 40101 no or unknown credentials (HTTP 401), 50301 registry not loaded yet.
//
// Callers are authenticated from their headers before a body is read (401 without reading it);
// POST bodies are at most kMaxRegistryBodyBytes (413, error_code 413, beyond). The server's own
// errors use the same body, with the HTTP status as error_code (404, 405, 413, 415, 503).
#include "common/server/http_server.h"
#include "topology/access.h"
#include "topology/watch_hub.h"

namespace causeway::topology {

// Largest body of a registry POST (a look-up or compatibility check of one schema): Avro schemas
// that Causeway registers are far smaller, and the gRPC API bounds them on registration.
inline constexpr size_t kMaxRegistryBodyBytes = 1 << 20;

void RegisterSchemaRegistryRoutes(WatchHub* hub, const Access* access, HttpServer& server);

}  // namespace causeway::topology
