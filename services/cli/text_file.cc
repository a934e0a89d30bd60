#include "cli/text_file.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "cli/errors.h"

namespace causeway::cli {

absl::StatusOr<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return UsageError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace causeway::cli
