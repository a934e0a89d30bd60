#pragma once
// moto_server (PyPI `moto[server]`, pinned in tests/integration/archiver/requirements.txt) on a
// free loopback port: a real S3 API for tests of the archiver's S3Store and, next, of the
// archiver's upload and commit protocol. Started from a venv that the ctest fixture
// `archiver_venv` builds with tests/integration/confluent_client/setup_venv.sh.
//
// With `authenticate`, moto checks SigV4 signatures and IAM policies (it does not otherwise):
// the server starts with INITIAL_NO_AUTH_ACTION_COUNT=3, and the first three actions create an
// IAM user, give it `s3:*` and make its access key (tests/support/moto_iam_user.py, boto3). Every
// later request must then be signed with that key, so a wrong secret is refused as AWS refuses it.
//
// The server is killed (SIGKILL, its state is in memory) when the object is destroyed.
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "support/subprocess.h"

namespace causeway::testing {

class MotoServer {
 public:
  // Waits up to 60 s for the server to accept connections. FAILED_PRECONDITION when the venv has
  // no moto_server; UNAVAILABLE (with the server's output) when it does not come up.
  static absl::StatusOr<std::unique_ptr<MotoServer>> Start(const std::string& venv,
                                                           bool authenticate);

  std::string endpoint() const;  // "http://127.0.0.1:<port>"
  int port() const { return port_; }
  // The IAM user's key when authenticating; moto's accepted placeholders otherwise.
  const std::string& access_key_id() const { return access_key_id_; }
  const std::string& secret_access_key() const { return secret_access_key_; }
  std::string Output() const { return process_->Output(); }

 private:
  MotoServer() = default;
  int port_ = 0;
  std::string access_key_id_ = "testing";
  std::string secret_access_key_ = "testing";
  std::unique_ptr<BackgroundProcess> process_;
};

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
int FreeLoopbackPort();

}  // namespace causeway::testing
