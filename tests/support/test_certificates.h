#pragma once
// A throwaway PKI for TLS tests, made with the openssl command: one CA, a server certificate for
// `localhost`/127.0.0.1, and client certificates with chosen names. Files live in a temp folder
// removed with the object.
#include <string>
#include <vector>

namespace causeway::testing {

struct CertificatePair {
  std::string cert;  // PEM file paths
  std::string key;
};

class TestCertificates {
 public:
  TestCertificates();
  ~TestCertificates();

  const std::string& ca() const { return ca_.cert; }
  const CertificatePair& server() const { return server_; }
  // A client certificate signed by this CA with Common Name `cn` and DNS/URI SANs `sans`
  // (e.g. "DNS:svc.example.com", "URI:spiffe://example.com/svc").
  CertificatePair Client(const std::string& cn, const std::vector<std::string>& sans = {});
  // Signed by another CA: verification must fail.
  CertificatePair Stranger(const std::string& cn);

 private:
  CertificatePair Issue(const CertificatePair& issuer, const std::string& name,
                        const std::string& cn, const std::vector<std::string>& sans);
  std::string dir_;
  CertificatePair ca_;
  CertificatePair other_ca_;
  CertificatePair server_;
};

// The whole text of a file.
std::string ReadFileText(const std::string& path);

}  // namespace causeway::testing
