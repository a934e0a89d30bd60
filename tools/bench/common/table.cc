#include "table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace causeway::bench {

std::string Table::Render(absl::string_view indent) const {
  std::vector<size_t> width;
  for (const auto& row : rows_) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows_) {
    absl::StrAppend(&out, indent);
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string pad(width[i] - row[i].size(), ' ');
      absl::StrAppend(&out, i == 0 ? row[i] + pad : "  " + pad + row[i]);
    }
    absl::StrAppend(&out, "\n");
  }
  return out;
}

}  // namespace causeway::bench
