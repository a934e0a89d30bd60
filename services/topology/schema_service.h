#pragma once
// SchemaService: the gRPC face of the schema registry (schema_registry.proto). Parses and checks
// schemas with the pure Avro core (common/avro) and keeps their lifecycle in a SchemaStore.
//
// Every call is authenticated and authorized by Access (the roles are in the proto).
// Threads: unary RPCs on gRPC's sync pool; stateless apart from its dependencies.
#include "causeway/topology/v1/schema_registry.grpc.pb.h"
#include "common/avro/compatibility_policy.h"
#include "topology/access.h"
#include "topology/schema_store.h"
#include "topology/topology_service.h"
#include "topology/watch_hub.h"

namespace causeway::topology {

class SchemaService final : public v1::SchemaRegistry::Service {
 public:
  SchemaService(SchemaStore* schemas, TopologyStore* topology, WatchHub* hub, const Access* access,
                absl::Duration read_your_writes_wait = absl::Seconds(2));

  grpc::Status RegisterSchema(grpc::ServerContext*, const v1::RegisterSchemaRequest*,
                              v1::Schema*) override;
  grpc::Status GetSchema(grpc::ServerContext*, const v1::GetSchemaRequest*, v1::Schema*) override;
  grpc::Status ListSchemas(grpc::ServerContext*, const v1::ListSchemasRequest*,
                           v1::ListSchemasResponse*) override;
  grpc::Status ActivateSchema(grpc::ServerContext*, const v1::SchemaTransitionRequest*,
                              v1::Schema*) override;
  grpc::Status DeprecateSchema(grpc::ServerContext*, const v1::SchemaTransitionRequest*,
                               v1::Schema*) override;
  grpc::Status CheckCompatibility(grpc::ServerContext*, const v1::CheckCompatibilityRequest*,
                                  v1::CheckCompatibilityResponse*) override;
  grpc::Status SetCompatibilityMode(grpc::ServerContext*, const v1::SetCompatibilityModeRequest*,
                                    v1::EventType*) override;

 private:
  // The namespace of a transition's schema: the request's, else the one event type the schema is
  // attached to in this replica's view ("" when unknown or ambiguous: only admins pass then).
  std::string SchemaNamespace(const std::string& id, const std::string& ns) const;

  SchemaStore* schemas_;
  TopologyStore* topology_;
  WatchHub* hub_;
  const Access* access_;
  absl::Duration wait_;
};

// The pure part, shared with the Schema Registry HTTP API and the CLI's offline check.
// Every incompatibility of `candidate` with `available_newest_first` (definitions, with their ids
// as labels) under `mode`; INVALID_ARGUMENT if a definition does not parse.
absl::StatusOr<v1::CheckCompatibilityResponse> CheckSchemaCompatibility(
    const std::string& candidate, const std::vector<v1::Schema>& available_newest_first,
    v1::CompatibilityMode mode);

avro::CompatibilityMode ToAvroMode(v1::CompatibilityMode mode);

}  // namespace causeway::topology
