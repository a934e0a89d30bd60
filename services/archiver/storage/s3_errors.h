#pragma once
// What an S3 error answer means as an absl::Status (object_store.h's table): the HTTP status and
// the <Code> of the XML error body. Codes AWS documents as retryable (InternalError, SlowDown,
// RequestTimeout, ServiceUnavailable) are UNAVAILABLE whatever the status, so the caller retries.
// The message is "{what}: HTTP {status} {Code}: {Message}" (never the request's headers).
//
// Pure. Threads: none.
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace causeway::archiver {

absl::Status StatusFromS3(long http_status, absl::string_view body, absl::string_view what);

}  // namespace causeway::archiver
