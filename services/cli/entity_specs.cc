#include "cli/entity_specs.h"

#include "causeway/topology/v1/resources.pb.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

FieldFlag Description(const char* what) {
  return {"--description", "description", std::string("What the ") + what + " is for"};
}

FieldFlag Owner(const char* what) {
  return {"--owner", "owner", std::string("Team or person responsible for the ") + what};
}

}  // namespace

const std::vector<EntitySpec>& TopologyEntitySpecs() {
  static const auto* specs = new std::vector<EntitySpec>{
      {.noun = "namespace",
       .label = "namespace",
       .type = v1::Namespace::descriptor(),
       .plural = "Namespaces",
       .key = KeyShape::kName,
       .flags = {Description("namespace"), Owner("namespace")},
       .list_columns = FieldColumns({"name", "owner", "description", "version"})},
      {.noun = "zone",
       .label = "zone",
       .type = v1::Zone::descriptor(),
       .plural = "Zones",
       .key = KeyShape::kName,
       .flags = {Description("zone"),
                 {"--archived", "archived",
                  "Archive the zone's events to long-term storage (--archived=false to stop)"},
                 {"--retention-ms", "retention_ms",
                  "Retention of topics created in the zone, in ms; -1 forever, 0 broker default"},
                 {"--replication-factor", "replication_factor",
                  "Copies of every partition of the zone's topics (default 3; fixed once set)"},
                 {"--min-insync-replicas", "min_insync_replicas",
                  "Copies a write must reach before it is acknowledged (acks=all, PERSISTED): "
                  "1..replication factor (default min(2, replication factor); fixed once set)"}},
       .list_columns = FieldColumns({"name", "archived", "retention_ms", "replication_factor",
                                     "min_insync_replicas", "description", "version"})},
      {.noun = "cluster",
       .label = "cluster",
       .type = v1::Cluster::descriptor(),
       .plural = "Clusters",
       .key = KeyShape::kName,
       .flags = {{"--zone", "zone", "Zone the cluster belongs to (fixed after creation)",
                  Mutability::kFixedAfterCreate, Presence::kRequiredOnCreate},
                 {"--bootstrap-servers", "bootstrap_servers",
                  "Comma-separated host:port list of the cluster's brokers", Mutability::kUpdatable,
                  Presence::kRequiredOnCreate},
                 {"--property", "client_properties",
                  "librdkafka client property for every client of the cluster, repeatable; on "
                  "update KEY= removes KEY"},
                 {"--state", "state", "ACTIVE takes new placements, DRAINING takes none"}},
       .list_columns = FieldColumns(
           {"name", "zone", "state", "bootstrap_servers", "client_properties", "version"}),
       .list_filter = ListFilter{"--zone", "Only the clusters of this zone"}},
      {.noun = "event-type",
       .label = "event type",
       .type = v1::EventType::descriptor(),
       .plural = "EventTypes",
       .key = KeyShape::kNamespacedName,
       .flags = {Description("event type"),
                 {"--topic", "topic",
                  "Kafka topic (default <namespace>.<name> lower-cased; fixed after creation)",
                  Mutability::kFixedAfterCreate},
                 {"--partitions", "partitions",
                  "Partitions of the topic in each zone (default 3; fixed after creation)",
                  Mutability::kFixedAfterCreate},
                 {"--compatibility", "compatibility",
                  "How new schemas must relate to available ones (default BACKWARD)"}},
       .list_columns = FieldColumns(
           {"namespace", "name", "topic", "partitions", "compatibility", "version"}),
       .list_filter = ListFilter{"--namespace", "Only the event types of this namespace"}},
      // Tokens are made and revoked by `principal issue-token|revoke-token`
      // (principal_commands.cc); roles by `role grant|revoke` (role_commands.cc). The principal
      // holds only its tokens' SHA-256, so nothing shown here is a secret.
      {.noun = "principal",
       .label = "principal",
       .type = v1::Principal::descriptor(),
       .plural = "Principals",
       .key = KeyShape::kName,
       .flags = {Description("principal"), Owner("principal"),
                 {"--certificate-name", "certificate_names",
                  "Name a verified TLS client certificate may carry (its CN or a DNS/URI SAN) to "
                  "act as this principal; repeatable; on update the names given replace the "
                  "list, and --certificate-name= (empty) clears it"}},
       .list_columns = {FieldColumn("name"), FieldColumn("owner"),
                        FieldColumn("certificate_names"), FieldColumn("tokens.id", "TOKENS"),
                        FieldColumn("version")}},
  };
  return *specs;
}

}  // namespace causeway::cli
