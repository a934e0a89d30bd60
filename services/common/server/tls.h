#pragma once
// TLS for a service's two ports from PEM files: gRPC server credentials and the HTTPS server's
// material, both asking for a client certificate and verifying it against `client_ca` when one is
// given (mTLS), but not requiring one, so that bearer-token clients connect over the same port.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"

struct gnutls_session_int;  // gnutls_session_t, without including GnuTLS here

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

// The PEM texts the HTTPS server (libmicrohttpd over GnuTLS) is given, checked to load as a
// certificate chain with its key (INVALID_ARGUMENT naming the flag otherwise).
struct HttpsMaterial {
  std::string cert_chain;
  std::string private_key;
  std::string client_ca;  // empty: no client certificates are asked for
};
absl::StatusOr<HttpsMaterial> LoadHttpsMaterial(const TlsFiles& tls);

// The Common Name and DNS/URI Subject Alternative Names of the client certificate of an HTTPS
// session, when the client sent one and it verifies against the server's client CA (the
// handshake asks for a certificate but does not require or check it); empty otherwise.
std::vector<std::string> VerifiedPeerNames(gnutls_session_int* session);

}  // namespace causeway
