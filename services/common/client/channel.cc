#include "common/client/channel.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/core/errors.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace causeway {
namespace {

absl::StatusOr<std::string> ReadFile(const std::string& flag, const std::string& path) {
  std::ifstream in(path);
  if (!in) return InvalidField(flag, absl::StrCat("cannot read \"", path, "\""));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> NewChannel(const ChannelOptions& options,
                                                          const std::string& flag_prefix) {
  const std::string ca_flag = absl::StrCat("--", flag_prefix, "ca");
  const std::string cert_flag = absl::StrCat("--", flag_prefix, "cert");
  const std::string key_flag = absl::StrCat("--", flag_prefix, "key");
  if (options.cert.empty() != options.key.empty()) {
    return InvalidField(options.cert.empty() ? cert_flag : key_flag,
                        absl::StrCat("required with ", options.cert.empty() ? key_flag : cert_flag));
  }
  grpc::ChannelArguments args;
  if (options.max_receive_message_bytes > 0) {
    args.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  }
  if (options.ca.empty()) {
    if (!options.cert.empty()) {
      return InvalidField(ca_flag, absl::StrCat("required with ", cert_flag,
                                                " (a client certificate needs TLS)"));
    }
    return grpc::CreateCustomChannel(options.address, grpc::InsecureChannelCredentials(), args);
  }
  grpc::SslCredentialsOptions ssl;
  auto ca = ReadFile(ca_flag, options.ca);
  if (!ca.ok()) return ca.status();
  ssl.pem_root_certs = *ca;
  if (!options.cert.empty()) {
    auto cert = ReadFile(cert_flag, options.cert);
    if (!cert.ok()) return cert.status();
    auto key = ReadFile(key_flag, options.key);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
  }
  if (!options.server_name.empty()) {
    args.SetSslTargetNameOverride(options.server_name);
  }
  return grpc::CreateCustomChannel(options.address, grpc::SslCredentials(ssl), args);
}

void AddCallCredentials(const ChannelOptions& options, grpc::ClientContext* context) {
  if (!options.token.empty()) context->AddMetadata("authorization", "Bearer " + options.token);
}

absl::StatusOr<std::string> ReadTokenFile(const std::string& flag, const std::string& path) {
  auto text = ReadFile(flag, path);
  if (!text.ok()) return text.status();
  std::string token(absl::StripAsciiWhitespace(text->substr(0, text->find('\n'))));
  if (token.empty()) return InvalidField(flag, absl::StrCat("\"", path, "\" holds no token"));
  return token;
}

}  // namespace causeway
