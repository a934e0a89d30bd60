#include "cli_fixture.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
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
  // RunProcess appends its `env` after this process's environment, and the first of two entries
  // wins: the variables a test may set must be absent here.
  for (const char* name :
       {"CAUSEWAY_TOPOLOGY", "CAUSEWAY_GATEWAY", "CAUSEWAY_TOKEN", "CAUSEWAY_TOKEN_FILE",
        "CAUSEWAY_TLS_CA", "CAUSEWAY_TLS_CERT", "CAUSEWAY_TLS_KEY", "CAUSEWAY_TLS_SERVER_NAME",
        "CAUSEWAY_CONTEXT", "CAUSEWAY_CONFIG"}) {
    ::unsetenv(name);
  }
  std::string dir = (std::filesystem::temp_directory_path() / "causeway-cli-XXXXXX").string();
  ASSERT_NE(::mkdtemp(dir.data()), nullptr);
  home_ = dir;
  ::setenv("HOME", home_.c_str(), 1);
  db_ = std::make_unique<TestDatabase>();
  server_ = std::make_unique<TopologyServer>(db_->dsn(), TopologyServerOptions{});
  connection_flags_ = {"--server", server_->address()};
  ns_ = UniqueName("ns");
}

void CliTest::TearDown() {
  server_.reset();
  db_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(home_, ignored);
}

void CliTest::RestartServer(TopologyServerOptions options,
                            std::vector<std::string> connection_flags) {
  server_.reset();
  server_ = std::make_unique<TopologyServer>(db_->dsn(), std::move(options));
  connection_flags_ = std::move(connection_flags);
}

CliResult CliTest::CliBare(std::vector<std::string> args, const std::vector<std::string>& env) {
  args.insert(args.begin(), CAUSEWAY_CLI);
  CliResult result;
  result.exit_code = RunProcess(args, &result.out, &result.err, env);
  return result;
}

CliResult CliTest::Cli(std::vector<std::string> args, const std::vector<std::string>& env) {
  args.insert(args.begin(), connection_flags_.begin(), connection_flags_.end());
  std::vector<std::string> environment = env;
  const bool token_given = std::any_of(env.begin(), env.end(), [](const std::string& entry) {
    return absl::StartsWith(entry, "CAUSEWAY_TOKEN");
  });
  if (!token_given) environment.push_back(absl::StrCat("CAUSEWAY_TOKEN=", kTestAdminToken));
  return CliBare(std::move(args), environment);
}

CliResult CliTest::Ok(std::vector<std::string> args) {
  const std::string command = absl::StrJoin(args, " ");
  CliResult result = Cli(std::move(args));
  EXPECT_EQ(result.exit_code, 0) << "causeway " << command << "\n" << result;
  return result;
}

std::string CliTest::MakePrincipal(const std::string& name, topology::v1::Role role,
                                   const std::string& ns,
                                   const std::vector<std::string>& certificate_names) {
  std::vector<std::string> create = {"principal", "create", name};
  for (const auto& certificate_name : certificate_names) {
    create.insert(create.end(), {"--certificate-name", certificate_name});
  }
  Ok(create);
  if (role != topology::v1::ROLE_UNSPECIFIED) {
    std::string role_name = absl::AsciiStrToLower(topology::v1::Role_Name(role).substr(5));
    std::vector<std::string> grant = {"role", "grant", name, role_name};
    if (!ns.empty()) grant.push_back(ns);
    Ok(grant);
  }
  return IssueToken(name);
}

std::string CliTest::IssueToken(const std::string& name) {
  const std::string out = Ok({"principal", "issue-token", name}).out;
  return std::string(absl::StripTrailingAsciiWhitespace(out));
}

std::string CliTest::WriteFile(const std::string& name, const std::string& text) {
  const std::filesystem::path path = std::filesystem::path(home_) / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path);
  out << text;
  EXPECT_TRUE(out.good()) << path;
  return path.string();
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
