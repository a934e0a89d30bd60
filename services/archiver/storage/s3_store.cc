#include "archiver/storage/s3_store.h"

#include <curl/curl.h>

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "archiver/storage/s3_errors.h"
#include "archiver/storage/s3_xml.h"
#include "common/kafka/client_properties.h"
#include "common/net/http_url.h"

namespace causeway::archiver {

struct S3Store::Endpoint {
  std::string scheme;
  std::string host_header;  // the Host header (and URL authority) for the bucket's requests
  std::string path_prefix;  // "/{bucket}" for path-style, "" for virtual-host
};

struct S3Store::Response {
  long status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lowercase names
};

namespace {

constexpr size_t kMaxHeaderBytes = 64 << 10;

struct BodyCapture {
  std::string* body;
  size_t max;
  bool overflow = false;
};

struct HeaderCapture {
  std::map<std::string, std::string>* headers;
  size_t total = 0;
};

struct UploadSource {
  absl::string_view rest;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* capture = static_cast<BodyCapture*>(user);
  size_t n = size * count;
  if (capture->body->size() + n > capture->max) {
    capture->overflow = true;
    return 0;  // aborts the transfer: CURLE_WRITE_ERROR
  }
  capture->body->append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* capture = static_cast<HeaderCapture*>(user);
  size_t n = size * count;
  capture->total += n;
  if (capture->total > kMaxHeaderBytes) return 0;
  absl::string_view line(data, n);
  if (absl::StartsWith(line, "HTTP/")) capture->headers->clear();  // a 100 Continue before
  size_t colon = line.find(':');
  if (colon != absl::string_view::npos) {
    (*capture->headers)[absl::AsciiStrToLower(line.substr(0, colon))] =
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  return n;
}

size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
  auto* source = static_cast<UploadSource*>(user);
  size_t n = std::min(size * count, source->rest.size());
  std::copy_n(source->rest.data(), n, buffer);
  source->rest.remove_prefix(n);
  return n;
}

absl::Status FromCurl(CURLcode code, bool overflow, absl::string_view what) {
  std::string message = absl::StrCat(what, ": ", curl_easy_strerror(code));
  if (overflow) return absl::ResourceExhaustedError(absl::StrCat(what, ": response too large"));
  switch (code) {
    case CURLE_URL_MALFORMAT:
      return absl::InvalidArgumentError(message);
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return absl::FailedPreconditionError(message);
    default:  // timeouts, refused or reset connections, DNS: all worth a retry
      return absl::UnavailableError(message);
  }
}

absl::Time ParseIsoTime(absl::string_view text) {
  absl::Time t = absl::InfinitePast();
  std::string error;
  absl::ParseTime("%Y-%m-%dT%H:%M:%E*SZ", std::string(text), &t, &error);
  return t;
}

absl::Status CheckBucket(const S3Config& config) {
  const std::string& b = config.bucket;
  if (b.empty()) return absl::InvalidArgumentError("bucket: required");
  bool dns_safe = b.size() >= 3 && b.size() <= 63 &&
                  std::all_of(b.begin(), b.end(), [](char c) {
                    return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '.' || c == '-';
                  });
  if (config.addressing == S3Addressing::kVirtualHost && !dns_safe) {
    return absl::InvalidArgumentError(
        "bucket: virtual-host addressing needs a DNS-safe name ([a-z0-9.-], 3..63 characters)");
  }
  if (std::any_of(b.begin(), b.end(), [](char c) { return c == '/' || c < 0x21 || c > 0x7e; })) {
    return absl::InvalidArgumentError("bucket: must not hold `/`, spaces or non-ASCII");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SigV4Credentials> ResolveS3Credentials(absl::string_view access_key_id,
                                                      absl::string_view secret_access_key_ref,
                                                      absl::string_view session_token_ref) {
  SigV4Credentials credentials;
  if (absl::StartsWith(access_key_id, "${")) {
    auto id = kafka::ResolveSecretReference("s3.access_key_id", access_key_id);
    if (!id.ok()) return id.status();
    credentials.access_key_id = *id;
  } else {
    credentials.access_key_id = std::string(access_key_id);
  }
  if (credentials.access_key_id.empty()) {
    return absl::InvalidArgumentError("s3.access_key_id: required");
  }
  auto secret = kafka::ResolveSecretReference("s3.secret_access_key", secret_access_key_ref);
  if (!secret.ok()) return secret.status();
  credentials.secret_access_key = *secret;
  if (!session_token_ref.empty()) {
    auto token = kafka::ResolveSecretReference("s3.session_token", session_token_ref);
    if (!token.ok()) return token.status();
    credentials.session_token = *token;
  }
  return credentials;
}

absl::StatusOr<std::unique_ptr<S3Store>> S3Store::Create(S3Config config) {
  // curl_global_init is not safe to race: once per process, before the first handle.
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK) return absl::InternalError("curl_global_init failed");
  auto url = net::ParseHttpUrl("endpoint", config.endpoint);
  if (!url.ok()) return url.status();
  if (url->target != "/") return absl::InvalidArgumentError("endpoint: must not have a path");
  if (config.region.empty()) return absl::InvalidArgumentError("region: required");
  if (auto s = CheckBucket(config); !s.ok()) return s;
  if (config.credentials.access_key_id.empty() || config.credentials.secret_access_key.empty()) {
    return absl::InvalidArgumentError("credentials: the access key id and secret are required");
  }
  auto endpoint = std::make_unique<Endpoint>();
  endpoint->scheme = url->scheme;
  std::string host = absl::StrContains(url->host, ':') ? absl::StrCat("[", url->host, "]")
                                                       : url->host;
  bool default_port = (url->scheme == "http" && url->port == 80) ||
                      (url->scheme == "https" && url->port == 443);
  std::string authority = default_port ? host : absl::StrCat(host, ":", url->port);
  const bool ip_literal =
      absl::StrContains(url->host, ':') ||
      std::all_of(url->host.begin(), url->host.end(),
                  [](char c) { return absl::ascii_isdigit(c) || c == '.'; });
  if (config.addressing == S3Addressing::kVirtualHost && ip_literal) {
    return absl::InvalidArgumentError(
        "endpoint: virtual-host addressing needs a DNS name (the bucket becomes its first label); "
        "use path-style addressing with an IP address");
  }
  if (config.addressing == S3Addressing::kVirtualHost) {
    endpoint->host_header = absl::StrCat(config.bucket, ".", authority);
  } else {
    endpoint->host_header = authority;
    endpoint->path_prefix = absl::StrCat("/", config.bucket);
  }
  return std::unique_ptr<S3Store>(new S3Store(std::move(config), std::move(endpoint)));
}

S3Store::S3Store(S3Config config, std::unique_ptr<Endpoint> endpoint)
    : config_(std::move(config)), endpoint_(std::move(endpoint)) {}
S3Store::~S3Store() = default;

absl::StatusOr<S3Store::Response> S3Store::Send(
    absl::string_view method, absl::string_view key,
    std::vector<std::pair<std::string, std::string>> query,
    std::vector<std::pair<std::string, std::string>> headers, absl::string_view body,
    size_t max_body) {
  const std::string what = absl::StrCat("S3 ", method, " ", key.empty() ? "(bucket)" : key);
  SigV4Request request;
  request.method = std::string(method);
  request.host = endpoint_->host_header;
  request.path = key.empty() ? (endpoint_->path_prefix.empty() ? "/" : endpoint_->path_prefix)
                             : absl::StrCat(endpoint_->path_prefix, "/", key);
  request.query = std::move(query);
  request.headers = std::move(headers);
  request.payload_hash = Sha256Hex(body);
  auto signed_request = SignV4(request, config_.credentials, config_.region, "s3", absl::Now());
  if (!signed_request.ok()) return signed_request.status();

  std::string url = absl::StrCat(endpoint_->scheme, "://", endpoint_->host_header,
                                 UriEncode(request.path, true));
  if (!request.query.empty()) absl::StrAppend(&url, "?", CanonicalQuery(request.query));

  CURL* curl = curl_easy_init();
  if (curl == nullptr) return absl::ResourceExhaustedError(absl::StrCat(what, ": no curl handle"));
  struct curl_slist* list = nullptr;
  for (const auto& [name, value] : signed_request->headers) {
    list = curl_slist_append(list, absl::StrCat(name, ": ", value).c_str());
  }
  list = curl_slist_append(list, absl::StrCat("Authorization: ", signed_request->authorization).c_str());
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  list = curl_slist_append(list, "Content-Type:");  // curl's form default would mislabel bodies

  struct curl_slist* connect_to = nullptr;
  if (!config_.connect_to.empty()) {
    connect_to = curl_slist_append(nullptr, absl::StrCat("::", config_.connect_to).c_str());
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect_to);
  }
  Response response;
  BodyCapture body_capture{&response.body, max_body};
  HeaderCapture header_capture{&response.headers};
  UploadSource source{body};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_PROXY, "");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(config_.request_timeout)));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(config_.connect_timeout)));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body_capture);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &header_capture);
  if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, OnRead);
    curl_easy_setopt(curl, CURLOPT_READDATA, &source);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else if (method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else if (method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  CURLcode code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  curl_easy_cleanup(curl);
  curl_slist_free_all(list);
  curl_slist_free_all(connect_to);
  if (code != CURLE_OK) return FromCurl(code, body_capture.overflow, what);
  if (response.status < 200 || response.status > 299) {
    return StatusFromS3(response.status, response.body, what);
  }
  return response;
}

absl::Status S3Store::CreateBucket() {
  std::string body;
  if (config_.region != "us-east-1") {
    body = absl::StrCat(
        "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<LocationConstraint>",
        XmlEscape(config_.region), "</LocationConstraint></CreateBucketConfiguration>");
  }
  auto response = Send("PUT", "", {}, {}, body, config_.max_response_bytes);
  if (!response.ok() && response.status().code() == absl::StatusCode::kAborted &&
      absl::StrContains(response.status().message(), "BucketAlreadyOwnedByYou")) {
    return absl::OkStatus();
  }
  return response.status();
}

absl::Status S3Store::Put(absl::string_view key, absl::string_view bytes,
                          const PutOptions& options) {
  if (auto s = ValidateObjectKey("key", key); !s.ok()) return s;
  std::vector<std::pair<std::string, std::string>> headers;
  if (options.if_none_match) headers.emplace_back("If-None-Match", "*");
  return Send("PUT", key, {}, std::move(headers), bytes, config_.max_response_bytes).status();
}

absl::StatusOr<std::string> S3Store::Get(absl::string_view key, size_t max_bytes) {
  if (auto s = ValidateObjectKey("key", key); !s.ok()) return s;
  // Room for an error body even when the caller wants few bytes; the size is checked after.
  auto response = Send("GET", key, {}, {}, "", std::max(max_bytes, size_t{64} << 10));
  if (!response.ok()) return response.status();
  if (response->body.size() > max_bytes) {
    return absl::ResourceExhaustedError(absl::StrCat("S3 GET ", key, ": more than ", max_bytes,
                                                     " bytes"));
  }
  return std::move(response->body);
}

absl::StatusOr<ObjectInfo> S3Store::Head(absl::string_view key) {
  if (auto s = ValidateObjectKey("key", key); !s.ok()) return s;
  auto response = Send("HEAD", key, {}, {}, "", config_.max_response_bytes);
  if (!response.ok()) return response.status();
  ObjectInfo info;
  info.key = std::string(key);
  if (!absl::SimpleAtoi(response->headers["content-length"], &info.size)) {
    return absl::UnknownError(absl::StrCat("S3 HEAD ", key, ": no Content-Length"));
  }
  info.etag = response->headers["etag"];
  absl::Time t;
  std::string error;
  if (absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", response->headers["last-modified"], &t,
                      &error)) {
    info.last_modified = t;
  }
  return info;
}

absl::Status S3Store::Delete(absl::string_view key) {
  if (auto s = ValidateObjectKey("key", key); !s.ok()) return s;
  auto response = Send("DELETE", key, {}, {}, "", config_.max_response_bytes);
  if (!response.ok() && response.status().code() == absl::StatusCode::kNotFound &&
      !absl::StrContains(response.status().message(), "NoSuchBucket")) {
    return absl::OkStatus();
  }
  return response.status();
}

absl::StatusOr<ObjectPage> S3Store::List(absl::string_view prefix, absl::string_view continuation,
                                         int max_keys) {
  if (max_keys < 1 || max_keys > kMaxListKeys) {
    return absl::InvalidArgumentError(absl::StrCat("max_keys: must be 1..", kMaxListKeys));
  }
  std::vector<std::pair<std::string, std::string>> query = {
      {"list-type", "2"}, {"max-keys", absl::StrCat(max_keys)}};
  if (!prefix.empty()) query.emplace_back("prefix", std::string(prefix));
  if (!continuation.empty()) query.emplace_back("continuation-token", std::string(continuation));
  auto response = Send("GET", "", std::move(query), {}, "", config_.max_response_bytes);
  if (!response.ok()) return response.status();
  ObjectPage page;
  for (absl::string_view contents : XmlElements(response->body, "Contents")) {
    ObjectInfo info;
    info.key = XmlText(contents, "Key").value_or("");
    if (!absl::SimpleAtoi(XmlText(contents, "Size").value_or(""), &info.size) || info.key.empty()) {
      return absl::UnknownError("S3 ListObjectsV2: a Contents entry without Key or Size");
    }
    info.etag = XmlText(contents, "ETag").value_or("");
    info.last_modified = ParseIsoTime(XmlText(contents, "LastModified").value_or(""));
    page.objects.push_back(std::move(info));
  }
  if (XmlText(response->body, "IsTruncated").value_or("false") == "true") {
    page.next = XmlText(response->body, "NextContinuationToken").value_or("");
    if (page.next.empty()) {
      return absl::UnknownError("S3 ListObjectsV2: truncated without NextContinuationToken");
    }
  }
  return page;
}

absl::StatusOr<std::string> S3Store::CreateMultipartUpload(absl::string_view key) {
  if (auto s = ValidateObjectKey("key", key); !s.ok()) return s;
  auto response = Send("POST", key, {{"uploads", ""}}, {}, "", config_.max_response_bytes);
  if (!response.ok()) return response.status();
  std::string id = XmlText(response->body, "UploadId").value_or("");
  if (id.empty()) return absl::UnknownError(absl::StrCat("S3 CreateMultipartUpload ", key, ": no UploadId"));
  return id;
}

absl::StatusOr<std::string> S3Store::UploadPart(absl::string_view key, absl::string_view upload_id,
                                                int part_number, absl::string_view bytes) {
  if (auto s = ValidateObjectKey("key", key); !s.ok()) return s;
  if (part_number < 1 || part_number > kMaxPartNumber) {
    return absl::InvalidArgumentError(absl::StrCat("part_number: must be 1..", kMaxPartNumber));
  }
  auto response = Send("PUT", key,
                       {{"partNumber", absl::StrCat(part_number)}, {"uploadId", std::string(upload_id)}},
                       {}, bytes, config_.max_response_bytes);
  if (!response.ok()) return response.status();
  std::string etag = response->headers["etag"];
  if (etag.empty()) return absl::UnknownError(absl::StrCat("S3 UploadPart ", key, ": no ETag"));
  return etag;
}

absl::Status S3Store::CompleteMultipartUpload(absl::string_view key, absl::string_view upload_id,
                                              const std::vector<CompletedPart>& parts) {
  if (auto s = ValidateObjectKey("key", key); !s.ok()) return s;
  if (parts.empty()) return absl::InvalidArgumentError("parts: empty");
  std::string body = "<CompleteMultipartUpload>";
  int previous = 0;
  for (const CompletedPart& part : parts) {
    if (part.part_number <= previous) {
      return absl::InvalidArgumentError("parts: not ascending by part number");
    }
    previous = part.part_number;
    absl::StrAppend(&body, "<Part><PartNumber>", part.part_number, "</PartNumber><ETag>",
                    XmlEscape(part.etag), "</ETag></Part>");
  }
  body += "</CompleteMultipartUpload>";
  auto response = Send("POST", key, {{"uploadId", std::string(upload_id)}}, {}, body,
                       config_.max_response_bytes);
  if (!response.ok()) return response.status();
  // S3 may answer 200 and then an <Error> body when completing fails after it started answering.
  if (!XmlElements(response->body, "Error").empty()) {
    return StatusFromS3(XmlText(response->body, "Code").value_or("") == "InternalError" ? 500 : 400,
                  response->body, absl::StrCat("S3 CompleteMultipartUpload ", key));
  }
  return absl::OkStatus();
}

absl::Status S3Store::AbortMultipartUpload(absl::string_view key, absl::string_view upload_id) {
  if (auto s = ValidateObjectKey("key", key); !s.ok()) return s;
  return Send("DELETE", key, {{"uploadId", std::string(upload_id)}}, {}, "",
              config_.max_response_bytes)
      .status();
}

absl::StatusOr<MultipartPage> S3Store::ListMultipartUploads(absl::string_view prefix,
                                                            absl::string_view continuation) {
  std::vector<std::pair<std::string, std::string>> query = {{"uploads", ""}};
  if (!prefix.empty()) query.emplace_back("prefix", std::string(prefix));
  if (!continuation.empty()) {
    // Our continuation: "{key-marker}\n{upload-id-marker}" (S3 pages by the pair).
    std::pair<std::string, std::string> markers = absl::StrSplit(continuation, absl::MaxSplits('\n', 1));
    query.emplace_back("key-marker", markers.first);
    if (!markers.second.empty()) query.emplace_back("upload-id-marker", markers.second);
  }
  auto response = Send("GET", "", std::move(query), {}, "", config_.max_response_bytes);
  if (!response.ok()) return response.status();
  MultipartPage page;
  for (absl::string_view upload : XmlElements(response->body, "Upload")) {
    MultipartUpload u;
    u.key = XmlText(upload, "Key").value_or("");
    u.upload_id = XmlText(upload, "UploadId").value_or("");
    u.initiated = ParseIsoTime(XmlText(upload, "Initiated").value_or(""));
    if (u.key.empty() || u.upload_id.empty()) {
      return absl::UnknownError("S3 ListMultipartUploads: an Upload without Key or UploadId");
    }
    page.uploads.push_back(std::move(u));
  }
  if (XmlText(response->body, "IsTruncated").value_or("false") == "true") {
    page.next = absl::StrCat(XmlText(response->body, "NextKeyMarker").value_or(""), "\n",
                             XmlText(response->body, "NextUploadIdMarker").value_or(""));
  }
  return page;
}

}  // namespace causeway::archiver
