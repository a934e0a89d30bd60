#include "common/topology/follower_flags.h"

#include "absl/strings/str_cat.h"

namespace causeway::topology {

void AddFollowerFlags(CLI::App& app, FollowerFlags* f, const std::string& role,
                      const std::string& followed_for, const std::string& snapshot_default) {
  f->snapshot_path = snapshot_default;
  app.add_option("--topology", f->topology,
                 absl::StrCat("causeway-topology gRPC address (followed with Watch",
                              followed_for.empty() ? "" : "; " + followed_for, ")"))
      ->envname("CAUSEWAY_TOPOLOGY");
  app.add_option("--topology-token-file", f->token_file,
                 absl::StrCat("File holding this ", role,
                              "'s bearer token for causeway-topology (a principal with the ", role,
                              " role); re-read on every reconnect"))
      ->envname("CAUSEWAY_TOPOLOGY_TOKEN_FILE");
  app.add_option("--topology-ca", f->channel.ca,
                 "PEM CA bundle verifying causeway-topology's certificate (plaintext when empty)")
      ->envname("CAUSEWAY_TOPOLOGY_CA");
  app.add_option("--topology-cert", f->channel.cert,
                 "PEM client certificate presented to causeway-topology (mTLS)")
      ->envname("CAUSEWAY_TOPOLOGY_CERT");
  app.add_option("--topology-key", f->channel.key, "PEM private key of --topology-cert")
      ->envname("CAUSEWAY_TOPOLOGY_KEY");
  app.add_option("--snapshot-path", f->snapshot_path,
                 "Where the last good topology is kept, to start without causeway-topology "
                 "(empty disables)")
      ->envname("CAUSEWAY_SNAPSHOT_PATH");
}

FollowerOptions ToFollowerOptions(const FollowerFlags& f) {
  FollowerOptions o;
  o.topology = f.channel;
  o.topology.address = f.topology;
  o.token_file = f.token_file;
  o.snapshot_path = f.snapshot_path;
  return o;
}

}  // namespace causeway::topology
