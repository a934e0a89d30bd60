#include "topology/reader_schemas.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/avro/compatibility.h"
#include "common/avro/fingerprint.h"
#include "common/avro/schema_parser.h"
#include "common/core/errors.h"

namespace causeway::topology {
namespace {

bool Readable(v1::SchemaStatus status) {
  return status == v1::SCHEMA_STATUS_AVAILABLE || status == v1::SCHEMA_STATUS_DEPRECATED;
}

// A stored schema's definition (validated when it was registered): INTERNAL if it no longer
// parses, since that is this service's fault rather than the caller's.
absl::StatusOr<avro::Schema> ParseStored(const v1::Schema& s) {
  auto parsed = avro::ParseSchema(s.definition());
  if (!parsed.ok()) {
    return absl::InternalError(absl::StrCat("stored schema ", s.id(), ": ", parsed.status().message()));
  }
  return parsed;
}

std::string Label(const avro::Incompatibility& inc) {
  return absl::StrCat(inc.path, ": ", inc.detail, " [",
                      std::string(avro::IncompatibilityKindName(inc.kind)),
                      "]");
}

// The reader schema of `s` for ns/event_type, or null.
const v1::ReaderSchema* ReaderFor(const v1::Subscription& s, const std::string& key) {
  for (const v1::ReaderSchema& r : s.reader_schemas()) {
    if (EventTypeKey(r.event_type()) == key) return &r;
  }
  return nullptr;
}

}  // namespace

std::string EventTypeKey(const v1::EventTypeRef& ref) {
  return absl::StrCat(ref.namespace_(), "/", ref.name());
}

absl::Status ResolveReaderSchemas(const SchemasByEventType& schemas, v1::Subscription* sub) {
  std::vector<std::string> faults;
  std::set<std::string> reads;
  for (const v1::EventTypeRef& ref : sub->event_types()) reads.insert(EventTypeKey(ref));
  std::set<std::string> seen;
  // Structure first: every INVALID_ARGUMENT of the request together.
  std::vector<std::optional<avro::Schema>> parsed(sub->reader_schemas_size());
  for (int i = 0; i < sub->reader_schemas_size(); ++i) {
    v1::ReaderSchema* r = sub->mutable_reader_schemas(i);
    const std::string field = absl::StrCat("subscription.reader_schemas[", i, "]");
    if (!r->has_event_type()) {
      if (sub->event_types_size() != 1) {
        faults.push_back(absl::StrCat(field, ".event_type: required when the subscription reads "
                                             "several event types"));
        continue;
      }
      *r->mutable_event_type() = sub->event_types(0);
    }
    const std::string key = EventTypeKey(r->event_type());
    if (!reads.contains(key)) {
      faults.push_back(absl::StrCat(field, ".event_type: \"", key,
                                    "\" is not an event type of the subscription"));
      continue;
    }
    if (!seen.insert(key).second) {
      faults.push_back(absl::StrCat(field, ".event_type: \"", key,
                                    "\" has a reader schema already (at most one per event type)"));
      continue;
    }
    // On update the stored entry comes back with both filled in: a schema_id wins.
    if (!r->schema_id().empty() && !r->definition().empty() && !r->fingerprint().empty()) {
      r->clear_definition();
    }
    if (r->schema_id().empty() == r->definition().empty()) {
      faults.push_back(absl::StrCat(field, ": set exactly one of schema_id and definition"));
      continue;
    }
    if (r->definition().empty()) continue;
    if (r->definition().size() > kMaxInlineReaderSchemaBytes) {
      faults.push_back(absl::StrCat(field, ".definition: longer than ", kMaxInlineReaderSchemaBytes,
                                    " bytes (", r->definition().size(), ")"));
      continue;
    }
    auto schema = avro::ParseSchema(r->definition());
    if (!schema.ok()) {
      faults.push_back(absl::StrCat(field, ".definition: ", schema.status().message()));
      continue;
    }
    parsed[i] = *std::move(schema);
  }
  if (!faults.empty()) return absl::InvalidArgumentError(absl::StrJoin(faults, "; "));
  // Registered ones, then each reader against every schema a writer may still use.
  std::vector<std::string> broken;
  for (int i = 0; i < sub->reader_schemas_size(); ++i) {
    v1::ReaderSchema* r = sub->mutable_reader_schemas(i);
    const std::string key = EventTypeKey(r->event_type());
    auto it = schemas.find(key);
    static const std::vector<v1::Schema> kNone;
    const std::vector<v1::Schema>& of_type = it == schemas.end() ? kNone : it->second;
    if (!r->schema_id().empty()) {
      const v1::Schema* found = nullptr;
      for (const v1::Schema& s : of_type) {
        if (s.id() == r->schema_id()) found = &s;
      }
      if (found == nullptr) {
        return absl::NotFoundError(absl::StrCat("subscription.reader_schemas[", i,
                                                "].schema_id: schema \"", r->schema_id(),
                                                "\" is not registered for ", key));
      }
      auto schema = ParseStored(*found);
      if (!schema.ok()) return schema.status();
      parsed[i] = *std::move(schema);
      r->set_definition(found->definition());
    }
    r->set_fingerprint(avro::SchemaId(*parsed[i]));
    for (const v1::Schema& writer : of_type) {
      if (!Readable(writer.status())) continue;
      auto w = ParseStored(writer);
      if (!w.ok()) return w.status();
      for (const avro::Incompatibility& inc : avro::CheckReaderWriter(*parsed[i], *w)) {
        broken.push_back(absl::StrCat("subscription.reader_schemas[", i, "] cannot read ", key,
                                      " schema ", writer.id(), ": ", Label(inc)));
      }
    }
  }
  if (!broken.empty()) return absl::FailedPreconditionError(absl::StrJoin(broken, "; "));
  return absl::OkStatus();
}

std::vector<v1::BrokenSubscription> ReadersBrokenBy(const avro::Schema& candidate,
                                                    const std::string& ns,
                                                    const std::string& event_type,
                                                    const std::vector<v1::Subscription>& readers,
                                                    std::vector<std::string>* checked) {
  const std::string key = absl::StrCat(ns, "/", event_type);
  std::vector<v1::BrokenSubscription> out;
  for (const v1::Subscription& s : readers) {
    if (s.state() != v1::SUBSCRIPTION_STATE_ACTIVE) continue;
    const v1::ReaderSchema* r = ReaderFor(s, key);
    if (r == nullptr) continue;
    if (checked != nullptr) checked->push_back(s.name());
    // Validated when the subscription was written; a reader that no longer parses cannot read.
    auto reader = avro::ParseSchema(r->definition());
    v1::BrokenSubscription broken;
    broken.set_subscription(s.name());
    broken.set_owner(s.owner());
    broken.set_reader_fingerprint(r->fingerprint());
    if (!reader.ok()) {
      v1::Incompatibility* inc = broken.add_incompatibilities();
      inc->set_path("$");
      inc->set_kind("TYPE_MISMATCH");
      inc->set_message(absl::StrCat("the reader schema does not parse: ", reader.status().message()));
    } else {
      for (const avro::Incompatibility& found : avro::CheckReaderWriter(*reader, candidate)) {
        v1::Incompatibility* inc = broken.add_incompatibilities();
        inc->set_path(found.path);
        inc->set_kind(std::string(avro::IncompatibilityKindName(found.kind)));
        inc->set_message(found.detail);
      }
    }
    if (broken.incompatibilities_size() > 0) out.push_back(std::move(broken));
  }
  return out;
}

std::string DescribeBroken(const std::vector<v1::BrokenSubscription>& broken) {
  std::vector<std::string> parts;
  for (const v1::BrokenSubscription& b : broken) {
    std::vector<std::string> reasons;
    for (const v1::Incompatibility& inc : b.incompatibilities()) {
      reasons.push_back(absl::StrCat(inc.path(), ": ", inc.message(), " [", inc.kind(), "]"));
    }
    parts.push_back(absl::StrCat(b.subscription(), " (owner ", b.owner(), "): ",
                                 absl::StrJoin(reasons, ", ")));
  }
  return absl::StrCat("would break ", broken.size(),
                      broken.size() == 1 ? " subscription: " : " subscriptions: ",
                      absl::StrJoin(parts, "; "));
}

}  // namespace causeway::topology
