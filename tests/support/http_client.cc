#include "support/http_client.h"

#include <curl/curl.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace causeway::testing {
namespace {

size_t Append(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// A POST of `body`, or a GET when `body` is null.
HttpReply Perform(const std::string& url, const std::string* body,
                  const std::vector<std::string>& headers, const HttpTls* tls) {
  HttpReply reply;
  CURL* curl = curl_easy_init();
  curl_slist* list = nullptr;
  for (const std::string& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  if (body != nullptr) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body->data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, Append);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.headers);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (tls != nullptr) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, tls->ca.c_str());
    if (!tls->client_cert.empty()) {
      curl_easy_setopt(curl, CURLOPT_SSLCERT, tls->client_cert.c_str());
      curl_easy_setopt(curl, CURLOPT_SSLKEY, tls->client_key.c_str());
    }
  }
  const CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  } else {
    reply.error = curl_easy_strerror(code);
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return reply;
}

}  // namespace

HttpReply HttpPost(const std::string& url, const std::string& body,
                   const std::vector<std::string>& headers, const HttpTls* tls) {
  return Perform(url, &body, headers, tls);
}

HttpReply HttpGet(const std::string& url, const std::vector<std::string>& headers,
                  const HttpTls* tls) {
  return Perform(url, nullptr, headers, tls);
}

std::string HeaderValue(const HttpReply& reply, const std::string& name) {
  const std::string wanted = absl::AsciiStrToLower(name) + ":";
  for (absl::string_view line : absl::StrSplit(reply.headers, "\r\n")) {
    if (absl::StartsWithIgnoreCase(line, wanted)) {
      return std::string(absl::StripAsciiWhitespace(line.substr(wanted.size())));
    }
  }
  return "";
}

}  // namespace causeway::testing
