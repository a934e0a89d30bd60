#include "support/subprocess.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

extern char** environ;

namespace causeway::testing {
namespace {

std::string ReadAndRemove(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  ::unlink(path.c_str());
  return text.str();
}

}  // namespace

int RunProcess(const std::vector<std::string>& argv, std::string* out, std::string* err,
               const std::vector<std::string>& env) {
  // Files rather than pipes: no deadlock however much the child writes to either stream.
  char out_path[] = "/tmp/causeway-out.XXXXXX";
  char err_path[] = "/tmp/causeway-err.XXXXXX";
  ::close(::mkstemp(out_path));
  ::close(::mkstemp(err_path));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path, O_WRONLY | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path, O_WRONLY | O_TRUNC, 0600);

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
  int status = 0;
  if (rc == 0) ::waitpid(pid, &status, 0);
  std::string captured_out = ReadAndRemove(out_path);
  std::string captured_err = ReadAndRemove(err_path);
  if (out != nullptr) *out = std::move(captured_out);
  if (err != nullptr) *err = std::move(captured_err);
  if (rc != 0) return 127;
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

}  // namespace causeway::testing
