#pragma once
// Runs a program to completion and captures its output (for tests of the CLI and the tools).
#include <string>
#include <vector>

namespace causeway::testing {

// Returns the exit code (128 + signal when killed). The child gets this process's environment
// with `env` entries ("K=V") added, replacing variables of the same name.
int RunProcess(const std::vector<std::string>& argv, std::string* out, std::string* err,
               const std::vector<std::string>& env = {});

}  // namespace causeway::testing
