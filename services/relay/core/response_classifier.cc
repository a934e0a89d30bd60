#include "relay/core/response_classifier.h"

#include "absl/strings/str_cat.h"

namespace causeway::relay {
namespace {

StatusClass ClassOfStatus(int status) {
  if (status >= 200 && status < 300) return StatusClass::k2xx;
  if (status >= 300 && status < 400) return StatusClass::k3xx;
  if (status >= 400 && status < 500) return StatusClass::k4xx;
  if (status >= 500 && status < 600) return StatusClass::k5xx;
  return StatusClass::kOtherStatus;
}

Outcome OutcomeOfStatus(int status, bool has_retry_after, bool retry_client_errors) {
  switch (ClassOfStatus(status)) {
    case StatusClass::k2xx:
      return Outcome::kDelivered;
    case StatusClass::k5xx:
      if (status == 503 && has_retry_after) return Outcome::kRetryAfter;
      return Outcome::kRetry;
    case StatusClass::k3xx:
    case StatusClass::k4xx:
      if (status == 429) return has_retry_after ? Outcome::kRetryAfter : Outcome::kRetry;
      if (status == 410) return Outcome::kSuspend;
      if (status == 408 || status == 409 || status == 425) return Outcome::kRetry;
      return retry_client_errors ? Outcome::kRetry : Outcome::kDeadLetter;
    default:
      return Outcome::kDeadLetter;
  }
}

}  // namespace

Classification Classify(const HttpResult& result, bool retry_client_errors) {
  Classification c;
  switch (result.transport) {
    case Transport::kCompleted:
      c.http_status = result.status;
      c.status_class = ClassOfStatus(result.status);
      c.outcome = OutcomeOfStatus(result.status, !result.retry_after.empty(), retry_client_errors);
      return c;
    case Transport::kTimedOut:
      c.status_class = StatusClass::kTimeout;
      break;
    case Transport::kConnectFailed:
      c.status_class = StatusClass::kConnectError;
      break;
    case Transport::kAddressRefused:
      c.status_class = StatusClass::kRefusedAddress;
      break;
    case Transport::kFailed:
      c.status_class = StatusClass::kTransportError;
      break;
  }
  c.outcome = Outcome::kRetry;
  return c;
}

absl::string_view StatusClassLabel(StatusClass status_class) {
  switch (status_class) {
    case StatusClass::k2xx: return "2xx";
    case StatusClass::k3xx: return "3xx";
    case StatusClass::k4xx: return "4xx";
    case StatusClass::k5xx: return "5xx";
    case StatusClass::kOtherStatus: return "other_status";
    case StatusClass::kTimeout: return "timeout";
    case StatusClass::kConnectError: return "connect_error";
    case StatusClass::kRefusedAddress: return "refused_address";
    case StatusClass::kTransportError: return "transport_error";
  }
  return "transport_error";
}

std::string LastStatusText(const Classification& classification) {
  if (classification.http_status != 0) return absl::StrCat(classification.http_status);
  return std::string(StatusClassLabel(classification.status_class));
}

absl::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kDelivered: return "delivered";
    case Outcome::kRetry: return "retry";
    case Outcome::kRetryAfter: return "retry_after";
    case Outcome::kDeadLetter: return "dead_letter";
    case Outcome::kSuspend: return "suspend";
  }
  return "retry";
}

}  // namespace causeway::relay
