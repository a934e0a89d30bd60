#include "support/moto_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace causeway::testing {
namespace {

bool Accepts(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return ok;
}

}  // namespace

int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

absl::StatusOr<std::unique_ptr<MotoServer>> MotoServer::Start(const std::string& venv,
                                                              bool authenticate) {
  const std::string binary = venv + "/bin/moto_server";
  if (access(binary.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(binary, " missing: run the archiver_venv ctest fixture (setup_venv.sh)"));
  }
  std::unique_ptr<MotoServer> server(new MotoServer());
  server->port_ = FreeLoopbackPort();
  std::vector<std::string> env = {"AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing",
                                  "AWS_DEFAULT_REGION=us-east-1", "NO_PROXY=127.0.0.1"};
  if (authenticate) env.push_back("INITIAL_NO_AUTH_ACTION_COUNT=3");
  server->process_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{binary, "-H", "127.0.0.1", "-p", std::to_string(server->port_)},
      env);
  if (!server->process_->started()) return absl::UnavailableError("moto_server did not start");
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (!Accepts(server->port_)) {
    if (absl::Now() > deadline || server->process_->Wait(absl::Milliseconds(100)) != -1) {
      return absl::UnavailableError(
          absl::StrCat("moto_server did not come up on port ", server->port_, ":\n",
                       server->process_->Output()));
    }
  }
  if (authenticate) {
    std::string out, err;
    int rc = RunProcess({venv + "/bin/python", std::string(CAUSEWAY_SOURCE_DIR) +
                                                   "/tests/support/moto_iam_user.py",
                         server->endpoint()},
                        &out, &err, env);
    std::vector<std::string> lines =
        absl::StrSplit(absl::StripAsciiWhitespace(out), '\n', absl::SkipEmpty());
    if (rc != 0 || lines.size() != 2) {
      return absl::UnavailableError(
          absl::StrCat("moto_iam_user.py failed (rc ", rc, "):\n", out, err));
    }
    server->access_key_id_ = lines[0];
    server->secret_access_key_ = lines[1];
  }
  return server;
}

std::string MotoServer::endpoint() const { return absl::StrCat("http://127.0.0.1:", port_); }

}  // namespace causeway::testing
