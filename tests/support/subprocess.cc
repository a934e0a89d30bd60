#include "support/subprocess.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/time/clock.h"

extern char** environ;

namespace causeway::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ReadAndRemove(const std::string& path) {
  std::string text = ReadFile(path);
  ::unlink(path.c_str());
  return text;
}

// Starts `argv` with `env` added to this process's environment and stdin from /dev/null, stdout
// and stderr to the given files; the child's pid, or -1.
pid_t Spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
            const std::string& out_path, const std::string& err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_TRUNC, 0600);
  if (err_path == out_path) {
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
  } else {
    posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_TRUNC, 0600);
  }

  // The given entries replace the parent's of the same name (getenv takes the first match, so a
  // duplicate appended after the parent's would be ignored).
  std::vector<std::string> environment(env.begin(), env.end());
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('=') + 1);
    bool overridden = false;
    for (const std::string& given : env) overridden |= given.compare(0, name.size(), name) == 0;
    if (!overridden) environment.push_back(entry);
  }
  std::vector<char*> envp;
  for (auto& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = argv;
  std::vector<char*> argp;
  for (auto& a : args) argp.push_back(a.data());
  argp.push_back(nullptr);

  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argp[0], &actions, nullptr, argp.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

int ExitCode(int status) {
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

std::string TempFile(const char* prefix) {
  std::string path = std::string("/tmp/") + prefix + ".XXXXXX";
  ::close(::mkstemp(path.data()));
  return path;
}

}  // namespace

int RunProcess(const std::vector<std::string>& argv, std::string* out, std::string* err,
               const std::vector<std::string>& env) {
  // Files rather than pipes: no deadlock however much the child writes to either stream.
  const std::string out_path = TempFile("causeway-out");
  const std::string err_path = TempFile("causeway-err");
  const pid_t pid = Spawn(argv, env, out_path, err_path);
  int status = 0;
  if (pid > 0) ::waitpid(pid, &status, 0);
  std::string captured_out = ReadAndRemove(out_path);
  std::string captured_err = ReadAndRemove(err_path);
  if (out != nullptr) *out = std::move(captured_out);
  if (err != nullptr) *err = std::move(captured_err);
  if (pid <= 0) return 127;
  return ExitCode(status);
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::vector<std::string>& env)
    : output_path_(TempFile("causeway-bg")) {
  pid_ = Spawn(argv, env, output_path_, output_path_);
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0 && !exited_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  ::unlink(output_path_.c_str());
}

void BackgroundProcess::Signal(int sig) {
  if (pid_ > 0 && !exited_) ::kill(pid_, sig);
}

int BackgroundProcess::Wait(absl::Duration limit) {
  const absl::Time until = absl::Now() + limit;
  while (pid_ > 0 && !exited_) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exited_ = true;
      return ExitCode(status);
    }
    if (absl::Now() >= until) return -1;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return -1;
}

std::string BackgroundProcess::Output() const { return ReadFile(output_path_); }

std::string BackgroundProcess::WaitForLine(const std::string& text, absl::Duration limit) const {
  const absl::Time until = absl::Now() + limit;
  do {
    std::istringstream lines(Output());
    for (std::string line; std::getline(lines, line);) {
      if (line.find(text) != std::string::npos) return line;
    }
    absl::SleepFor(absl::Milliseconds(50));
  } while (absl::Now() < until);
  return "";
}

}  // namespace causeway::testing
