#pragma once
// Table: the fixed-width text tables the benchmarks print. Columns are padded to their widest
// cell; the first column is left-aligned (labels), the others right-aligned (figures).
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace causeway::bench {

class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void Add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // One line per row, each starting with `indent`.
  std::string Render(absl::string_view indent = "  ") const;

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace causeway::bench
