#pragma once
// TLS for a service's two ports from PEM files: gRPC server credentials and an HTTPS server, both
// asking for a client certificate and verifying it against `client_ca` when one is given (mTLS),
// but not requiring one, so that bearer-token clients connect over the same port.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"

typedef struct ssl_st SSL;

namespace httplib {
class Server;
}

namespace causeway {

struct TlsFiles {
  std::string cert_chain;   // PEM: the server's certificate (and intermediates)
  std::string private_key;  // PEM
  std::string client_ca;    // PEM: CAs of client certificates; empty = no client certificates
  bool enabled() const { return !cert_chain.empty(); }
};

// Insecure credentials when `tls` is not enabled. INVALID_ARGUMENT naming the flag for an
// unreadable file or a key without a certificate.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> GrpcServerCredentials(const TlsFiles& tls);

// An httplib server: HTTPS when `tls` is enabled (INVALID_ARGUMENT when the files do not load).
absl::StatusOr<std::unique_ptr<httplib::Server>> NewHttpServer(const TlsFiles& tls);

// The Common Name and DNS/URI Subject Alternative Names of the client certificate of an HTTPS
// connection, when the handshake verified one; empty otherwise.
std::vector<std::string> VerifiedPeerNames(const SSL* ssl);

}  // namespace causeway
