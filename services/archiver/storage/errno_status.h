#pragma once
// An errno as object_store.h's codes: ENOENT/ENOTDIR → NOT_FOUND, EEXIST → ALREADY_EXISTS,
// EACCES/EPERM/EROFS → PERMISSION_DENIED, ENOSPC/EDQUOT → RESOURCE_EXHAUSTED (a full disk),
// ENAMETOOLONG/EISDIR → INVALID_ARGUMENT, anything else INTERNAL. Message: "{what}: {strerror}".
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace causeway::archiver {

absl::Status StatusFromErrno(int error, absl::string_view what);

}  // namespace causeway::archiver
