#include "topology/registry_http.h"

#include <simdjson.h>

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/avro/canonical_form.h"
#include "common/avro/fingerprint.h"
#include "common/avro/json_value.h"
#include "common/avro/schema_parser.h"
#include "common/auth/http_credentials.h"
#include "topology/schema_service.h"

namespace causeway::topology {
namespace {

using avro::JsonValue;

constexpr char kContentType[] = "application/vnd.schemaregistry.v1+json";
constexpr absl::string_view kValueSuffix = "-value";

void Reply(HttpResponse& res, int status, const JsonValue& body) {
  res.status = status;
  res.content_type = kContentType;
  res.body = body.ToJson();
}

// A schema's text as the answer, as Confluent serves it (under its JSON content type).
void ReplyText(HttpResponse& res, const std::string& text) {
  res.content_type = kContentType;
  res.body = text;
}

JsonValue ErrorBody(int error_code, absl::string_view message) {
  return JsonValue::MakeObject({{"error_code", JsonValue::Int(error_code)},
                                {"message", JsonValue::String(std::string(message))}});
}

void Error(HttpResponse& res, int error_code, const std::string& message) {
  Reply(res, error_code / 100, ErrorBody(error_code, message));
}

bool Visible(const v1::Schema& s) {
  return (s.status() == v1::SCHEMA_STATUS_AVAILABLE || s.status() == v1::SCHEMA_STATUS_DEPRECATED) &&
         s.version() > 0;
}

std::string SubjectOf(const v1::EventType& et) { return absl::StrCat(et.topic(), kValueSuffix); }

// What one request sees: the view at the time it arrived, and of it only the namespaces its caller
// is a viewer of (the others answer "not found", revealing nothing).
struct Registry {
  std::shared_ptr<const TopologyView> view;
  Caller caller;

  bool Sees(const std::string& ns) const { return caller.Allows(Need::Viewer(ns)); }

  const v1::EventType* EventTypeOfSubject(absl::string_view subject) const {
    if (!absl::ConsumeSuffix(&subject, kValueSuffix)) return nullptr;
    for (const v1::EventType* et : view->AllEventTypes()) {
      if (et->topic() == subject) return Sees(et->namespace_()) ? et : nullptr;
    }
    return nullptr;
  }

  // Visible schemas of an event type by version, oldest first.
  std::vector<const v1::Schema*> Versions(const v1::EventType& et) const {
    std::vector<const v1::Schema*> out;
    if (!Sees(et.namespace_())) return out;
    for (const v1::Schema* s : view->SchemasOf(et.namespace_(), et.name())) {
      if (Visible(*s)) out.push_back(s);
    }
    std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->version() < b->version(); });
    return out;
  }

  const v1::Schema* ByGlobalId(int id) const {
    for (const v1::Schema* s : view->AllSchemas()) {
      if (s->global_id() == id && Visible(*s) && Sees(s->namespace_())) return s;
    }
    return nullptr;
  }
};

JsonValue VersionBody(const v1::EventType& et, const v1::Schema& s) {
  return JsonValue::MakeObject({{"subject", JsonValue::String(SubjectOf(et))},
                                {"version", JsonValue::Int(s.version())},
                                {"id", JsonValue::Int(s.global_id())},
                                {"schema", JsonValue::String(s.definition())}});
}

// Who the caller is; answers 40101 (with a Basic challenge, which Confluent's clients answer with
// `basic.auth.user.info`) without credentials, and 50301 when the replica cannot tell yet.
absl::StatusOr<Caller> Authenticated(const Access* access, const HttpRequest& req,
                                     HttpResponse& res) {
  auto caller = access->Authenticate(auth::HttpCredentials(req));
  if (absl::IsUnavailable(caller.status())) {
    Error(res, 50301, "schema registry not loaded yet (PostgreSQL unavailable); retry");
  } else if (!caller.ok()) {
    res.WithHeader("WWW-Authenticate", "Basic realm=\"causeway\"");
    Error(res, 40101, std::string(caller.status().message()));
  }
  return caller;
}

// Adds a route whose `body` runs with the current view for an authenticated caller (checked
// from the headers, before a body is read), and answers 50301 when the replica has not loaded the
// view yet.
template <typename F>
void AddRoute(HttpServer& server, WatchHub* hub, const Access* access, std::string method,
              std::string pattern, F body) {
  const bool posts = method == "POST";
  server.routes().Add(
      {.method = std::move(method),
       .pattern = std::move(pattern),
       .handler = [hub, access, body](const HttpRequest& req) {
         HttpResponse res;
         auto caller = Authenticated(access, req, res);
         if (!caller.ok()) return res;
         Registry registry{hub->view(), *std::move(caller)};
         if (!registry.view) {
           Error(res, 50301, "schema registry not loaded yet (PostgreSQL unavailable); retry");
           return res;
         }
         body(registry, req, res);
         return res;
       },
       .gate = [access](const HttpRequest& req) -> std::optional<HttpResponse> {
         HttpResponse res;
         if (Authenticated(access, req, res).ok()) return std::nullopt;
         return res;
       },
       .max_body_bytes = posts ? kMaxRegistryBodyBytes : 0});
}

// The subject and version named by the path; answers the error and returns nullptr if absent.
const v1::Schema* FindVersion(const Registry& r, const std::string& subject,
                              const std::string& version, HttpResponse& res,
                              const v1::EventType** et_out) {
  const v1::EventType* et = r.EventTypeOfSubject(subject);
  if (et == nullptr) {
    Error(res, 40401, absl::StrCat("Subject '", subject, "' not found."));
    return nullptr;
  }
  *et_out = et;
  const auto versions = r.Versions(*et);
  if (version == "latest" || version == "-1") {
    if (versions.empty()) Error(res, 40402, "Version not found.");
    return versions.empty() ? nullptr : versions.back();
  }
  int n = 0;
  if (!absl::SimpleAtoi(version, &n) || n <= 0) {
    Error(res, 42202, "The specified version '" + version +
                          "' is not a valid version id. Allowed values are between "
                          "[1, 2^31-1] and the string \"latest\"");
    return nullptr;
  }
  for (const v1::Schema* s : versions) {
    if (s->version() == n) return s;
  }
  Error(res, 40402, "Version " + version + " not found.");
  return nullptr;
}

// The "schema" member of a request body; answers 42201 and returns false when absent.
bool SchemaOfBody(const std::string& body, std::string* schema, HttpResponse& res) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view text;
  if (parser.parse(body).get(doc) != simdjson::SUCCESS ||
      doc["schema"].get_string().get(text) != simdjson::SUCCESS) {
    Error(res, 42201, "Invalid schema: the body must be {\"schema\": \"<Avro schema JSON>\"}");
    return false;
  }
  *schema = std::string(text);
  return true;
}

}  // namespace

void RegisterSchemaRegistryRoutes(WatchHub* hub, const Access* access, HttpServer& server) {
  server.SetErrorBody([](int http_status, const absl::Status& status) {
    return ErrorBody(http_status, status.message()).ToJson();
  });
  AddRoute(server, hub, access, "GET", R"(/schemas/ids/(\d+)(/schema|/versions)?)",
           [](const Registry& r, const HttpRequest& req, HttpResponse& res) {
             int id = 0;
             const v1::Schema* s =
                 absl::SimpleAtoi(req.matches[1], &id) ? r.ByGlobalId(id) : nullptr;
             if (s == nullptr) {
               Error(res, 40403, "Schema " + req.matches[1] + " not found");
               return;
             }
             const std::string tail = req.matches[2];
             if (tail == "/schema") {
               ReplyText(res, s->definition());
             } else if (tail == "/versions") {
               JsonValue::Array uses;
               for (const v1::Schema* other : r.view->AllSchemas()) {
                 if (other->global_id() != id || !Visible(*other) ||
                     !r.Sees(other->namespace_())) {
                   continue;
                 }
                 const auto* et = static_cast<const v1::EventType*>(r.view->Find(
                     EntityKind::kEventType, other->namespace_() + "/" + other->event_type()));
                 if (et == nullptr) continue;
                 uses.push_back(JsonValue::MakeObject(
                     {{"subject", JsonValue::String(SubjectOf(*et))},
                      {"version", JsonValue::Int(other->version())}}));
               }
               Reply(res, 200, JsonValue::MakeArray(std::move(uses)));
             } else {
               Reply(res, 200, JsonValue::MakeObject({{"schema", JsonValue::String(s->definition())}}));
             }
           });

  AddRoute(server, hub, access, "GET", "/subjects",
           [](const Registry& r, const HttpRequest&, HttpResponse& res) {
             JsonValue::Array subjects;
             for (const v1::EventType* et : r.view->AllEventTypes()) {
               if (!r.Versions(*et).empty()) subjects.push_back(JsonValue::String(SubjectOf(*et)));
             }
             Reply(res, 200, JsonValue::MakeArray(std::move(subjects)));
           });

  AddRoute(server, hub, access, "GET", R"(/subjects/([^/]+)/versions)",
           [](const Registry& r, const HttpRequest& req, HttpResponse& res) {
             const v1::EventType* et = r.EventTypeOfSubject(req.matches[1]);
             if (et == nullptr || r.Versions(*et).empty()) {
               Error(res, 40401, "Subject '" + req.matches[1] + "' not found.");
               return;
             }
             JsonValue::Array versions;
             for (const v1::Schema* s : r.Versions(*et)) versions.push_back(JsonValue::Int(s->version()));
             Reply(res, 200, JsonValue::MakeArray(std::move(versions)));
           });

  AddRoute(server, hub, access, "GET", R"(/subjects/([^/]+)/versions/([^/]+)(/schema)?)",
           [](const Registry& r, const HttpRequest& req, HttpResponse& res) {
             const v1::EventType* et = nullptr;
             const v1::Schema* s = FindVersion(r, req.matches[1], req.matches[2], res, &et);
             if (s == nullptr) return;
             if (!req.matches[3].empty()) {
               ReplyText(res, s->definition());
             } else {
               Reply(res, 200, VersionBody(*et, *s));
             }
           });

  AddRoute(server, hub, access, "POST", R"(/subjects/([^/]+))",
           [](const Registry& r, const HttpRequest& req, HttpResponse& res) {
             const v1::EventType* et = r.EventTypeOfSubject(req.matches[1]);
             if (et == nullptr) {
               Error(res, 40401, "Subject '" + req.matches[1] + "' not found.");
               return;
             }
             std::string text;
             if (!SchemaOfBody(req.body, &text, res)) return;
             auto parsed = avro::ParseSchema(text);
             if (!parsed.ok()) {
               Error(res, 42201, absl::StrCat("Invalid schema: ", parsed.status().message()));
               return;
             }
             const std::string id = avro::SchemaId(*parsed);
             for (const v1::Schema* s : r.Versions(*et)) {
               if (s->id() == id) {
                 Reply(res, 200, VersionBody(*et, *s));
                 return;
               }
             }
             Error(res, 40403, "Schema not found");
           });

  AddRoute(server, hub, access, "POST", R"(/compatibility/subjects/([^/]+)/versions/([^/]+))",
           [](const Registry& r, const HttpRequest& req, HttpResponse& res) {
             const v1::EventType* et = nullptr;
             const v1::Schema* against =
                 FindVersion(r, req.matches[1], req.matches[2], res, &et);
             if (against == nullptr) return;
             std::string text;
             if (!SchemaOfBody(req.body, &text, res)) return;
             // Confluent checks against the named version alone, by the subject's level.
             auto mode = et->compatibility();
             if (mode == v1::COMPATIBILITY_MODE_BACKWARD_TRANSITIVE) mode = v1::COMPATIBILITY_MODE_BACKWARD;
             if (mode == v1::COMPATIBILITY_MODE_FORWARD_TRANSITIVE) mode = v1::COMPATIBILITY_MODE_FORWARD;
             if (mode == v1::COMPATIBILITY_MODE_FULL_TRANSITIVE) mode = v1::COMPATIBILITY_MODE_FULL;
             auto result = CheckSchemaCompatibility(text, {*against}, mode);
             if (!result.ok()) {
               Error(res, 42201, absl::StrCat("Invalid schema: ", result.status().message()));
               return;
             }
             JsonValue::Object body = {{"is_compatible", JsonValue::Bool(result->compatible())}};
             if (req.Param("verbose") == "true") {
               JsonValue::Array messages;
               for (const auto& inc : result->incompatibilities()) {
                 messages.push_back(JsonValue::String(absl::StrCat(inc.path(), ": ", inc.message())));
               }
               body.emplace_back("messages", JsonValue::MakeArray(std::move(messages)));
             }
             Reply(res, 200, JsonValue::MakeObject(std::move(body)));
           });

  AddRoute(server, hub, access, "GET", "/config",
           [](const Registry&, const HttpRequest&, HttpResponse& res) {
             // Causeway's default for new event types.
             Reply(res, 200, JsonValue::MakeObject(
                                 {{"compatibilityLevel", JsonValue::String("BACKWARD")}}));
           });
  AddRoute(server, hub, access, "GET", R"(/config/([^/]+))",
           [](const Registry& r, const HttpRequest& req, HttpResponse& res) {
             const v1::EventType* et = r.EventTypeOfSubject(req.matches[1]);
             if (et == nullptr) {
               Error(res, 40401, "Subject '" + req.matches[1] + "' not found.");
               return;
             }
             Reply(res, 200, JsonValue::MakeObject(
                                 {{"compatibilityLevel",
                                   JsonValue::String(std::string(absl::StripPrefix(
                                       v1::CompatibilityMode_Name(et->compatibility()),
                                       "COMPATIBILITY_MODE_")))}}));
           });

  // Writes belong to the gRPC API, where they are checked and audited: refused from the headers,
  // their bodies are never read.
  for (auto [method, pattern] : {std::pair{"POST", R"(/subjects/([^/]+)/versions)"},
                                 std::pair{"PUT", R"(/config(/.*)?)"},
                                 std::pair{"DELETE", R"(/subjects/.*)"}}) {
    server.routes().Add({.method = method,
                         .pattern = pattern,
                         .handler = [](const HttpRequest&) { return HttpResponse(); },
                         .gate = [](const HttpRequest&) -> std::optional<HttpResponse> {
                           HttpResponse res;
                           Error(res, 40501,
                                 "Causeway's registry is read-only over HTTP: register and "
                                 "activate schemas with the causeway.topology.v1.SchemaRegistry "
                                 "gRPC API (or `causeway schema register`)");
                           res.status = 405;
                           return res;
                         }});
  }
}

}  // namespace causeway::topology
