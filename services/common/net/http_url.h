#pragma once
// The absolute http(s) URLs Causeway POSTs to (subscription endpoints), parsed strictly so that
// topology and the relay agree on which host a URL names. Pure.
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace causeway::net {

struct HttpUrl {
  std::string scheme;  // "http" or "https" (lower case)
  std::string host;    // a DNS name or a literal address, IPv6 without its brackets
  int port = 0;        // as written, else 80 / 443
  std::string target;  // path and query, "/" when empty
};

// `http://` or `https://` (any case), a host — a DNS name of [A-Za-z0-9._-] or a bracketed IPv6
// literal — an optional port 1..65535, then an optional path and query. No user info
// (`user:password@`), no fragment, no spaces, control or non-ASCII characters. INVALID_ARGUMENT
// `<field>: <why>` otherwise.
absl::StatusOr<HttpUrl> ParseHttpUrl(absl::string_view field, absl::string_view url);

}  // namespace causeway::net
