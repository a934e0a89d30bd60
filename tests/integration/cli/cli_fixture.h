#pragma once
// Runs the real `causeway` binary against an in-process causeway-topology on a fresh database
// (topics go to the real broker), and reads its output back: tables as text, --json through
// protobuf's JSON parser into google.protobuf.Struct/ListValue.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/struct.pb.h"
#include "support/test_database.h"
#include "support/test_env.h"
#include "support/topology_server.h"

namespace causeway::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Prints the command line and its output when an expectation on it fails.
std::ostream& operator<<(std::ostream& os, const CliResult& result);

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // `causeway --server <this test's server> --actor cli-test <args...>`.
  CliResult Cli(std::vector<std::string> args, const std::vector<std::string>& env = {});
  // The same without --server and --actor.
  CliResult CliBare(std::vector<std::string> args, const std::vector<std::string>& env = {});
  // Runs and expects exit code 0.
  CliResult Ok(std::vector<std::string> args);

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TopologyServer> server_;
  std::string ns_;  // a unique namespace name for the test
};

// --json output of a single entity / of a list.
google::protobuf::Struct JsonObject(const std::string& json);
google::protobuf::ListValue JsonArray(const std::string& json);
// A field of a JSON object as text: strings as is, numbers without ".0", booleans true/false;
// `path` may reach into objects and arrays: "placements.0.placement.cluster".
std::string JsonField(const google::protobuf::Struct& object, const std::string& path);

}  // namespace causeway::testing
