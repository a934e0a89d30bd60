#pragma once
// The command-line flags of a service that follows causeway-topology as its own principal (relay,
// archiver): where topology is, how to reach it, the token file, the snapshot file. Each flag also
// reads its environment variable (CAUSEWAY_TOPOLOGY, CAUSEWAY_TOPOLOGY_TOKEN_FILE, ...).
#include <string>

#include "CLI/CLI.hpp"
#include "common/topology/topology_follower.h"

namespace causeway::topology {

struct FollowerFlags {
  std::string topology = "localhost:7070";
  ChannelOptions channel;
  std::string token_file;
  std::string snapshot_path;
};

// `role` names the principal's role in the help ("relay"); `followed_for` says what the service
// does with topology besides following it (may be empty); `snapshot_default` is the flag's default.
void AddFollowerFlags(CLI::App& app, FollowerFlags* flags, const std::string& role,
                      const std::string& followed_for, const std::string& snapshot_default);

FollowerOptions ToFollowerOptions(const FollowerFlags& flags);

}  // namespace causeway::topology
