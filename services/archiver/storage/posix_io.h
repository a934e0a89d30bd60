#pragma once
// POSIX file I/O helpers of the archiver's local storage (LocalStore, SpoolFile).
//
// StatusFromErrno: an errno as object_store.h's codes: ENOENT/ENOTDIR → NOT_FOUND, EEXIST → ALREADY_EXISTS,
// EACCES/EPERM/EROFS → PERMISSION_DENIED, ENOSPC/EDQUOT → RESOURCE_EXHAUSTED (a full disk),
// ENAMETOOLONG/EISDIR → INVALID_ARGUMENT, anything else INTERNAL. Message: "{what}: {strerror}".
#include "absl/status/status.h"
#include <string_view>

#include "absl/strings/string_view.h"

namespace causeway::archiver {

absl::Status StatusFromErrno(int error, absl::string_view what);

// write(2) until every byte is written (EINTR and short writes retried); the errno's code, naming
// `what`, otherwise.
absl::Status WriteFully(int fd, absl::string_view bytes, absl::string_view what);

}  // namespace causeway::archiver
