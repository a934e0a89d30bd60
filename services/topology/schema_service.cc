#include "topology/schema_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/avro/canonical_form.h"
#include "common/avro/fingerprint.h"
#include "common/avro/schema_bounds.h"
#include "common/avro/schema_parser.h"
#include "common/core/errors.h"
#include "common/core/grpc_status.h"
#include "common/core/names.h"
#include "common/core/watch_limits.h"
#include "topology/reader_schemas.h"

namespace causeway::topology {
namespace {

// A registered schema (definition, canonical form and metadata) must fit the largest Watch entity
// every follower accepts.
static_assert(2 * avro::SchemaBounds{}.max_text_bytes + (size_t{64} << 10) <= kMaxEntityBytes,
              "schema text bound too large for a Watch message");

grpc::Status Err(const absl::Status& s) { return ToGrpcStatus(s); }

absl::Status ValidateEventTypeRef(const std::string& ns, const std::string& event_type) {
  if (absl::Status s = ValidateResourceName("namespace", ns); !s.ok()) return s;
  return ValidateEventTypeName("event_type", event_type);
}

absl::Status ValidateSchemaId(const std::string& id) {
  if (id.size() != 32) return InvalidField("id", "expected 32 lower-case hex characters");
  for (char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return InvalidField("id", "expected 32 lower-case hex characters");
    }
  }
  return absl::OkStatus();
}

// A schema's definition, parsed: INVALID_ARGUMENT prefixed with `field` when it is not valid Avro.
absl::StatusOr<avro::Schema> Parse(const std::string& field, const std::string& definition) {
  auto schema = avro::ParseSchema(definition);
  if (!schema.ok()) return Annotate(schema.status(), field);
  return schema;
}

// A definition to register: valid Avro within the registry's bounds (avro::SchemaBounds: text
// size, fields, nesting, expansion), so that no schema stored makes readers' walks explode.
absl::StatusOr<avro::Schema> ParseNew(const std::string& field, const std::string& definition) {
  if (absl::Status s = avro::CheckSchemaTextSize(definition); !s.ok()) return Annotate(s, field);
  auto schema = Parse(field, definition);
  if (!schema.ok()) return schema;
  if (absl::Status s = avro::CheckSchemaBounds(*schema); !s.ok()) return Annotate(s, field);
  return schema;
}

absl::StatusOr<SchemaKey> KeyOf(const v1::SchemaTransitionRequest& req) {
  if (absl::Status s = ValidateSchemaId(req.id()); !s.ok()) return s;
  if (!req.namespace_().empty() || !req.event_type().empty()) {
    if (absl::Status s = ValidateEventTypeRef(req.namespace_(), req.event_type()); !s.ok()) {
      return s;
    }
  }
  return SchemaKey{req.id(), req.namespace_(), req.event_type()};
}

}  // namespace

avro::CompatibilityMode ToAvroMode(v1::CompatibilityMode mode) {
  switch (mode) {
    case v1::COMPATIBILITY_MODE_BACKWARD_TRANSITIVE: return avro::CompatibilityMode::kBackwardTransitive;
    case v1::COMPATIBILITY_MODE_FORWARD: return avro::CompatibilityMode::kForward;
    case v1::COMPATIBILITY_MODE_FORWARD_TRANSITIVE: return avro::CompatibilityMode::kForwardTransitive;
    case v1::COMPATIBILITY_MODE_FULL: return avro::CompatibilityMode::kFull;
    case v1::COMPATIBILITY_MODE_FULL_TRANSITIVE: return avro::CompatibilityMode::kFullTransitive;
    case v1::COMPATIBILITY_MODE_NONE: return avro::CompatibilityMode::kNone;
    default: return avro::CompatibilityMode::kBackward;
  }
}

absl::StatusOr<v1::CheckCompatibilityResponse> CheckSchemaCompatibility(
    const std::string& candidate, const std::vector<v1::Schema>& available_newest_first,
    v1::CompatibilityMode mode) {
  auto parsed = Parse("definition", candidate);
  if (!parsed.ok()) return parsed.status();
  std::vector<avro::Schema> existing;
  std::vector<std::string> labels;
  for (const v1::Schema& s : available_newest_first) {
    auto e = Parse(absl::StrCat("stored schema ", s.id()), s.definition());
    if (!e.ok()) return absl::InternalError(e.status().message());
    existing.push_back(*std::move(e));
    labels.push_back(s.id());
  }
  std::vector<const avro::Schema*> pointers;
  for (const auto& e : existing) pointers.push_back(&e);
  v1::CheckCompatibilityResponse out;
  out.set_mode(mode == v1::COMPATIBILITY_MODE_UNSPECIFIED ? v1::COMPATIBILITY_MODE_BACKWARD : mode);
  const avro::CompatibilityMode avro_mode = ToAvroMode(mode);
  size_t compared = 0;
  switch (avro_mode) {
    case avro::CompatibilityMode::kNone: break;
    case avro::CompatibilityMode::kBackward:
    case avro::CompatibilityMode::kForward:
    case avro::CompatibilityMode::kFull: compared = std::min<size_t>(1, labels.size()); break;
    default: compared = labels.size();
  }
  for (size_t i = 0; i < compared; ++i) out.add_compared_with(labels[i]);
  for (const auto& found : avro::CheckCompatibility(*parsed, pointers, avro_mode, labels)) {
    v1::Incompatibility* inc = out.add_incompatibilities();
    inc->set_path(found.incompatibility.path);
    inc->set_kind(std::string(avro::IncompatibilityKindName(found.incompatibility.kind)));
    inc->set_message(found.incompatibility.detail);
    inc->set_against_id(found.existing_label);
  }
  out.set_compatible(out.incompatibilities_size() == 0);
  return out;
}

SchemaService::SchemaService(SchemaStore* schemas, TopologyStore* topology, WatchHub* hub,
                             const Access* access, absl::Duration read_your_writes_wait)
    : schemas_(schemas),
      topology_(topology),
      hub_(hub),
      access_(access),
      wait_(read_your_writes_wait) {}

std::string SchemaService::SchemaNamespace(const std::string& id, const std::string& ns) const {
  if (!ns.empty()) return ns;
  auto view = hub_->view();
  if (!view) return "";
  std::string found;
  for (const v1::Schema* schema : view->AllSchemas()) {
    if (schema->id() != id) continue;
    if (!found.empty() && found != schema->namespace_()) return "";  // in several: only admins
    found = schema->namespace_();
  }
  return found;
}

grpc::Status SchemaService::RegisterSchema(grpc::ServerContext* ctx,
                                           const v1::RegisterSchemaRequest* req, v1::Schema* out) {
  auto caller = access_->Check(*ctx, Need::Owner(req->namespace_()));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateEventTypeRef(req->namespace_(), req->event_type()); !s.ok()) {
    return Err(s);
  }
  auto schema = ParseNew("definition", req->definition());
  if (!schema.ok()) return Err(schema.status());
  return ReplyAfterCommit(hub_,
                          schemas_->Register(req->namespace_(), req->event_type(),
                                             avro::SchemaId(*schema), req->definition(),
                                             avro::CanonicalForm(*schema), out, caller->actor()),
                          wait_);
}

grpc::Status SchemaService::GetSchema(grpc::ServerContext* ctx, const v1::GetSchemaRequest* req,
                                      v1::Schema* out) {
  // The namespace (and so the role needed) is known once the schema is found.
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  absl::Status found;
  if (req->key_case() == v1::GetSchemaRequest::kGlobalId) {
    found = schemas_->GetByGlobalId(req->global_id(), out);
  } else if (found = ValidateSchemaId(req->id()); found.ok()) {
    found = schemas_->Get(SchemaKey{req->id(), req->namespace_(), req->event_type()}, out);
  }
  if (!found.ok()) return Err(found);
  if (absl::Status s = caller->Check(Need::Viewer(out->namespace_())); !s.ok()) {
    out->Clear();
    return Err(s);
  }
  return grpc::Status::OK;
}

grpc::Status SchemaService::ListSchemas(grpc::ServerContext* ctx, const v1::ListSchemasRequest* req,
                                        v1::ListSchemasResponse* out) {
  auto caller = access_->Check(*ctx, Need::Viewer(req->namespace_()));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateEventTypeRef(req->namespace_(), req->event_type()); !s.ok()) {
    return Err(s);
  }
  auto list = schemas_->List(req->namespace_(), req->event_type());
  if (!list.ok()) return Err(list.status());
  for (auto& s : *list) *out->add_schemas() = std::move(s);
  return grpc::Status::OK;
}

grpc::Status SchemaService::ActivateSchema(grpc::ServerContext* ctx,
                                           const v1::SchemaTransitionRequest* req,
                                           v1::Schema* out) {
  auto caller = access_->Check(*ctx, Need::Owner(SchemaNamespace(req->id(), req->namespace_())));
  if (!caller.ok()) return Err(caller.status());
  auto key = KeyOf(*req);
  if (!key.ok()) return Err(key.status());
  const bool force = req->force();
  ActivationCheck check = [force](const v1::EventType& et, const v1::Schema& candidate,
                                  const std::vector<v1::Schema>& available,
                                  const std::vector<v1::Subscription>& readers)
      -> absl::StatusOr<std::vector<v1::BrokenSubscription>> {
    auto result = CheckSchemaCompatibility(candidate.definition(), available, et.compatibility());
    if (!result.ok()) return result.status();
    if (!result->compatible()) {
      std::vector<std::string> reasons;
      for (const auto& inc : result->incompatibilities()) {
        reasons.push_back(absl::StrCat(inc.path(), ": ", inc.message(), " [", inc.kind(),
                                       ", against ", inc.against_id(), "]"));
      }
      return absl::FailedPreconditionError(absl::StrCat(
          "schema ", candidate.id(), " is not ",
          absl::StripPrefix(v1::CompatibilityMode_Name(result->mode()), "COMPATIBILITY_MODE_"),
          " compatible with ", et.namespace_(), "/", et.name(), ": ",
          absl::StrJoin(reasons, "; ")));
    }
    auto parsed = Parse("definition", candidate.definition());
    if (!parsed.ok()) return absl::InternalError(parsed.status().message());
    std::vector<v1::BrokenSubscription> broken =
        ReadersBrokenBy(*parsed, et.namespace_(), et.name(), readers, nullptr);
    if (!broken.empty() && !force) {
      return absl::FailedPreconditionError(absl::StrCat(
          "schema ", candidate.id(), " of ", et.namespace_(), "/", et.name(), " ",
          DescribeBroken(broken), " (an owner may force it: force, causeway schema activate "
                                  "--force)"));
    }
    return broken;
  };
  return ReplyAfterCommit(hub_, schemas_->Activate(*key, check, out, caller->actor()), wait_);
}

grpc::Status SchemaService::DeprecateSchema(grpc::ServerContext* ctx,
                                            const v1::SchemaTransitionRequest* req,
                                            v1::Schema* out) {
  auto caller = access_->Check(*ctx, Need::Owner(SchemaNamespace(req->id(), req->namespace_())));
  if (!caller.ok()) return Err(caller.status());
  auto key = KeyOf(*req);
  if (!key.ok()) return Err(key.status());
  return ReplyAfterCommit(hub_, schemas_->Deprecate(*key, out, caller->actor()), wait_);
}

grpc::Status SchemaService::CheckCompatibility(grpc::ServerContext* ctx,
                                               const v1::CheckCompatibilityRequest* req,
                                               v1::CheckCompatibilityResponse* out) {
  auto caller = access_->Check(*ctx, Need::Viewer(req->namespace_()));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateEventTypeRef(req->namespace_(), req->event_type()); !s.ok()) {
    return Err(s);
  }
  v1::EventType et;
  if (absl::Status s = topology_->Get(EntityKind::kEventType, {req->namespace_(), req->event_type()}, &et);
      !s.ok()) {
    return Err(s);
  }
  auto all = schemas_->List(req->namespace_(), req->event_type());
  if (!all.ok()) return Err(all.status());
  std::vector<v1::Schema> available;
  for (auto it = all->rbegin(); it != all->rend(); ++it) {
    if (it->status() == v1::SCHEMA_STATUS_AVAILABLE) available.push_back(*it);
  }
  std::sort(available.begin(), available.end(),
            [](const auto& a, const auto& b) { return a.version() > b.version(); });
  const v1::CompatibilityMode mode =
      req->mode() == v1::COMPATIBILITY_MODE_UNSPECIFIED ? et.compatibility() : req->mode();
  auto result = CheckSchemaCompatibility(req->definition(), available, mode);
  if (!result.ok()) return Err(result.status());
  if (req->check_subscriptions()) {
    // Viewers of ns may see who reads it (ListSubscriptions namespace:<ns> needs viewer too).
    auto readers = schemas_->Readers(req->namespace_(), req->event_type());
    if (!readers.ok()) return Err(readers.status());
    auto parsed = Parse("definition", req->definition());
    if (!parsed.ok()) return Err(parsed.status());
    std::vector<std::string> checked;
    for (auto& b : ReadersBrokenBy(*parsed, req->namespace_(), req->event_type(), *readers,
                                   &checked)) {
      *result->add_broken_subscriptions() = std::move(b);
    }
    for (auto& name : checked) result->add_checked_subscriptions(std::move(name));
    if (result->broken_subscriptions_size() > 0) result->set_compatible(false);
  }
  *out = *std::move(result);
  return grpc::Status::OK;
}

grpc::Status SchemaService::SetCompatibilityMode(grpc::ServerContext* ctx,
                                                 const v1::SetCompatibilityModeRequest* req,
                                                 v1::EventType* out) {
  auto caller = access_->Check(*ctx, Need::Owner(req->namespace_()));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateEventTypeRef(req->namespace_(), req->event_type()); !s.ok()) {
    return Err(s);
  }
  if (req->mode() == v1::COMPATIBILITY_MODE_UNSPECIFIED) {
    return Err(InvalidField("mode", "required"));
  }
  return ReplyAfterCommit(
      hub_,
      topology_->Update(
          EntityKind::kEventType, {req->namespace_(), req->event_type()}, 0,
          [&](google::protobuf::Message* m) {
            static_cast<v1::EventType*>(m)->set_compatibility(req->mode());
            return absl::OkStatus();
          },
          out, caller->actor()),
      wait_);
}

}  // namespace causeway::topology
