#pragma once
// Where a Kafka cluster is and how to talk to it: what the topology stores for every cluster.
#include <map>
#include <string>

namespace causeway::kafka {

struct ClusterConnection {
  // librdkafka's `bootstrap.servers`: a comma-separated host:port list. Names the cluster in every
  // error message.
  std::string bootstrap_servers;
  // Extra librdkafka client properties (security.protocol, sasl.*, ssl.*, client.id, ...). They are
  // applied after Causeway's defaults, so an operator can override those; `bootstrap.servers` here
  // is ignored in favour of the field above.
  std::map<std::string, std::string> properties;
};

}  // namespace causeway::kafka
