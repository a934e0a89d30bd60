#pragma once
// One HTTP delivery attempt as the relay's pure core sees it: the request it builds and the
// outcome the HTTP client reports. The client (server/curl_dispatcher) fills HttpResult; the
// core (response_classifier) decides what the result means. Plain values, no I/O.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"

namespace causeway::relay {

struct HttpRequest {
  std::string url;
  // In order; names as sent (lower-case by convention).
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Connect to last byte.
  absl::Duration timeout = absl::Seconds(10);
  // When false, the client refuses to connect to a private, loopback or link-local address
  // (checked on the resolved address, so a DNS name cannot point the relay inside the network).
  bool allow_private_address = false;
};

// How the attempt ended before any HTTP status was known.
enum class Transport : uint8_t {
  kCompleted,        // an HTTP response arrived; `status` holds it
  kTimedOut,         // the attempt's timeout passed
  kConnectFailed,    // DNS, TCP or TLS failed (including certificate verification)
  kAddressRefused,   // the endpoint resolved to an address it may not use
  kFailed,           // anything else (reset mid-response, malformed response)
};

struct HttpResult {
  Transport transport = Transport::kFailed;
  int status = 0;             // HTTP status when kCompleted
  std::string retry_after;    // the Retry-After header as sent, "" when absent
  std::string error;          // the client's words when not kCompleted, for logs and dead letters
  absl::Duration latency;     // request start to end
};

}  // namespace causeway::relay
