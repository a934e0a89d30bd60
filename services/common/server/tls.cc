#include "common/server/tls.h"

#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/core/errors.h"

namespace causeway {
namespace {

absl::StatusOr<std::string> ReadPem(absl::string_view flag, const std::string& path) {
  std::ifstream in(path);
  if (!in) return InvalidField(flag, absl::StrCat("cannot read \"", path, "\""));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::Status CheckPair(const TlsFiles& tls) {
  if (tls.enabled() && tls.private_key.empty()) {
    return InvalidField("--tls-key", "required with --tls-cert");
  }
  if (!tls.enabled() && (!tls.private_key.empty() || !tls.client_ca.empty())) {
    return InvalidField("--tls-cert", "required when --tls-key or --tls-client-ca is given");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> GrpcServerCredentials(const TlsFiles& tls) {
  if (absl::Status s = CheckPair(tls); !s.ok()) return s;
  if (!tls.enabled()) return grpc::InsecureServerCredentials();
  auto cert = ReadPem("--tls-cert", tls.cert_chain);
  if (!cert.ok()) return cert.status();
  auto key = ReadPem("--tls-key", tls.private_key);
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options(
      tls.client_ca.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                            : GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  if (!tls.client_ca.empty()) {
    auto ca = ReadPem("--tls-client-ca", tls.client_ca);
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
  }
  options.pem_key_cert_pairs.push_back({*key, *cert});
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::unique_ptr<httplib::Server>> NewHttpServer(const TlsFiles& tls) {
  if (absl::Status s = CheckPair(tls); !s.ok()) return s;
  if (!tls.enabled()) return std::make_unique<httplib::Server>();
  auto server = std::make_unique<httplib::SSLServer>([&tls](SSL_CTX& ctx) {
    if (SSL_CTX_use_certificate_chain_file(&ctx, tls.cert_chain.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(&ctx, tls.private_key.c_str(), SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(&ctx) != 1) {
      return false;
    }
    if (!tls.client_ca.empty()) {
      if (SSL_CTX_load_verify_locations(&ctx, tls.client_ca.c_str(), nullptr) != 1) return false;
      // Ask for a certificate and fail the handshake on a bad one, but accept none (tokens).
      SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, nullptr);
    }
    return true;
  });
  if (!server->is_valid()) {
    return InvalidField("--tls-cert", absl::StrCat("cannot load \"", tls.cert_chain, "\" with \"",
                                                   tls.private_key, "\"",
                                                   tls.client_ca.empty() ? "" : " and \"",
                                                   tls.client_ca, tls.client_ca.empty() ? "" : "\""));
  }
  return server;
}

std::vector<std::string> VerifiedPeerNames(const SSL* ssl) {
  std::vector<std::string> names;
  if (ssl == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) return names;
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (cert == nullptr) return names;
  if (X509_NAME* subject = X509_get_subject_name(cert)) {
    for (int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1); i >= 0;
         i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) {
      const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
      names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                         ASN1_STRING_length(value));
    }
  }
  auto* sans = static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; sans != nullptr && i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* san = sk_GENERAL_NAME_value(sans, i);
    if (san->type == GEN_DNS || san->type == GEN_URI) {
      const ASN1_STRING* value = san->type == GEN_DNS ? san->d.dNSName : san->d.uniformResourceIdentifier;
      names.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                         ASN1_STRING_length(value));
    }
  }
  GENERAL_NAMES_free(sans);
  X509_free(cert);
  return names;
}

}  // namespace causeway
