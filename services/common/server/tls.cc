#include "common/server/tls.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <fstream>
#include <sstream>
#include <tuple>

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

gnutls_datum_t Datum(const std::string& text) {
  return {reinterpret_cast<unsigned char*>(const_cast<char*>(text.data())),
          static_cast<unsigned int>(text.size())};
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

absl::StatusOr<HttpsMaterial> LoadHttpsMaterial(const TlsFiles& tls) {
  if (absl::Status s = CheckPair(tls); !s.ok()) return s;
  HttpsMaterial m;
  for (auto [flag, path, out] : {std::tuple{"--tls-cert", &tls.cert_chain, &m.cert_chain},
                                 std::tuple{"--tls-key", &tls.private_key, &m.private_key},
                                 std::tuple{"--tls-client-ca", &tls.client_ca, &m.client_ca}}) {
    if (path->empty()) continue;
    auto pem = ReadPem(flag, *path);
    if (!pem.ok()) return pem.status();
    *out = *std::move(pem);
  }
  // The same calls libmicrohttpd makes, so that a bad file is reported by flag at start-up.
  gnutls_certificate_credentials_t creds = nullptr;
  gnutls_certificate_allocate_credentials(&creds);
  const gnutls_datum_t cert = Datum(m.cert_chain), key = Datum(m.private_key),
                       ca = Datum(m.client_ca);
  int rc = gnutls_certificate_set_x509_key_mem(creds, &cert, &key, GNUTLS_X509_FMT_PEM);
  const bool key_ok = rc >= 0;
  const bool ca_ok = m.client_ca.empty() ||
                     gnutls_certificate_set_x509_trust_mem(creds, &ca, GNUTLS_X509_FMT_PEM) > 0;
  gnutls_certificate_free_credentials(creds);
  if (!key_ok) {
    return InvalidField("--tls-cert", absl::StrCat("cannot load \"", tls.cert_chain, "\" with \"",
                                                   tls.private_key, "\": ", gnutls_strerror(rc)));
  }
  if (!ca_ok) {
    return InvalidField("--tls-client-ca",
                        absl::StrCat("no CA certificate in \"", tls.client_ca, "\""));
  }
  return m;
}

std::vector<std::string> VerifiedPeerNames(gnutls_session_int* session) {
  std::vector<std::string> names;
  unsigned int status = 0;
  unsigned int count = 0;
  if (session == nullptr || gnutls_certificate_type_get(session) != GNUTLS_CRT_X509) return names;
  const gnutls_datum_t* peers = gnutls_certificate_get_peers(session, &count);
  if (peers == nullptr || count == 0 || gnutls_certificate_verify_peers2(session, &status) < 0 ||
      status != 0) {
    return names;
  }
  gnutls_x509_crt_t cert = nullptr;
  if (gnutls_x509_crt_init(&cert) < 0) return names;
  if (gnutls_x509_crt_import(cert, &peers[0], GNUTLS_X509_FMT_DER) >= 0) {
    for (unsigned i = 0;; ++i) {
      char buf[1024];
      size_t size = sizeof buf;
      if (gnutls_x509_crt_get_dn_by_oid(cert, GNUTLS_OID_X520_COMMON_NAME, i, 0, buf, &size) < 0) {
        break;
      }
      names.emplace_back(buf, size);
    }
    for (unsigned i = 0;; ++i) {
      char buf[1024];
      size_t size = sizeof buf;
      const int type = gnutls_x509_crt_get_subject_alt_name(cert, i, buf, &size, nullptr);
      if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE) break;
      if (type == GNUTLS_SAN_DNSNAME || type == GNUTLS_SAN_URI) names.emplace_back(buf, size);
    }
  }
  gnutls_x509_crt_deinit(cert);
  return names;
}

}  // namespace causeway
