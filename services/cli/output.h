#pragma once
// Output: everything a command prints on stdout, in one of two forms chosen by --json:
//   tables  for people: a single entity as FIELD/VALUE rows, a list as one row per item;
//   JSON    for scripts: protobuf JSON with the proto's field names and every field present; a
//           list is a JSON array, a streamed message (watch) one JSON object per line.
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace causeway::cli {

class Table;

// A column of a list table: its header and how an item reads in it.
struct Column {
  std::string header;
  std::function<std::string(const google::protobuf::Message&)> text;
};

// A column showing the field at `path` ("bootstrap_servers", "placement.zone"), headed by the
// path's last part upper-cased ("BOOTSTRAP_SERVERS") unless `header` is given.
Column FieldColumn(absl::string_view path, absl::string_view header = "");

// FieldColumn of each field, in order.
std::vector<Column> FieldColumns(const std::vector<std::string>& paths);

class Output {
 public:
  enum class Format { kTable, kJson };

  Output(Format format, std::ostream& out);

  bool json() const { return format_ == Format::kJson; }

  // One entity.
  void Entity(const google::protobuf::Message& entity);
  // Many items, with these columns in table form.
  void List(const std::vector<Column>& columns,
            const std::vector<const google::protobuf::Message*>& items);
  // The outcome of a command that returns nothing (delete): the sentence, or `{}` in JSON.
  void Done(absl::string_view sentence);
  // A line of free text, table form only (headings, stream markers); flushed.
  void Line(absl::string_view text);
  // Text that has no JSON form (`config view`), in either format: a line, or an aligned table.
  void Text(absl::string_view line);
  void Print(const Table& table);
  // A message as one line of JSON, flushed (streams).
  void JsonLine(const google::protobuf::Message& message);

 private:
  Format format_;
  std::ostream& out_;
};

// `items` as the pointer list Output::List takes; items are messages or pointers to them.
template <typename Items>
std::vector<const google::protobuf::Message*> MessagePointers(const Items& items) {
  std::vector<const google::protobuf::Message*> pointers;
  for (const auto& item : items) {
    if constexpr (requires { item.get(); }) {
      pointers.push_back(item.get());
    } else {
      pointers.push_back(&item);
    }
  }
  return pointers;
}

}  // namespace causeway::cli
