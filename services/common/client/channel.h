#pragma once
// A gRPC channel to a Causeway service and the credential every call on it carries. Shared by the
// services that follow causeway-topology (gateway, and later relay and archiver) and by the CLI.
//
// TLS: with `ca` set the channel verifies the server's certificate against it; `cert` and `key`
// add a client certificate (mTLS). Without `ca` the channel is plaintext (local runs only).
// The bearer token travels as `authorization: Bearer <token>` metadata on each call, over TLS or
// plaintext alike (gRPC's call credentials refuse plaintext channels, which local runs use).
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace causeway {

struct ChannelOptions {
  std::string address;  // host:port
  std::string ca;       // PEM file: CAs that sign the server's certificate; empty = plaintext
  std::string cert;     // PEM file: client certificate chain (mTLS), with `key`
  std::string key;      // PEM file
  std::string token;    // bearer token text; empty = none
  // TLS only: the name the server's certificate must carry, when it differs from the host of
  // `address` (e.g. connecting by IP address).
  std::string server_name;
  // The largest message this channel accepts (GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH); 0 keeps gRPC's
  // default, 4 MiB. Followers of causeway-topology set kTopologyReceiveBytes
  // (common/core/watch_limits.h) so that no entity topology stores is ever refused.
  int max_receive_message_bytes = 0;
};

// INVALID_ARGUMENT naming the flag (`--<flag_prefix>ca`, ...) for an unreadable file or a
// certificate without its key.
absl::StatusOr<std::shared_ptr<grpc::Channel>> NewChannel(const ChannelOptions& options,
                                                          const std::string& flag_prefix = "tls-");

// Adds the bearer token (if any) to a call.
void AddCallCredentials(const ChannelOptions& options, grpc::ClientContext* context);

// The first line of a token file, surrounding white space removed; INVALID_ARGUMENT naming the
// flag when it cannot be read or holds no token.
absl::StatusOr<std::string> ReadTokenFile(const std::string& flag, const std::string& path);

}  // namespace causeway
