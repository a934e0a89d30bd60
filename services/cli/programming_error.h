#pragma once
// A fault in this program's own tables (an RPC or field name that the API does not have), not in
// its input: say what it is and abort, rather than carry on with a half-built request.
#include <cstdlib>
#include <iostream>

#include "absl/strings/string_view.h"

namespace causeway::cli {

[[noreturn]] inline void ProgrammingError(absl::string_view what) {
  std::cerr << "internal error: " << what << "\n";
  std::abort();
}

}  // namespace causeway::cli
