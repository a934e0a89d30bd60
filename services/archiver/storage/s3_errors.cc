#include "archiver/storage/s3_errors.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "archiver/storage/s3_xml.h"

namespace causeway::archiver {

absl::Status StatusFromS3(long http_status, absl::string_view body, absl::string_view what) {
  std::string code = XmlText(body, "Code").value_or("");
  std::string text = XmlText(body, "Message").value_or("");
  std::string message = absl::StrCat(what, ": HTTP ", http_status, code.empty() ? "" : " ", code,
                                     text.empty() ? "" : ": ", text);
  if (code == "InternalError" || code == "SlowDown" || code == "RequestTimeout" ||
      code == "ServiceUnavailable") {
    return absl::UnavailableError(message);
  }
  switch (http_status) {
    case 400: return absl::InvalidArgumentError(message);
    case 401: return absl::UnauthenticatedError(message);
    case 403: return absl::PermissionDeniedError(message);
    case 404: return absl::NotFoundError(message);
    case 409: return absl::AbortedError(message);
    case 412: return absl::AlreadyExistsError(message);  // If-None-Match: * and the key exists
    case 429: return absl::UnavailableError(message);
    case 501: return absl::UnimplementedError(message);
    default:
      if (http_status >= 500) return absl::UnavailableError(message);
      return absl::UnknownError(message);
  }
}

}  // namespace causeway::archiver
