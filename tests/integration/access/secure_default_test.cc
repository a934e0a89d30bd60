// causeway-topology as an operator starts it, with nothing but --pg-dsn and listen addresses:
// anonymous calls through the CLI are UNAUTHENTICATED, and the first admin comes only from
// `bootstrap-admin`, which refuses once an admin exists.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "support/subprocess.h"
#include "support/test_database.h"

namespace causeway::testing {
namespace {

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Starts the real binary in the background, runs `commands` (bash) against it with
// $CLI and $CAUSEWAY_TOPOLOGY set and no credentials anywhere, then stops it.
std::string RunAgainstTopology(const std::string& dsn, const std::string& commands) {
  const int grpc = FreePort(), http = FreePort();
  char home[] = "/tmp/causeway-home.XXXXXX";  // no ~/.config/causeway/config to pick up
  const std::string dir = mkdtemp(home);
  const std::string script = absl::StrCat(
      "set -u\n", CAUSEWAY_TOPOLOGY_BIN, " --pg-dsn '", dsn, "' --grpc-listen 127.0.0.1:", grpc,
      " --http-listen 127.0.0.1:", http, " 2>", dir, "/topology.log &\n",
      "pid=$!\n"
      "trap 'kill $pid; wait $pid' EXIT\n"
      "export CAUSEWAY_TOPOLOGY=127.0.0.1:", grpc, " HOME=", dir, " CLI=", CAUSEWAY_CLI_BIN,
      " TOPOLOGY=", CAUSEWAY_TOPOLOGY_BIN, " DSN='", dsn, "'\n",
      "unset CAUSEWAY_TOKEN CAUSEWAY_TOKEN_FILE CAUSEWAY_CONFIG CAUSEWAY_CONTEXT\n",
      // Ready once a call is answered by access control rather than "not loaded yet".
      "for i in $(seq 200); do $CLI namespace list 2>&1 | grep -q UNAVAILABLE || break; "
      "sleep 0.1; done\n",
      commands);
  std::string out, err;
  RunProcess({"bash", "-c", script}, &out, &err);
  std::system(("rm -rf " + dir).c_str());
  return out + err;
}

TEST(SecureDefault, AnonymousCliCallsAreUnauthenticated) {
  TestDatabase db;
  const std::string out = RunAgainstTopology(db.dsn(), R"sh(
echo "create: $($CLI namespace create x 2>&1; echo exit=$?)"
echo "issue: $($CLI principal issue-token x 2>&1; echo exit=$?)"
echo "watch: $($CLI watch --timeout 5 2>&1; echo exit=$?)"
)sh");
  for (const char* command : {"create: ", "issue: ", "watch: "}) {
    const size_t at = out.find(command);
    ASSERT_NE(at, std::string::npos) << out;
    const std::string line = out.substr(at, out.find("exit=", at) - at);
    EXPECT_TRUE(absl::StrContains(line, "UNAUTHENTICATED")) << line;
  }
  EXPECT_FALSE(absl::StrContains(out, "exit=0")) << out;
}

TEST(SecureDefault, BootstrapAdminMakesTheFirstAdminOnceAndOnlyOnce) {
  TestDatabase db;
  const std::string out = RunAgainstTopology(db.dsn(), R"sh(
token=$($TOPOLOGY bootstrap-admin alice --pg-dsn "$DSN" 2>/dev/null); echo "first=$?"
case "$token" in cwt_*) echo "token=ok";; *) echo "token=bad:$token";; esac
$TOPOLOGY bootstrap-admin mallory --pg-dsn "$DSN" >/dev/null 2>&1; echo "second=$?"
for i in $(seq 50); do CAUSEWAY_TOKEN=$token $CLI whoami >/dev/null 2>&1 && break; sleep 0.1; done
CAUSEWAY_TOKEN=$token $CLI whoami --json
)sh");
  EXPECT_TRUE(absl::StrContains(out, "first=0")) << out;
  EXPECT_TRUE(absl::StrContains(out, "token=ok")) << out;
  EXPECT_TRUE(absl::StrContains(out, "second=3")) << "refused once an admin exists: " << out;
  EXPECT_TRUE(absl::StrContains(out, "{\"principal\":\"alice\"")) << out;
  EXPECT_TRUE(absl::StrContains(out, "ROLE_ADMIN")) << out;
}

}  // namespace
}  // namespace causeway::testing
