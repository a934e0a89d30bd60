#pragma once
// A real HTTP client for tests of HTTP surfaces: libcurl, independent of the server's library.
#include <string>
#include <utility>
#include <vector>

namespace causeway::testing {

struct HttpReply {
  long status = 0;      // 0 when the request did not complete
  std::string body;
  std::string headers;  // raw response header lines
  std::string error;    // curl's message when status is 0
};

struct HttpTls {
  std::string ca;           // PEM file trusted for the server certificate
  std::string client_cert;  // optional client certificate and key
  std::string client_key;
};

HttpReply HttpPost(const std::string& url, const std::string& body,
                   const std::vector<std::string>& headers = {}, const HttpTls* tls = nullptr);
HttpReply HttpGet(const std::string& url, const std::vector<std::string>& headers = {},
                  const HttpTls* tls = nullptr);

// The value of response header `name` (case-insensitive), "" when absent.
std::string HeaderValue(const HttpReply& reply, const std::string& name);

}  // namespace causeway::testing
