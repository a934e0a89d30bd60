#pragma once
// An aligned text table: every column as wide as its widest cell, two spaces between columns.
#include <ostream>
#include <string>
#include <vector>

namespace causeway::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header);

  // A row with fewer cells than the header is padded with empty cells.
  void AddRow(std::vector<std::string> cells);
  void Print(std::ostream& out) const;

 private:
  std::vector<std::vector<std::string>> rows_;  // rows_[0] is the header
};

}  // namespace causeway::cli
