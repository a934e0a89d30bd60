#include "archiver/core/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <algorithm>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace causeway::archiver {
namespace {

bool Unreserved(unsigned char c) {
  return absl::ascii_isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

std::string HmacSha256(absl::string_view key, absl::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &length);
  return std::string(reinterpret_cast<const char*>(out), length);
}

// Trims the value and collapses every run of spaces to one (the suite's get-header-value-trim).
std::string TrimHeaderValue(absl::string_view value) {
  value = absl::StripAsciiWhitespace(value);
  std::string out;
  out.reserve(value.size());
  bool in_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      if (!in_space) out.push_back(' ');
      in_space = true;
    } else {
      out.push_back(c);
      in_space = false;
    }
  }
  return out;
}

bool HasControl(absl::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\t'; });
}

}  // namespace

std::string UriEncode(absl::string_view raw, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(raw.size() * 3);
  for (char ch : raw) {
    auto c = static_cast<unsigned char>(ch);
    if (Unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  encoded.reserve(query.size());
  for (const auto& [name, value] : query) {
    encoded.emplace_back(UriEncode(name, false), UriEncode(value, false));
  }
  std::sort(encoded.begin(), encoded.end());
  return absl::StrJoin(encoded, "&", [](std::string* out, const auto& p) {
    absl::StrAppend(out, p.first, "=", p.second);
  });
}

absl::StatusOr<SigV4Signed> SignV4(const SigV4Request& request, const SigV4Credentials& credentials,
                                   absl::string_view region, absl::string_view service,
                                   absl::Time now) {
  if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
    return absl::InvalidArgumentError("sigv4: the access key id and the secret key are required");
  }
  if (region.empty() || service.empty() || request.method.empty() || request.host.empty() ||
      request.payload_hash.empty()) {
    return absl::InvalidArgumentError(
        "sigv4: region, service, method, host and payload hash are required");
  }
  const std::string amz_date = absl::FormatTime("%Y%m%dT%H%M%SZ", now, absl::UTCTimeZone());
  const std::string date = amz_date.substr(0, 8);

  SigV4Signed signed_request;
  // Lowercase name -> values in the order given (repeats joined with ",").
  std::map<std::string, std::vector<std::string>> canonical;
  auto add = [&](absl::string_view name, absl::string_view value, bool send_as_given) {
    canonical[absl::AsciiStrToLower(name)].push_back(TrimHeaderValue(value));
    signed_request.headers.emplace_back(send_as_given ? std::string(name)
                                                      : absl::AsciiStrToLower(name),
                                        std::string(value));
  };
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || HasControl(name) || HasControl(value) ||
        name.find(':') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("sigv4: header \"", absl::CHexEscape(name), "\" has a control character"));
    }
    std::string lower = absl::AsciiStrToLower(name);
    if (lower == "host" || lower == "x-amz-date" || lower == "authorization" ||
        lower == "x-amz-security-token" ||
        (lower == "x-amz-content-sha256" && request.sign_content_sha256)) {
      return absl::InvalidArgumentError(
          absl::StrCat("sigv4: header \"", lower, "\" is set by the signer"));
    }
    add(name, value, true);
  }
  add("host", request.host, false);
  add("x-amz-date", amz_date, false);
  if (request.sign_content_sha256) add("x-amz-content-sha256", request.payload_hash, false);
  if (!credentials.session_token.empty()) {
    add("x-amz-security-token", credentials.session_token, false);
  }

  std::string canonical_headers;
  std::vector<absl::string_view> names;
  for (const auto& [name, values] : canonical) {
    absl::StrAppend(&canonical_headers, name, ":", absl::StrJoin(values, ","), "\n");
    names.push_back(name);
  }
  const std::string signed_headers = absl::StrJoin(names, ";");
  const std::string path = request.path.empty() ? "/" : UriEncode(request.path, true);

  signed_request.canonical_request =
      absl::StrCat(request.method, "\n", path, "\n", CanonicalQuery(request.query), "\n",
                   canonical_headers, "\n", signed_headers, "\n", request.payload_hash);
  const std::string scope = absl::StrCat(date, "/", region, "/", service, "/aws4_request");
  signed_request.string_to_sign =
      absl::StrCat("AWS4-HMAC-SHA256\n", amz_date, "\n", scope, "\n",
                   Sha256Hex(signed_request.canonical_request));

  std::string key = HmacSha256(absl::StrCat("AWS4", credentials.secret_access_key), date);
  key = HmacSha256(key, region);
  key = HmacSha256(key, service);
  key = HmacSha256(key, "aws4_request");
  signed_request.signature =
      absl::BytesToHexString(HmacSha256(key, signed_request.string_to_sign));
  signed_request.authorization =
      absl::StrCat("AWS4-HMAC-SHA256 Credential=", credentials.access_key_id, "/", scope,
                   ", SignedHeaders=", signed_headers, ", Signature=", signed_request.signature);
  return signed_request;
}

}  // namespace causeway::archiver
