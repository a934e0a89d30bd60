#include "cli/output.h"

#include <string>

#include "absl/strings/ascii.h"
#include "cli/field_text.h"
#include "cli/programming_error.h"
#include "cli/table.h"
#include "google/protobuf/util/json_util.h"

namespace causeway::cli {
namespace {

std::string Json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  if (auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
      !status.ok()) {
    // Only invalid UTF-8 or unknown Any types get here; neither is in the Topology API.
    ProgrammingError(status.ToString());
  }
  return json;
}

}  // namespace

Column FieldColumn(absl::string_view path, absl::string_view header) {
  std::string title(header);
  if (title.empty()) {
    const size_t dot = path.rfind('.');
    title = absl::AsciiStrToUpper(dot == absl::string_view::npos ? path : path.substr(dot + 1));
  }
  return Column{title, [path = std::string(path)](const google::protobuf::Message& item) {
                  return FieldTextAt(item, path);
                }};
}

std::vector<Column> FieldColumns(const std::vector<std::string>& paths) {
  std::vector<Column> columns;
  for (const auto& path : paths) columns.push_back(FieldColumn(path));
  return columns;
}

Output::Output(Format format, std::ostream& out) : format_(format), out_(out) {}

void Output::Entity(const google::protobuf::Message& entity) {
  if (json()) {
    out_ << Json(entity) << "\n";
    return;
  }
  Table table({"FIELD", "VALUE"});
  const auto* type = entity.GetDescriptor();
  const auto& reflection = *entity.GetReflection();
  for (int i = 0; i < type->field_count(); ++i) {
    const auto& field = *type->field(i);
    if (field.is_repeated() && !field.is_map() &&
        field.cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      // A list of messages (a principal's tokens) reads as one row per item.
      const int count = reflection.FieldSize(entity, &field);
      if (count == 0) table.AddRow({field.name(), ""});
      for (int j = 0; j < count; ++j) {
        table.AddRow({j == 0 ? field.name() : "",
                      MessageText(reflection.GetRepeatedMessage(entity, &field, j))});
      }
      continue;
    }
    table.AddRow({field.name(), FieldText(entity, field)});
  }
  table.Print(out_);
}

void Output::List(const std::vector<Column>& columns,
                  const std::vector<const google::protobuf::Message*>& items) {
  if (json()) {
    out_ << "[";
    for (size_t i = 0; i < items.size(); ++i) {
      out_ << (i == 0 ? "\n  " : ",\n  ") << Json(*items[i]);
    }
    out_ << "\n]\n";
    return;
  }
  std::vector<std::string> header;
  for (const auto& column : columns) header.push_back(column.header);
  Table table(std::move(header));
  for (const auto* item : items) {
    std::vector<std::string> row;
    for (const auto& column : columns) row.push_back(column.text(*item));
    table.AddRow(std::move(row));
  }
  table.Print(out_);
}

void Output::Done(absl::string_view sentence) {
  out_ << (json() ? "{}" : sentence) << "\n";
}

void Output::Line(absl::string_view text) {
  if (!json()) out_ << text << std::endl;
}

void Output::Text(absl::string_view line) { out_ << line << "\n"; }

void Output::Print(const Table& table) { table.Print(out_); }

void Output::JsonLine(const google::protobuf::Message& message) {
  out_ << Json(message) << std::endl;
}

}  // namespace causeway::cli
