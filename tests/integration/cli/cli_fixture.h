#pragma once
// Runs the real `causeway` binary against an in-process causeway-topology on a fresh database
// (topics go to the real broker), and reads its output back: tables as text, --json through
// protobuf's JSON parser into google.protobuf.Struct/ListValue.
//
// The server authenticates every call, as in production: Cli() acts as the bootstrapped test
// admin (its token in $CAUSEWAY_TOKEN), CliBare() with nothing but what the test passes. Every
// run is isolated from the machine's own settings: $HOME is a folder of the test (so
// ~/.config/causeway/config is the test's) and no CAUSEWAY_* connection variable is inherited.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "causeway/topology/v1/resources.pb.h"
#include "google/protobuf/struct.pb.h"
#include "support/test_database.h"
#include "support/test_env.h"
#include "support/test_principals.h"
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

  // Replaces the server with one started with `options` (TLS tests); Cli() then connects the way
  // `connection_flags` say (default: --server <its plaintext address>).
  void RestartServer(TopologyServerOptions options, std::vector<std::string> connection_flags);

  // `causeway <connection flags> <args...>` as the test admin. `env` ("K=V") is added to the
  // CLI's environment and may replace the token (`CAUSEWAY_TOKEN=...`).
  CliResult Cli(std::vector<std::string> args, const std::vector<std::string>& env = {});
  // `causeway <args...>` without connection flags or credentials: only `env`.
  CliResult CliBare(std::vector<std::string> args, const std::vector<std::string>& env = {});
  // Cli() expecting exit code 0.
  CliResult Ok(std::vector<std::string> args);

  // Creates principal `name` through the CLI (with `certificate_names`), binds `role` on `ns`
  // ("" global; ROLE_UNSPECIFIED none) and returns a fresh token of it.
  std::string MakePrincipal(const std::string& name,
                            topology::v1::Role role = topology::v1::ROLE_UNSPECIFIED,
                            const std::string& ns = "",
                            const std::vector<std::string>& certificate_names = {});

  // A fresh token of principal `name`, through `principal issue-token`.
  std::string IssueToken(const std::string& name);

  // Writes `text` to `name` under the test's folder; returns the file's path.
  std::string WriteFile(const std::string& name, const std::string& text);
  // The test's folder, which is also $HOME of every CLI run.
  const std::string& home() const { return home_; }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TopologyServer> server_;
  std::string ns_;  // a unique namespace name for the test

 private:
  std::vector<std::string> connection_flags_;
  std::string home_;
};

// --json output of a single entity / of a list.
google::protobuf::Struct JsonObject(const std::string& json);
google::protobuf::ListValue JsonArray(const std::string& json);
// A field of a JSON object as text: strings as is, numbers without ".0", booleans true/false;
// `path` may reach into objects and arrays: "placements.0.placement.cluster".
std::string JsonField(const google::protobuf::Struct& object, const std::string& path);

}  // namespace causeway::testing
