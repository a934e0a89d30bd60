#pragma once
// What the endpoint's answer to one attempt means, and how it is counted in metrics and health.
//
//   2xx                                   kDelivered
//   429, 503 with a Retry-After header    kRetryAfter (RetryPolicy honours it, capped; an
//                                         unparseable value falls back to plain backoff)
//   429, 503 without one                  kRetry
//   other 5xx, 408, 409, 425              kRetry
//   timeout, connect error, other
//   transport failure, refused address    kRetry (a refused address is a DNS answer that may
//                                         change or an allow-list entry an admin may add; it
//                                         retries like a connect error and shows as UNREACHABLE)
//   410                                   kSuspend (the endpoint says it is gone for good)
//   3xx                                   kDeadLetter client_error: redirects are not followed
//                                         (a redirect could point the relay anywhere, and a
//                                         POST would turn into a GET), so it is the endpoint's
//                                         configuration error, like a 4xx
//   other 4xx (and 1xx, status >= 600)    kDeadLetter client_error; with retry_client_errors
//                                         3xx/4xx (never 410) retry with backoff instead
//
// Threads: none; pure functions.
#include <string>
#include "absl/strings/string_view.h"

#include "relay/core/http_exchange.h"

namespace causeway::relay {

enum class Outcome : uint8_t { kDelivered, kRetry, kRetryAfter, kDeadLetter, kSuspend };

// The metrics label of an attempt's result.
enum class StatusClass : uint8_t {
  k2xx,
  k3xx,
  k4xx,
  k5xx,
  kOtherStatus,     // 1xx or >= 600: a response no HTTP/1.1 or HTTP/2 server should send
  kTimeout,
  kConnectError,
  kRefusedAddress,
  kTransportError,  // reset mid-response, malformed response
};

struct Classification {
  Outcome outcome = Outcome::kRetry;
  StatusClass status_class = StatusClass::kTransportError;
  int http_status = 0;  // 0 when no response arrived
};

Classification Classify(const HttpResult& result, bool retry_client_errors);

// "2xx", "3xx", "4xx", "5xx", "other_status", "timeout", "connect_error", "refused_address",
// "transport_error".
absl::string_view StatusClassLabel(StatusClass status_class);

// The last status as a dead letter records it: the HTTP status ("404") when a response arrived,
// else the transport class ("timeout", "connect_error", ...).
std::string LastStatusText(const Classification& classification);

absl::string_view OutcomeName(Outcome outcome);

}  // namespace causeway::relay
