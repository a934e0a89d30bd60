#include "gateway/server/http_publish.h"

#include <httplib.h>

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/auth/http_credentials.h"
#include "common/core/errors.h"
#include "common/server/tls.h"
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

void Reply(httplib::Response& res, int status, std::string body) {
  res.status = status;
  if (status == 401) res.set_header("WWW-Authenticate", "Bearer realm=\"causeway\"");
  // Both mean "nothing was lost, try again soon" (same event id: no duplicate).
  if (status == 429 || status == 503) res.set_header("Retry-After", "1");
  res.set_content(std::move(body), kJsonType);
}

// A problem with the request itself: answered with the same body shape as an event's result.
void ReplyError(httplib::Response& res, const absl::Status& status) {
  Reply(res, HttpStatusOfCode(status.code()), ResultJson(ErrorResult("", status)));
}

absl::StatusOr<v1::Ack> AckParam(const httplib::Request& req) {
  const std::string ack = absl::AsciiStrToLower(req.get_param_value("ack"));
  if (ack.empty() || ack == "persisted") return v1::ACK_PERSISTED;
  if (ack == "accepted") return v1::ACK_ACCEPTED;
  return InvalidField("ack", absl::StrCat("expected accepted or persisted, got \"", ack, "\""));
}

absl::StatusOr<absl::Time> WaitUntil(const httplib::Request& req, const HttpPublishOptions& o) {
  if (!req.has_param("timeout_ms")) return absl::Now() + o.default_wait;
  int ms = 0;
  if (!absl::SimpleAtoi(req.get_param_value("timeout_ms"), &ms) || ms <= 0 || ms > kMaxTimeoutMs) {
    return InvalidField("timeout_ms", absl::StrCat("expected 1..", kMaxTimeoutMs, ", got \"",
                                                   req.get_param_value("timeout_ms"), "\""));
  }
  return absl::Now() + absl::Milliseconds(ms);
}

// Avro binary when the client says so; anything else is read as JSON, so that `curl -d` (which
// sends application/x-www-form-urlencoded unless told otherwise) works as on the seed's slide.
bool IsAvro(const httplib::Request& req) {
  std::string type = absl::AsciiStrToLower(req.get_header_value("Content-Type"));
  type = type.substr(0, type.find(';'));
  absl::StripAsciiWhitespace(&type);
  return type == "application/avro" || type == "avro/binary";
}

v1::PublishRequest SingleRequest(const httplib::Request& req, v1::Ack ack) {
  v1::PublishRequest p;
  p.set_namespace_(req.matches[1]);
  p.set_event_type(req.matches[2]);
  if (IsAvro(req)) {
    p.set_avro(req.body);
  } else {
    p.set_json(req.body);
  }
  p.set_schema_id(req.get_header_value("Causeway-Schema-Id"));
  p.set_event_id(req.has_header("Causeway-Event-Id") ? req.get_header_value("Causeway-Event-Id")
                                                       : req.get_header_value("Idempotency-Key"));
  p.set_key(req.get_header_value("Causeway-Key"));
  p.set_traceparent(req.get_header_value("traceparent"));
  p.set_producer_id(req.get_header_value("Causeway-Producer-Id"));
  p.set_ack(ack);
  return p;
}

}  // namespace

int HttpStatusOf(const v1::PublishResult& result, v1::Ack ack) {
  if (result.code() == 0) return ack == v1::ACK_ACCEPTED ? 202 : 201;
  if (IsTooLarge(result)) return 413;
  return HttpStatusOfCode(static_cast<absl::StatusCode>(result.code()));
}

void AddHttpPublishRoutes(httplib::Server& server, Publisher* publisher,
                          HttpPublishOptions options) {
  server.Post(R"(/v1/events/([^/:]+)/([^/:]+))",
              [publisher, options](const httplib::Request& req, httplib::Response& res) {
                auto ack = AckParam(req);
                if (!ack.ok()) return ReplyError(res, ack.status());
                auto until = WaitUntil(req, options);
                if (!until.ok()) return ReplyError(res, until.status());
                const v1::PublishRequest event = SingleRequest(req, *ack);
                v1::PublishResult result =
                    std::move(PublishAndWait(*publisher, {&event}, auth::HttpCredentials(req), *until)[0]);
                Reply(res, HttpStatusOf(result, *ack), ResultJson(result));
              });

  // Every event gets its own result and status; the response's status is theirs when they agree,
  // 207 Multi-Status when they differ.
  server.Post("/v1/events:batch", [publisher, options](const httplib::Request& req,
                                                       httplib::Response& res) {
    auto ack = AckParam(req);
    if (!ack.ok()) return ReplyError(res, ack.status());
    auto until = WaitUntil(req, options);
    if (!until.ok()) return ReplyError(res, until.status());
    auto events = ParseBatchBody(req.body, static_cast<size_t>(options.max_batch));
    if (!events.ok()) return ReplyError(res, events.status());
    std::vector<const v1::PublishRequest*> pointers;
    for (v1::PublishRequest& e : *events) {
      e.set_ack(*ack);
      pointers.push_back(&e);
    }
    const auto results = PublishAndWait(*publisher, pointers, auth::HttpCredentials(req), *until);
    std::set<int> statuses;
    std::string body = "{\"results\":[";
    for (size_t i = 0; i < results.size(); ++i) {
      const int status = HttpStatusOf(results[i], *ack);
      statuses.insert(status);
      absl::StrAppend(&body, i == 0 ? "" : ",", "{\"status\":", status,
                      ",\"result\":", ResultJson(results[i]), "}");
    }
    body += "]}";
    Reply(res, statuses.size() == 1 ? *statuses.begin() : 207, std::move(body));
  });
}

}  // namespace causeway::gateway
