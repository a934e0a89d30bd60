#include "support/test_certificates.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "support/subprocess.h"

namespace causeway::testing {
namespace {

void Openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string out, err;
  const int code = RunProcess(argv, &out, &err);
  ASSERT_EQ(code, 0) << absl::StrJoin(argv, " ") << ": " << err;
}

CertificatePair SelfSignedCa(const std::string& dir, const std::string& name) {
  CertificatePair ca{dir + "/" + name + ".crt", dir + "/" + name + ".key"};
  Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
           "-days", "2", "-subj", "/CN=" + name, "-keyout", ca.key, "-out", ca.cert});
  return ca;
}

}  // namespace

std::string ReadFileText(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TestCertificates::TestCertificates() {
  char dir[] = "/tmp/causeway-pki.XXXXXX";
  dir_ = mkdtemp(dir);
  ca_ = SelfSignedCa(dir_, "causeway-test-ca");
  other_ca_ = SelfSignedCa(dir_, "stranger-ca");
  server_ = Issue(ca_, "server", "localhost", {"DNS:localhost", "IP:127.0.0.1"});
}

TestCertificates::~TestCertificates() { std::system(("rm -rf " + dir_).c_str()); }

CertificatePair TestCertificates::Issue(const CertificatePair& issuer, const std::string& name,
                                        const std::string& cn,
                                        const std::vector<std::string>& sans) {
  CertificatePair pair{dir_ + "/" + name + ".crt", dir_ + "/" + name + ".key"};
  std::vector<std::string> args = {"req", "-x509", "-newkey", "ec", "-pkeyopt",
                                   "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                                   "-subj", "/CN=" + cn, "-CA", issuer.cert, "-CAkey", issuer.key,
                                   "-keyout", pair.key, "-out", pair.cert,
                                   "-addext", "basicConstraints=critical,CA:FALSE"};
  if (!sans.empty()) {
    args.push_back("-addext");
    args.push_back("subjectAltName=" + absl::StrJoin(sans, ","));
  }
  Openssl(args);
  return pair;
}

CertificatePair TestCertificates::Client(const std::string& cn, const std::vector<std::string>& sans) {
  return Issue(ca_, "client-" + cn, cn, sans);
}

CertificatePair TestCertificates::Stranger(const std::string& cn) {
  return Issue(other_ca_, "stranger-" + cn, cn, {});
}

}  // namespace causeway::testing
