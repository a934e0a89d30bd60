#pragma once
// ObjectStore on an S3-compatible API (AWS S3, MinIO, Ceph RGW, moto in tests), over libcurl
// with the SigV4 signer of archiver/core (Debian 12 has no usable C++ S3 client).
//
// Addressing: virtual-host (`https://{bucket}.{endpoint host}/{key}`, AWS's default) or path-style
// (`{endpoint}/{bucket}/{key}`, what MinIO and local servers expect). Every request is signed,
// payload hashed (x-amz-content-sha256 is the SHA-256 of the body: the body is in memory anyway,
// and a signed hash lets the server refuse a corrupted upload).
//
// Bounds: each request has a total timeout and a connect timeout (S3Config); a response body is
// read up to S3Config::max_response_bytes (Get: up to its max_bytes), headers up to 64 KiB, and a
// larger one fails RESOURCE_EXHAUSTED. No proxy is used (CURLOPT_PROXY ""): an archive upload
// must not take a path the operator did not configure.
//
// Retries: none here. A failed request returns its code (object_store.h's table: UNAVAILABLE for
// 5xx, 429, timeouts and connection failures, ABORTED for 409) and the caller retries with its
// own policy, since only the archiver's protocol knows which requests are safe to repeat.
//
// XML answers are read by s3_xml.h's tag scan (why that is enough: see there).
//
// Threads: safe; each request uses its own curl easy handle.
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "archiver/core/sigv4.h"
#include "archiver/storage/object_store.h"

namespace causeway::archiver {

enum class S3Addressing { kVirtualHost, kPath };

struct S3Config {
  std::string endpoint;  // "https://s3.eu-west-1.amazonaws.com", "http://127.0.0.1:9000"
  std::string region;    // "eu-west-1"; "us-east-1" for most local servers
  std::string bucket;
  S3Addressing addressing = S3Addressing::kVirtualHost;
  SigV4Credentials credentials;
  absl::Duration request_timeout = absl::Seconds(60);  // a 16 MiB part at ~2 Mbit/s
  absl::Duration connect_timeout = absl::Seconds(5);
  size_t max_response_bytes = 8 << 20;  // a ListObjectsV2 page of 1000 long keys is ~1 MiB
  // "host:port" to connect to instead of the one the URL names, the URL and Host header kept (curl's
  // CONNECT_TO): a private endpoint with no DNS name per bucket, and tests of virtual-host
  // addressing against a loopback server. Empty: connect where the URL says.
  std::string connect_to;
};

// Credentials from secret references (`${file:...}`, `${env:...}`, as clusters' properties and
// the signing-key flags take them: kafka::ResolveSecretReference). The access key id may also be
// a literal (it is an identifier, not a secret); the session token is optional (empty).
// INVALID_ARGUMENT / FAILED_PRECONDITION naming the field, never quoting a value.
absl::StatusOr<SigV4Credentials> ResolveS3Credentials(absl::string_view access_key_id,
                                                      absl::string_view secret_access_key_ref,
                                                      absl::string_view session_token_ref);

class S3Store : public ObjectStore {
 public:
  // INVALID_ARGUMENT naming the field for a bad endpoint URL (common/net/http_url.h: http or https,
  // no path), an empty region, bucket or credential, or a bucket name S3 would refuse for the
  // addressing chosen (virtual-host needs a DNS-safe name: [a-z0-9.-], 3..63, and an endpoint
  // named by DNS, not an IP address).
  static absl::StatusOr<std::unique_ptr<S3Store>> Create(S3Config config);
  ~S3Store() override;

  absl::Status Put(absl::string_view key, absl::string_view bytes,
                   const PutOptions& options) override;
  absl::StatusOr<std::string> Get(absl::string_view key, size_t max_bytes) override;
  absl::StatusOr<ObjectInfo> Head(absl::string_view key) override;
  absl::Status Delete(absl::string_view key) override;
  absl::StatusOr<ObjectPage> List(absl::string_view prefix, absl::string_view continuation,
                                  int max_keys) override;
  absl::StatusOr<std::string> CreateMultipartUpload(absl::string_view key) override;
  absl::StatusOr<std::string> UploadPart(absl::string_view key, absl::string_view upload_id,
                                         int part_number, absl::string_view bytes) override;
  absl::Status CompleteMultipartUpload(absl::string_view key, absl::string_view upload_id,
                                       const std::vector<CompletedPart>& parts) override;
  absl::Status AbortMultipartUpload(absl::string_view key, absl::string_view upload_id) override;
  absl::StatusOr<MultipartPage> ListMultipartUploads(absl::string_view prefix,
                                                     absl::string_view continuation) override;

  // Creates the bucket (tests and first-time setup; production buckets are provisioned by the
  // operator). OK when this account already owns it.
  absl::Status CreateBucket();

 private:
  struct Endpoint;  // where requests go (scheme, Host header, path prefix), from the config
  struct Response;  // status, bounded body, lowercase headers
  S3Store(S3Config config, std::unique_ptr<Endpoint> endpoint);
  absl::StatusOr<Response> Send(absl::string_view method, absl::string_view key,
                                std::vector<std::pair<std::string, std::string>> query,
                                std::vector<std::pair<std::string, std::string>> headers,
                                absl::string_view body, size_t max_body);

  S3Config config_;
  std::unique_ptr<Endpoint> endpoint_;
};

}  // namespace causeway::archiver
