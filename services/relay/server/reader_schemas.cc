#include "relay/server/reader_schemas.h"

#include "absl/strings/str_cat.h"
#include "common/avro/fingerprint.h"
#include "common/avro/schema_parser.h"
#include "common/core/errors.h"

namespace causeway::relay {
namespace {

namespace tv1 = ::causeway::topology::v1;

std::string Key(const std::string& ns, const std::string& event_type) {
  return absl::StrCat(ns, "/", event_type);
}

}  // namespace

absl::StatusOr<ReaderSchemas> ReaderSchemas::Build(const tv1::Subscription& subscription,
                                                   const topology::TopologyView* view) {
  ReaderSchemas out;
  for (int i = 0; i < subscription.reader_schemas_size(); ++i) {
    const tv1::ReaderSchema& rs = subscription.reader_schemas(i);
    const std::string field = absl::StrCat("reader_schemas[", i, "]");
    tv1::EventTypeRef type = rs.event_type();
    if (type.namespace_().empty() && type.name().empty()) {
      if (subscription.event_types_size() != 1) {
        return InvalidField(absl::StrCat(field, ".event_type"),
                            "must be given when the subscription reads several event types");
      }
      type = subscription.event_types(0);
    }
    std::string definition = rs.definition();
    if (definition.empty()) {
      if (rs.schema_id().empty()) {
        return InvalidField(field, "needs a definition or a schema_id");
      }
      if (view != nullptr) {
        for (const tv1::Schema* s : view->SchemasOf(type.namespace_(), type.name())) {
          if (s->id() == rs.schema_id()) definition = s->definition();
        }
      }
      if (definition.empty()) {
        return InvalidField(absl::StrCat(field, ".schema_id"),
                            absl::StrCat("no schema ", rs.schema_id(), " of ", type.namespace_(),
                                         "/", type.name()));
      }
    }
    auto parsed = avro::ParseSchema(definition);
    if (!parsed.ok()) {
      return InvalidField(absl::StrCat(field, ".definition"), parsed.status().message());
    }
    ReaderSchema reader;
    reader.fingerprint = avro::SchemaId(*parsed);
    reader.schema = std::make_shared<const avro::Schema>(*std::move(parsed));
    if (!out.by_event_type_.emplace(Key(type.namespace_(), type.name()), std::move(reader))
             .second) {
      return InvalidField(absl::StrCat(field, ".event_type"),
                          absl::StrCat(type.namespace_(), "/", type.name(),
                                       " has a reader schema already"));
    }
  }
  return out;
}

const ReaderSchema* ReaderSchemas::Find(const std::string& ns, const std::string& event_type) const {
  if (by_event_type_.empty()) return nullptr;
  auto it = by_event_type_.find(Key(ns, event_type));
  return it == by_event_type_.end() ? nullptr : &it->second;
}

}  // namespace causeway::relay
