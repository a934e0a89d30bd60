#pragma once
// Where a Kafka cluster is and how to talk to it: what the topology stores for every cluster.
#include <map>
#include <string>

namespace causeway::kafka {

struct ClusterConnection {
  // librdkafka's `bootstrap.servers`: a comma-separated host:port list. Names the cluster in every
  // error message.
  std::string bootstrap_servers;
  // The cluster's librdkafka client properties (security.protocol, sasl.*, ssl.*, client.id, ...;
  // the allow-list of client_properties.h), as stored: secrets are `${file:...}`/`${env:...}`
  // references that the connecting client resolves (ResolveClientProperties). They are applied
  // before Causeway's own settings (delivery guarantees, logging), which they cannot override;
  // `bootstrap.servers` here is ignored in favour of the field above.
  std::map<std::string, std::string> properties;
};

}  // namespace causeway::kafka
