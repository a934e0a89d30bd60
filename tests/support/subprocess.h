#pragma once
// Runs a program to completion and captures its output (for tests of the CLI and the tools).
#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace causeway::testing {

// Returns the exit code (128 + signal when killed). The child gets this process's environment
// with `env` entries ("K=V") added, replacing variables of the same name.
int RunProcess(const std::vector<std::string>& argv, std::string* out, std::string* err,
               const std::vector<std::string>& env = {});

// A program running in the background (a server under test), its stdout and stderr going to a
// file that Output() reads. Killed (SIGKILL) by the destructor if it is still running.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  bool started() const { return pid_ > 0; }
  void Signal(int sig);
  // The exit code (128 + signal when killed), or -1 when it has not exited within `limit`.
  int Wait(absl::Duration limit);
  // Everything it wrote so far.
  std::string Output() const;
  // Waits up to `limit` for a line of Output() containing `text`; returns that line or "".
  std::string WaitForLine(const std::string& text, absl::Duration limit) const;

 private:
  std::string output_path_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

}  // namespace causeway::testing
