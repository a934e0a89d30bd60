#include "cli_fixture.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/util/json_util.h"
#include "support/subprocess.h"

namespace causeway::testing {
namespace {

template <typename Message>
Message ParseJson(const std::string& json) {
  Message message;
  auto status = google::protobuf::util::JsonStringToMessage(json, &message);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return message;
}

std::string ValueText(const google::protobuf::Value& value) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kStringValue:
      return value.string_value();
    case google::protobuf::Value::kBoolValue:
      return value.bool_value() ? "true" : "false";
    case google::protobuf::Value::kNumberValue:
      return absl::StrCat(value.number_value());
    default:
      return value.ShortDebugString();
  }
}

}  // namespace

std::ostream& operator<<(std::ostream& os, const CliResult& result) {
  return os << "exit " << result.exit_code << "\nstdout:\n" << result.out << "stderr:\n"
            << result.err;
}

void CliTest::SetUp() {
  db_ = std::make_unique<TestDatabase>();
  server_ = std::make_unique<TopologyServer>(db_->dsn());
  ns_ = UniqueName("ns");
}

void CliTest::TearDown() {
  server_.reset();
  db_.reset();
}

CliResult CliTest::CliBare(std::vector<std::string> args, const std::vector<std::string>& env) {
  args.insert(args.begin(), CAUSEWAY_CLI);
  CliResult result;
  result.exit_code = RunProcess(args, &result.out, &result.err, env);
  return result;
}

CliResult CliTest::Cli(std::vector<std::string> args, const std::vector<std::string>& env) {
  args.insert(args.begin(), {"--server", server_->address(), "--actor", "cli-test"});
  return CliBare(std::move(args), env);
}

CliResult CliTest::Ok(std::vector<std::string> args) {
  const std::string command = absl::StrJoin(args, " ");
  CliResult result = Cli(std::move(args));
  EXPECT_EQ(result.exit_code, 0) << "causeway " << command << "\n" << result;
  return result;
}

google::protobuf::Struct JsonObject(const std::string& json) {
  return ParseJson<google::protobuf::Struct>(json);
}

google::protobuf::ListValue JsonArray(const std::string& json) {
  return ParseJson<google::protobuf::ListValue>(json);
}

std::string JsonField(const google::protobuf::Struct& object, const std::string& path) {
  google::protobuf::Value value;
  *value.mutable_struct_value() = object;
  for (const auto& part : absl::StrSplit(path, '.')) {
    google::protobuf::Value next;
    int index = 0;
    if (value.has_list_value() && absl::SimpleAtoi(part, &index) &&
        index < value.list_value().values_size()) {
      next = value.list_value().values(index);
    } else if (value.has_struct_value() && value.struct_value().fields().contains(std::string(part))) {
      next = value.struct_value().fields().at(std::string(part));
    } else {
      ADD_FAILURE() << "no " << path << " in " << object.ShortDebugString();
      return "";
    }
    value = std::move(next);
  }
  return ValueText(value);
}

}  // namespace causeway::testing
