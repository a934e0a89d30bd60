#include "common/net/http_url.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace causeway::net {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

bool IsNameChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
}

bool IsIpv6Char(char c) {
  return absl::ascii_isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.' || c == '%' ||
         absl::ascii_isalnum(static_cast<unsigned char>(c));  // a zone id: fe80::1%eth0
}

}  // namespace

absl::StatusOr<HttpUrl> ParseHttpUrl(absl::string_view field, absl::string_view url) {
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) {
      return Invalid(field, "must not contain spaces, control or non-ASCII characters "
                            "(percent-encode them)");
    }
  }
  HttpUrl out;
  absl::string_view rest = url;
  if (absl::StartsWithIgnoreCase(rest, "https://")) {
    out.scheme = "https";
    out.port = 443;
    rest.remove_prefix(8);
  } else if (absl::StartsWithIgnoreCase(rest, "http://")) {
    out.scheme = "http";
    out.port = 80;
    rest.remove_prefix(7);
  } else {
    return Invalid(field, "must be an http:// or https:// URL");
  }
  if (rest.find('#') != absl::string_view::npos) {
    return Invalid(field, "must not have a fragment (#...): it is never sent");
  }
  const size_t end = rest.find_first_of("/?");
  absl::string_view authority = rest.substr(0, end);
  const absl::string_view target = end == absl::string_view::npos ? "" : rest.substr(end);
  if (authority.find('@') != absl::string_view::npos) {
    return Invalid(field, "must not contain user info (user:password@); the relay signs every "
                          "request instead");
  }
  absl::string_view port_text;
  if (absl::StartsWith(authority, "[")) {
    const size_t close = authority.find(']');
    if (close == absl::string_view::npos) return Invalid(field, "an IPv6 host lacks its ]");
    absl::string_view host = authority.substr(1, close - 1);
    if (host.empty()) return Invalid(field, "has no host");
    for (char c : host) {
      if (!IsIpv6Char(c)) return Invalid(field, "the bracketed host is not an IPv6 address");
    }
    out.host = std::string(host);
    absl::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') return Invalid(field, "unexpected text after the IPv6 host");
      port_text = after.substr(1);
      if (port_text.empty()) return Invalid(field, "the port after ':' is empty");
    }
  } else {
    const size_t colon = authority.find(':');
    absl::string_view host = authority.substr(0, colon);
    if (host.empty()) return Invalid(field, "has no host");
    for (char c : host) {
      if (!IsNameChar(c)) {
        return Invalid(field, "the host must be a DNS name of [A-Za-z0-9._-] or an IP address");
      }
    }
    out.host = std::string(host);
    if (colon != absl::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return Invalid(field, "the port after ':' is empty");
    }
  }
  if (!port_text.empty()) {
    int port = 0;
    bool digits = true;
    for (char c : port_text) digits = digits && absl::ascii_isdigit(static_cast<unsigned char>(c));
    if (!digits || port_text.size() > 5 || !absl::SimpleAtoi(port_text, &port) || port < 1 ||
        port > 65535) {
      return Invalid(field, "the port must be 1..65535");
    }
    out.port = port;
  }
  out.target = target.empty() ? "/" : std::string(target);
  if (out.target[0] == '?') out.target.insert(0, "/");
  return out;
}

}  // namespace causeway::net
