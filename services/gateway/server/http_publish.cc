#include "gateway/server/http_publish.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/auth/http_credentials.h"
#include "common/core/errors.h"
#include "gateway/server/http_batch_body.h"
#include "gateway/server/publish_and_wait.h"
#include "google/protobuf/util/json_util.h"

namespace causeway::gateway {
namespace {

constexpr char kJsonType[] = "application/json";
constexpr int kMaxTimeoutMs = 300000;

int HttpStatusOfCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk: return 200;
    case absl::StatusCode::kInvalidArgument: return 400;
    case absl::StatusCode::kUnauthenticated: return 401;
    case absl::StatusCode::kPermissionDenied: return 403;
    case absl::StatusCode::kNotFound: return 404;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted: return 409;
    case absl::StatusCode::kResourceExhausted: return 429;
    case absl::StatusCode::kUnavailable: return 503;
    case absl::StatusCode::kDeadlineExceeded: return 504;
    default: return 500;
  }
}

std::string ResultJson(const v1::PublishResult& result) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;  // "code": 0 says OK explicitly
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(result, &out, options);
  return out;
}

HttpResponse Reply(int status, std::string body) {
  HttpResponse res = HttpResponse::Json(status, std::move(body));
  if (status == 401) res.WithHeader("WWW-Authenticate", "Bearer realm=\"causeway\"");
  // Both mean "nothing was lost, try again soon" (same event id: no duplicate).
  if (status == 429 || status == 503) res.WithHeader("Retry-After", "1");
  return res;
}

std::string ErrorJson(const absl::Status& status) { return ResultJson(ErrorResult("", status)); }

// A problem with the request itself: answered with the same body shape as an event's result.
HttpResponse ReplyError(const absl::Status& status) {
  return Reply(HttpStatusOfCode(status.code()), ErrorJson(status));
}

absl::StatusOr<v1::Ack> AckParam(const HttpRequest& req) {
  const std::string ack = absl::AsciiStrToLower(req.Param("ack"));
  if (ack.empty() || ack == "persisted") return v1::ACK_PERSISTED;
  if (ack == "accepted") return v1::ACK_ACCEPTED;
  return InvalidField("ack", absl::StrCat("expected accepted or persisted, got \"", ack, "\""));
}

absl::StatusOr<absl::Time> WaitUntil(const HttpRequest& req, const HttpPublishOptions& o) {
  if (!req.HasParam("timeout_ms")) return absl::Now() + o.default_wait;
  int ms = 0;
  if (!absl::SimpleAtoi(req.Param("timeout_ms"), &ms) || ms <= 0 || ms > kMaxTimeoutMs) {
    return InvalidField("timeout_ms", absl::StrCat("expected 1..", kMaxTimeoutMs, ", got \"",
                                                   req.Param("timeout_ms"), "\""));
  }
  return absl::Now() + absl::Milliseconds(ms);
}

// Avro binary when the client says so; anything else is read as JSON, so that `curl -d` (which
// sends application/x-www-form-urlencoded unless told otherwise) works as on the seed's slide.
bool IsAvro(const HttpRequest& req) {
  std::string type = absl::AsciiStrToLower(req.Header("Content-Type"));
  type = type.substr(0, type.find(';'));
  absl::StripAsciiWhitespace(&type);
  return type == "application/avro" || type == "avro/binary";
}

v1::PublishRequest SingleRequest(const HttpRequest& req, v1::Ack ack) {
  v1::PublishRequest p;
  p.set_namespace_(req.matches[1]);
  p.set_event_type(req.matches[2]);
  if (IsAvro(req)) {
    p.set_avro(req.body);
  } else {
    p.set_json(req.body);
  }
  p.set_schema_id(req.Header("Causeway-Schema-Id"));
  p.set_event_id(req.HasHeader("Causeway-Event-Id") ? req.Header("Causeway-Event-Id")
                                                      : req.Header("Idempotency-Key"));
  p.set_key(req.Header("Causeway-Key"));
  p.set_traceparent(req.Header("traceparent"));
  p.set_producer_id(req.Header("Causeway-Producer-Id"));
  p.set_ack(ack);
  return p;
}

// Refuses a caller the topology does not know before its body is read.
HttpGate AuthenticatedGate(Publisher* publisher) {
  return [publisher](const HttpRequest& req) -> std::optional<HttpResponse> {
    absl::Status s = publisher->Authenticate(auth::HttpCredentials(req));
    if (s.ok()) return std::nullopt;
    return ReplyError(s);
  };
}

}  // namespace

int HttpStatusOf(const v1::PublishResult& result, v1::Ack ack) {
  if (result.code() == 0) return ack == v1::ACK_ACCEPTED ? 202 : 201;
  if (IsTooLarge(result)) return 413;
  return HttpStatusOfCode(static_cast<absl::StatusCode>(result.code()));
}

void AddHttpPublishRoutes(HttpServer& server, Publisher* publisher,
                          HttpPublishOptions options) {
  server.SetErrorBody([](int, const absl::Status& status) { return ErrorJson(status); });
  server.routes().Add(
      {.method = "POST",
       .pattern = R"(/v1/events/([^/:]+)/([^/:]+))",
       .handler = [publisher, options](const HttpRequest& req) {
         auto ack = AckParam(req);
         if (!ack.ok()) return ReplyError(ack.status());
         auto until = WaitUntil(req, options);
         if (!until.ok()) return ReplyError(until.status());
         const v1::PublishRequest event = SingleRequest(req, *ack);
         v1::PublishResult result = std::move(
             PublishAndWait(*publisher, {&event}, auth::HttpCredentials(req), *until)[0]);
         return Reply(HttpStatusOf(result, *ack), ResultJson(result));
       },
       .gate = AuthenticatedGate(publisher),
       .max_body_bytes = options.max_body_bytes});

  // Every event gets its own result and status; the response's status is theirs when they agree,
  // 207 Multi-Status when they differ.
  server.routes().Add(
      {.method = "POST",
       .pattern = "/v1/events:batch",
       .handler = [publisher, options](const HttpRequest& req) {
         auto ack = AckParam(req);
         if (!ack.ok()) return ReplyError(ack.status());
         auto until = WaitUntil(req, options);
         if (!until.ok()) return ReplyError(until.status());
         auto events = ParseBatchBody(req.body, static_cast<size_t>(options.max_batch));
         if (!events.ok()) return ReplyError(events.status());
         std::vector<const v1::PublishRequest*> pointers;
         for (v1::PublishRequest& e : *events) {
           e.set_ack(*ack);
           pointers.push_back(&e);
         }
         const auto results =
             PublishAndWait(*publisher, pointers, auth::HttpCredentials(req), *until);
         std::set<int> statuses;
         std::string body = "{\"results\":[";
         for (size_t i = 0; i < results.size(); ++i) {
           const int status = HttpStatusOf(results[i], *ack);
           statuses.insert(status);
           absl::StrAppend(&body, i == 0 ? "" : ",", "{\"status\":", status,
                           ",\"result\":", ResultJson(results[i]), "}");
         }
         body += "]}";
         return Reply(statuses.size() == 1 ? *statuses.begin() : 207, std::move(body));
       },
       .gate = AuthenticatedGate(publisher),
       .max_body_bytes = options.max_body_bytes});
}

}  // namespace causeway::gateway
