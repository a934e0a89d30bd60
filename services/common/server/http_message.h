#pragma once
// The HTTP request and response every service's handlers see: plain values, independent of the
// server library (libmicrohttpd, wrapped by http_server.h), so handlers are unit-testable and the
// library stays in one module.
#include <map>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

namespace causeway {

struct HttpRequest {
  std::string method;                // "GET", "POST", ...
  std::string path;                  // without the query string
  std::vector<std::string> matches;  // the route pattern's capture groups; [0] is the whole path
  std::map<std::string, std::string> headers;  // names lower-case; the first of repeated ones
  std::map<std::string, std::string> params;   // query parameters, unescaped
  std::string body;                  // the whole body (bounded by the route's maximum)
  // CN and DNS/URI SANs of the client certificate the TLS handshake presented and that verified
  // against the client CA; empty over plaintext or without a certificate.
  std::vector<std::string> peer_names;

  // "" when absent; `name` in any case.
  std::string Header(absl::string_view name) const;
  bool HasHeader(absl::string_view name) const;
  std::string Param(absl::string_view name) const;
  bool HasParam(absl::string_view name) const { return params.count(std::string(name)) > 0; }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type

  static HttpResponse Json(int status, std::string body) {
    return {status, "application/json", std::move(body), {}};
  }
  HttpResponse& WithHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

}  // namespace causeway
