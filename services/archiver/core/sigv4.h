#pragma once
// AWS Signature Version 4 (header form) for S3 and S3-compatible stores, on OpenSSL.
//
// Debian 12 has no usable C++ S3 client (libs3 signs only SigV2, no AWS SDK), so the archiver signs
// its own requests. The algorithm is AWS's published one: a canonical request (method, URI-encoded
// path, sorted encoded query, lowercased sorted trimmed headers, the signed header names, the
// payload hash), a string to sign over its SHA-256, a key derived by HMAC-SHA256 chained over
// date/region/service/"aws4_request", and the Authorization header.
//
// S3's rules apply, not the generic service's: the path is encoded once, segment by segment, `/`
// kept, and never normalised (S3 object keys may hold `//` or `..`). Checked against AWS's SigV4
// test-suite vectors that do not normalise paths and against the S3 documentation's GET Object
// example (tests/unit/archiver_core/sigv4_test.cc).
//
// Pure: no clock (the time is a parameter), no I/O. Threads: none; everything is a function.
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace causeway::archiver {

// The payload hash S3 accepts when the body is not hashed (x-amz-content-sha256).
inline constexpr absl::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";

struct SigV4Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: none (otherwise sent and signed as x-amz-security-token)
};

struct SigV4Request {
  std::string method;  // "GET", "PUT", ...
  std::string host;    // the Host header as sent: "bucket.s3.eu-west-1.amazonaws.com", "127.0.0.1:9000"
  std::string path;    // raw, not encoded: "/bucket/dt=2026-01-01/a+b.avro"; empty means "/"
  // Raw (not encoded) names and values, in any order; a name without a value is ("name", "").
  std::vector<std::pair<std::string, std::string>> query;
  // Headers to send and sign besides the ones the signer adds (host, x-amz-date, the token and,
  // when `sign_content_sha256`, x-amz-content-sha256). Repeated names are joined with ",".
  std::vector<std::pair<std::string, std::string>> headers;
  // Lowercase hex SHA-256 of the body, or kUnsignedPayload.
  std::string payload_hash;
  // S3 requires the x-amz-content-sha256 header; the generic test suite does not send it.
  bool sign_content_sha256 = true;
};

struct SigV4Signed {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // lowercase hex
  std::string authorization;  // the Authorization header's value
  // Every header to send (name as given, or lowercase for the ones the signer added), Host included.
  std::vector<std::pair<std::string, std::string>> headers;
};

// S3's URI encoding: every byte but A-Z a-z 0-9 - _ . ~ as %XX (uppercase); `/` kept when
// `keep_slash` (paths), encoded otherwise (query names and values).
std::string UriEncode(absl::string_view raw, bool keep_slash);

// Lowercase hex SHA-256 of `bytes` (the payload hash).
std::string Sha256Hex(absl::string_view bytes);

// The canonical query string: each name and value encoded, pairs sorted by encoded name then
// value, joined `n=v&...`. What the URL must carry too, so the server computes the same.
std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query);

// Signs `request` at `now` for `region` and `service` ("s3"). INVALID_ARGUMENT when a credential,
// the region, the service, the method, the host or the payload hash is empty, or a header name
// or value holds a control character (it could split the request).
absl::StatusOr<SigV4Signed> SignV4(const SigV4Request& request, const SigV4Credentials& credentials,
                                   absl::string_view region, absl::string_view service,
                                   absl::Time now);

}  // namespace causeway::archiver
