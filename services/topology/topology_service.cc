#include "topology/topology_service.h"

#include <algorithm>
#include <functional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/core/errors.h"
#include "common/core/grpc_status.h"
#include "common/core/names.h"
#include "common/kafka/client_properties.h"
#include "topology/input_bounds.h"
#include "topology/request_checks.h"
#include "topology/subscription_rules.h"
#include "common/auth/grpc_credentials.h"
#include "topology/watch_stream.h"

namespace causeway::topology {
namespace {

using google::protobuf::Message;

constexpr int kDefaultPartitions = 3;
constexpr int kMaxPartitions = 10000;
// Secure defaults of a zone (see Zone in resources.proto): a write acknowledged with acks=all is
// on two brokers, and one broker may be down without stopping writes.
constexpr int kDefaultReplicationFactor = 3;
constexpr int kDefaultMinInsyncReplicas = 2;

grpc::Status Err(const absl::Status& s) { return ToGrpcStatus(s); }

// The fields of a zone request on their own; how replication_factor and min_insync_replicas relate
// is ValidateReplication's, on the zone as it will be stored.
absl::Status ValidateZone(const v1::Zone& z) {
  return FirstError(
      {ValidateResourceName("zone.name", z.name()),
       CheckTextLength("zone.description", z.description(), kMaxDescriptionBytes),
       z.retention_ms() < -1
           ? InvalidField("zone.retention_ms", "must be -1 (forever), 0 (broker default) or positive")
           : absl::OkStatus(),
       z.replication_factor() < 0 || z.replication_factor() > kMaxReplicationFactor
           ? InvalidField("zone.replication_factor",
                          absl::StrCat("must be 1..", kMaxReplicationFactor, ", got ",
                                       z.replication_factor()))
           : absl::OkStatus(),
       z.min_insync_replicas() < 0
           ? InvalidField("zone.min_insync_replicas",
                          absl::StrCat("must be positive, got ", z.min_insync_replicas()))
           : absl::OkStatus()});
}

// min(2, replication_factor) when the zone has a factor but no min.insync.replicas yet.
void DefaultMinInsync(v1::Zone* z) {
  if (z->replication_factor() > 0 && z->min_insync_replicas() == 0) {
    z->set_min_insync_replicas(std::min(kDefaultMinInsyncReplicas, z->replication_factor()));
  }
}

absl::Status ValidateReplication(const v1::Zone& z) {
  if (z.replication_factor() == 0) {  // a zone from before migration 0005 that has none yet
    return z.min_insync_replicas() == 0
               ? absl::OkStatus()
               : InvalidField("zone.min_insync_replicas", "needs zone.replication_factor");
  }
  if (z.min_insync_replicas() > z.replication_factor()) {
    return InvalidField("zone.min_insync_replicas",
                        absl::StrCat("must be 1..replication_factor (", z.replication_factor(),
                                     "), got ", z.min_insync_replicas()));
  }
  return absl::OkStatus();
}

// replication_factor and min_insync_replicas are fixed once set: existing topics have them.
absl::Status UpdateReplication(const v1::Zone& in, v1::Zone* z) {
  const auto update = [](absl::string_view field, int32_t wanted, int32_t current,
                         const std::function<void(int32_t)>& set) -> absl::Status {
    if (wanted == 0 || wanted == current) return absl::OkStatus();
    if (current != 0) {
      return InvalidField(field, absl::StrCat("fixed once set (", current, "): the zone's "
                                              "topics have it; make a new zone to change it"));
    }
    set(wanted);
    return absl::OkStatus();
  };
  if (absl::Status s = update("zone.replication_factor", in.replication_factor(),
                              z->replication_factor(),
                              [z](int32_t v) { z->set_replication_factor(v); });
      !s.ok()) {
    return s;
  }
  if (absl::Status s = update("zone.min_insync_replicas", in.min_insync_replicas(),
                              z->min_insync_replicas(),
                              [z](int32_t v) { z->set_min_insync_replicas(v); });
      !s.ok()) {
    return s;
  }
  DefaultMinInsync(z);
  return ValidateReplication(*z);
}

absl::Status CheckClientPropertyBounds(const v1::Cluster& c) {
  if (absl::Status s = CheckCount("cluster.client_properties", c.client_properties_size(),
                                  kMaxClientProperties);
      !s.ok()) {
    return s;
  }
  for (const auto& [key, value] : c.client_properties()) {
    const std::string field = absl::StrCat("cluster.client_properties[\"",
                                           absl::CHexEscape(key.substr(0, kMaxClientPropertyKeyBytes)),
                                           "\"]");
    if (absl::Status s = FirstError(
            {CheckTextLength(absl::StrCat(field, ".key"), key, kMaxClientPropertyKeyBytes),
             CheckTextLength(field, value, kMaxClientPropertyValueBytes)});
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateCluster(const v1::Cluster& c) {
  if (absl::Status s = ValidateResourceName("cluster.name", c.name()); !s.ok()) return s;
  if (absl::Status s = ValidateResourceName("cluster.zone", c.zone()); !s.ok()) return s;
  if (absl::Status s = FirstError({CheckTextLength("cluster.bootstrap_servers",
                                                   c.bootstrap_servers(), kMaxBootstrapServersBytes),
                                   CheckClientPropertyBounds(c)});
      !s.ok()) {
    return s;
  }
  if (auto servers = ParseBootstrapServers("cluster.bootstrap_servers", c.bootstrap_servers());
      !servers.ok()) {
    return servers.status();
  }
  return kafka::ValidateClientProperties(
      "cluster.client_properties",
      kafka::ClientProperties(c.client_properties().begin(), c.client_properties().end()));
}

absl::Status ValidateEventTypeKey(absl::string_view prefix, const std::string& ns,
                                  const std::string& name) {
  return FirstError({ValidateResourceName(absl::StrCat(prefix, "namespace"), ns),
                     ValidateEventTypeName(absl::StrCat(prefix, "name"), name)});
}

// Subscriptions' dead-letter and redrive topics live beside the event types' topics: an event type
// taking such a name could read or fill another principal's dead letters.
absl::Status ValidateNotSubscriptionTopic(const std::string& topic) {
  if (!absl::StartsWithIgnoreCase(topic, kSubscriptionTopicPrefix)) return absl::OkStatus();
  return InvalidField("event_type.topic",
                      absl::StrCat("topics starting with \"", kSubscriptionTopicPrefix,
                                   "\" are subscriptions' (dead letters, redrive), got \"", topic,
                                   "\""));
}

// Owners place their event types; adopting a topic Causeway did not create vouches that nothing
// else writes to it, which only an admin can know.
Need PlacementNeed(const std::string& ns, bool adopt_existing_topic) {
  return adopt_existing_topic ? Need::Admin() : Need::Owner(ns);
}

PlacementTarget Target(const std::string& zone, const std::string& cluster,
                       bool adopt_existing_topic) {
  return PlacementTarget{zone, cluster,
                         adopt_existing_topic ? Adoption::kAdoptExisting : Adoption::kRefuse};
}

// ListPlacements' parent `<namespace>/<event_type>` needs a viewer of that namespace; zone and
// cluster filters, or none, span namespaces and need the global viewer.
Need PlacementsNeed(const std::string& parent) {
  if (absl::StartsWith(parent, "zone:") || absl::StartsWith(parent, "cluster:")) return Need::Viewer();
  const size_t slash = parent.find('/');
  return Need::Viewer(slash == std::string::npos ? "" : parent.substr(0, slash));
}

// ListHistory's entity filter decides its scope: one namespace's entities need a viewer of it,
// principals and their bindings an admin, anything wider the global viewer.
Need HistoryNeed(const std::string& entity) {
  for (absl::string_view prefix : {"namespace/", "event_type/"}) {
    if (absl::StartsWith(entity, prefix)) {
      std::string rest = entity.substr(prefix.size());
      return Need::Viewer(rest.substr(0, rest.find('/')));
    }
  }
  if (absl::StartsWith(entity, "principal/")) return Need::Admin();
  return Need::Viewer();
}

}  // namespace

TopologyService::TopologyService(TopologyStore* store, WatchHub* hub, const Access* access,
                                 TopicProvisioner provisioner, TopologyServiceOptions options)
    : store_(store),
      hub_(hub),
      access_(access),
      provisioner_(std::move(provisioner)),
      options_(options),
      watch_quota_(options_.watch.streams),
      watch_history_(store, options_.watch.history_threads),
      watch_{hub, &watch_history_, &watch_quota_, options_.watch} {}

grpc::Status ReplyAfterCommit(WatchHub* hub, const absl::StatusOr<Committed>& committed,
                              absl::Duration wait) {
  if (!committed.ok()) return Err(committed.status());
  if (committed->revision > 0) hub->WaitForRevision(committed->revision, wait);
  return grpc::Status::OK;
}

// --- Namespaces ---

grpc::Status TopologyService::CreateNamespace(grpc::ServerContext* ctx,
                                              const v1::CreateNamespaceRequest* req,
                                              v1::Namespace* out) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  const v1::Namespace& in = req->namespace_();
  if (absl::Status s = FirstError({ValidateResourceName("namespace.name", in.name()),
                                   CheckDescriptionAndOwner("namespace", in.description(),
                                                            in.owner())});
      !s.ok()) {
    return Err(s);
  }
  *out = in;
  return Finish(store_->Create(EntityKind::kNamespace, out, caller->actor()));
}

grpc::Status TopologyService::GetNamespace(grpc::ServerContext* ctx, const v1::GetNamespaceRequest* req,
                                           v1::Namespace* out) {
  auto caller = access_->Check(*ctx, Need::Viewer(req->name()));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  return Err(store_->Get(EntityKind::kNamespace, {req->name()}, out));
}

grpc::Status TopologyService::ListNamespaces(grpc::ServerContext* ctx, const v1::ListRequest* req,
                                             v1::ListNamespacesResponse* out) {
  auto caller = access_->Check(*ctx, Need::Viewer());
  if (!caller.ok()) return Err(caller.status());
  return ListInto(EntityKind::kNamespace, *req, {}, out->mutable_namespaces(), out);
}

grpc::Status TopologyService::UpdateNamespace(grpc::ServerContext* ctx,
                                              const v1::UpdateNamespaceRequest* req,
                                              v1::Namespace* out) {
  auto caller = access_->Check(*ctx, Need::Owner(req->namespace_().name()));
  if (!caller.ok()) return Err(caller.status());
  const v1::Namespace& in = req->namespace_();
  if (absl::Status s = FirstError({ValidateResourceName("namespace.name", in.name()),
                                   RequireVersion("namespace.version", in.version()),
                                   CheckDescriptionAndOwner("namespace", in.description(),
                                                            in.owner())});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Update(
      EntityKind::kNamespace, {in.name()}, in.version(),
      [&](Message* m) {
        auto* ns = static_cast<v1::Namespace*>(m);
        ns->set_description(in.description());
        ns->set_owner(in.owner());
        return absl::OkStatus();
      },
      out, caller->actor()));
}

grpc::Status TopologyService::DeleteNamespace(grpc::ServerContext* ctx,
                                              const v1::DeleteNamespaceRequest* req,
                                              v1::DeleteResponse*) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  return Finish(store_->Delete(EntityKind::kNamespace, {req->name()}, req->version(), caller->actor()));
}

// --- Zones ---

grpc::Status TopologyService::CreateZone(grpc::ServerContext* ctx, const v1::CreateZoneRequest* req,
                                         v1::Zone* out) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateZone(req->zone()); !s.ok()) return Err(s);
  *out = req->zone();
  if (out->replication_factor() == 0) out->set_replication_factor(kDefaultReplicationFactor);
  DefaultMinInsync(out);
  if (absl::Status s = ValidateReplication(*out); !s.ok()) return Err(s);
  return Finish(store_->Create(EntityKind::kZone, out, caller->actor()));
}

grpc::Status TopologyService::GetZone(grpc::ServerContext* ctx, const v1::GetZoneRequest* req,
                                      v1::Zone* out) {
  auto caller = access_->Check(*ctx, Need::Viewer());
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  return Err(store_->Get(EntityKind::kZone, {req->name()}, out));
}

grpc::Status TopologyService::ListZones(grpc::ServerContext* ctx, const v1::ListRequest* req,
                                        v1::ListZonesResponse* out) {
  auto caller = access_->Check(*ctx, Need::Viewer());
  if (!caller.ok()) return Err(caller.status());
  return ListInto(EntityKind::kZone, *req, {}, out->mutable_zones(), out);
}

grpc::Status TopologyService::UpdateZone(grpc::ServerContext* ctx, const v1::UpdateZoneRequest* req,
                                         v1::Zone* out) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  const v1::Zone& in = req->zone();
  if (absl::Status s = FirstError({ValidateZone(in), RequireVersion("zone.version", in.version())});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Update(
      EntityKind::kZone, {in.name()}, in.version(),
      [&](Message* m) {
        auto* z = static_cast<v1::Zone*>(m);
        z->set_description(in.description());
        z->set_archived(in.archived());
        z->set_retention_ms(in.retention_ms());
        return UpdateReplication(in, z);
      },
      out, caller->actor()));
}

grpc::Status TopologyService::DeleteZone(grpc::ServerContext* ctx, const v1::DeleteZoneRequest* req,
                                         v1::DeleteResponse*) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  return Finish(store_->Delete(EntityKind::kZone, {req->name()}, req->version(), caller->actor()));
}

// --- Clusters ---

grpc::Status TopologyService::CreateCluster(grpc::ServerContext* ctx,
                                            const v1::CreateClusterRequest* req, v1::Cluster* out) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateCluster(req->cluster()); !s.ok()) return Err(s);
  *out = req->cluster();
  if (out->state() == v1::CLUSTER_STATE_UNSPECIFIED) out->set_state(v1::CLUSTER_STATE_ACTIVE);
  return Finish(store_->Create(EntityKind::kCluster, out, caller->actor()));
}

grpc::Status TopologyService::GetCluster(grpc::ServerContext* ctx, const v1::GetClusterRequest* req,
                                         v1::Cluster* out) {
  auto caller = access_->Check(*ctx, Need::Viewer());
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  return Err(store_->Get(EntityKind::kCluster, {req->name()}, out));
}

grpc::Status TopologyService::ListClusters(grpc::ServerContext* ctx, const v1::ListRequest* req,
                                           v1::ListClustersResponse* out) {
  auto caller = access_->Check(*ctx, Need::Viewer());
  if (!caller.ok()) return Err(caller.status());
  std::vector<std::pair<std::string, std::string>> where;
  if (!req->parent().empty()) where.emplace_back("zone", req->parent());
  return ListInto(EntityKind::kCluster, *req, std::move(where), out->mutable_clusters(), out);
}

grpc::Status TopologyService::UpdateCluster(grpc::ServerContext* ctx,
                                            const v1::UpdateClusterRequest* req, v1::Cluster* out) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  const v1::Cluster& in = req->cluster();
  if (absl::Status s = FirstError({ValidateResourceName("cluster.name", in.name()),
                                   RequireVersion("cluster.version", in.version())});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Update(
      EntityKind::kCluster, {in.name()}, in.version(),
      [&](Message* m) -> absl::Status {
        auto* c = static_cast<v1::Cluster*>(m);
        if (!in.zone().empty() && in.zone() != c->zone()) {
          return InvalidField("cluster.zone", "a cluster cannot change zone");
        }
        c->set_bootstrap_servers(in.bootstrap_servers());
        *c->mutable_client_properties() = in.client_properties();
        if (in.state() != v1::CLUSTER_STATE_UNSPECIFIED) c->set_state(in.state());
        return ValidateCluster(*c);
      },
      out, caller->actor()));
}

grpc::Status TopologyService::DeleteCluster(grpc::ServerContext* ctx,
                                            const v1::DeleteClusterRequest* req,
                                            v1::DeleteResponse*) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  return Finish(store_->Delete(EntityKind::kCluster, {req->name()}, req->version(), caller->actor()));
}

// --- Event types ---

grpc::Status TopologyService::CreateEventType(grpc::ServerContext* ctx,
                                              const v1::CreateEventTypeRequest* req,
                                              v1::EventType* out) {
  auto caller = access_->Check(*ctx, Need::Owner(req->event_type().namespace_()));
  if (!caller.ok()) return Err(caller.status());
  *out = req->event_type();
  if (absl::Status s = ValidateEventTypeKey("event_type.", out->namespace_(), out->name()); !s.ok()) {
    return Err(s);
  }
  if (out->topic().empty()) out->set_topic(DefaultTopicName(out->namespace_(), out->name()));
  if (out->partitions() == 0) out->set_partitions(kDefaultPartitions);
  if (out->compatibility() == v1::COMPATIBILITY_MODE_UNSPECIFIED) {
    out->set_compatibility(v1::COMPATIBILITY_MODE_BACKWARD);
  }
  if (absl::Status s = FirstError({ValidateTopicName("event_type.topic", out->topic()),
                                   ValidateNotSubscriptionTopic(out->topic()),
                                   CheckTextLength("event_type.description", out->description(),
                                                   kMaxDescriptionBytes)});
      !s.ok()) {
    return Err(s);
  }
  if (out->partitions() < 1 || out->partitions() > kMaxPartitions) {
    return Err(InvalidField("event_type.partitions",
                            absl::StrCat("must be 1..", kMaxPartitions, ", got ", out->partitions())));
  }
  return Finish(store_->Create(EntityKind::kEventType, out, caller->actor()));
}

grpc::Status TopologyService::GetEventType(grpc::ServerContext* ctx, const v1::GetEventTypeRequest* req,
                                           v1::EventType* out) {
  auto caller = access_->Check(*ctx, Need::Viewer(req->namespace_()));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateEventTypeKey("", req->namespace_(), req->name()); !s.ok()) {
    return Err(s);
  }
  return Err(store_->Get(EntityKind::kEventType, {req->namespace_(), req->name()}, out));
}

grpc::Status TopologyService::ListEventTypes(grpc::ServerContext* ctx, const v1::ListRequest* req,
                                             v1::ListEventTypesResponse* out) {
  auto caller = access_->Check(*ctx, Need::Viewer(req->parent()));
  if (!caller.ok()) return Err(caller.status());
  std::vector<std::pair<std::string, std::string>> where;
  if (!req->parent().empty()) where.emplace_back("namespace", req->parent());
  return ListInto(EntityKind::kEventType, *req, std::move(where), out->mutable_event_types(), out);
}

grpc::Status TopologyService::UpdateEventType(grpc::ServerContext* ctx,
                                              const v1::UpdateEventTypeRequest* req,
                                              v1::EventType* out) {
  auto caller = access_->Check(*ctx, Need::Owner(req->event_type().namespace_()));
  if (!caller.ok()) return Err(caller.status());
  const v1::EventType& in = req->event_type();
  if (absl::Status s = FirstError({ValidateEventTypeKey("event_type.", in.namespace_(), in.name()),
                                   RequireVersion("event_type.version", in.version()),
                                   CheckTextLength("event_type.description", in.description(),
                                                   kMaxDescriptionBytes)});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Update(
      EntityKind::kEventType, {in.namespace_(), in.name()}, in.version(),
      [&](Message* m) -> absl::Status {
        auto* et = static_cast<v1::EventType*>(m);
        if (!in.topic().empty() && in.topic() != et->topic()) {
          return InvalidField("event_type.topic", "fixed after creation");
        }
        if (in.partitions() != 0 && in.partitions() != et->partitions()) {
          return InvalidField("event_type.partitions", "fixed after creation");
        }
        et->set_description(in.description());
        if (in.compatibility() != v1::COMPATIBILITY_MODE_UNSPECIFIED) {
          et->set_compatibility(in.compatibility());
        }
        return absl::OkStatus();
      },
      out, caller->actor()));
}

grpc::Status TopologyService::DeleteEventType(grpc::ServerContext* ctx,
                                              const v1::DeleteEventTypeRequest* req,
                                              v1::DeleteResponse*) {
  auto caller = access_->Check(*ctx, Need::Owner(req->namespace_()));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateEventTypeKey("", req->namespace_(), req->name()); !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Delete(EntityKind::kEventType, {req->namespace_(), req->name()},
                               req->version(), caller->actor()));
}

// --- Placements ---

grpc::Status TopologyService::PlaceEventType(grpc::ServerContext* ctx,
                                             const v1::PlaceEventTypeRequest* req,
                                             v1::Placement* out) {
  auto caller = access_->Check(*ctx, PlacementNeed(req->namespace_(), req->adopt_existing_topic()));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = FirstError({ValidateEventTypeKey("", req->namespace_(), req->event_type()),
                                   ValidateResourceName("zone", req->zone()),
                                   req->cluster().empty()
                                       ? absl::OkStatus()
                                       : ValidateResourceName("cluster", req->cluster())});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Place(req->namespace_(), req->event_type(),
                              Target(req->zone(), req->cluster(), req->adopt_existing_topic()),
                              provisioner_, out, caller->actor()));
}

grpc::Status TopologyService::MovePlacement(grpc::ServerContext* ctx,
                                            const v1::MovePlacementRequest* req,
                                            v1::Placement* out) {
  auto caller = access_->Check(*ctx, PlacementNeed(req->namespace_(), req->adopt_existing_topic()));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = FirstError({ValidateEventTypeKey("", req->namespace_(), req->event_type()),
                                   ValidateResourceName("zone", req->zone()),
                                   ValidateResourceName("cluster", req->cluster())});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Move(req->namespace_(), req->event_type(),
                             Target(req->zone(), req->cluster(), req->adopt_existing_topic()),
                             req->version(), provisioner_, out, caller->actor()));
}

grpc::Status TopologyService::RemovePlacement(grpc::ServerContext* ctx,
                                              const v1::RemovePlacementRequest* req,
                                              v1::DeleteResponse*) {
  auto caller = access_->Check(*ctx, Need::Owner(req->namespace_()));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = FirstError({ValidateEventTypeKey("", req->namespace_(), req->event_type()),
                                   ValidateResourceName("zone", req->zone())});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Delete(EntityKind::kPlacement,
                               {req->namespace_(), req->event_type(), req->zone()}, req->version(),
                               caller->actor()));
}

grpc::Status TopologyService::ListPlacements(grpc::ServerContext* ctx, const v1::ListRequest* req,
                                             v1::ListPlacementsResponse* out) {
  auto caller = access_->Check(*ctx, PlacementsNeed(req->parent()));
  if (!caller.ok()) return Err(caller.status());
  std::vector<std::pair<std::string, std::string>> where;
  const std::string& parent = req->parent();
  if (absl::StartsWith(parent, "zone:")) {
    where.emplace_back("zone", parent.substr(5));
  } else if (absl::StartsWith(parent, "cluster:")) {
    where.emplace_back("cluster", parent.substr(8));
  } else if (!parent.empty()) {
    std::vector<std::string> parts = absl::StrSplit(parent, absl::MaxSplits('/', 1));
    if (parts.size() != 2) {
      return Err(InvalidField("parent", "expected <namespace>/<event_type>, zone:<zone> or "
                                        "cluster:<cluster>"));
    }
    where.emplace_back("namespace", parts[0]);
    where.emplace_back("event_type", parts[1]);
  }
  return ListInto(EntityKind::kPlacement, *req, std::move(where), out->mutable_placements(), out);
}

// --- Reads from the view ---

grpc::ServerUnaryReactor* TopologyService::Resolve(grpc::CallbackServerContext* ctx,
                                                   const v1::ResolveRequest* req,
                                                   v1::ResolveResponse* out) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  reactor->Finish([&]() -> grpc::Status {
    if (auto caller = access_->Check(*ctx, Need::Resolver(req->namespace_())); !caller.ok()) {
      return Err(caller.status());
    }
    if (absl::Status s = ValidateEventTypeKey("", req->namespace_(), req->event_type()); !s.ok()) {
      return Err(s);
    }
    auto view = hub_->view();
    if (!view) {
      return grpc::Status(grpc::StatusCode::UNAVAILABLE,
                          "topology not loaded yet (PostgreSQL unavailable); retry");
    }
    auto resolved = view->Resolve(req->namespace_(), req->event_type());
    if (!resolved.ok()) return Err(resolved.status());
    *out = *std::move(resolved);
    return grpc::Status::OK;
  }());
  return reactor;
}

grpc::ServerWriteReactor<v1::WatchResponse>* TopologyService::Watch(
    grpc::CallbackServerContext* ctx, const v1::WatchRequest* req) {
  // Checked again before every message: a stream whose caller loses the role, or whose token is
  // revoked, ends instead of following the topology forever.
  auth::Credentials credentials = auth::GrpcCredentials(*ctx);
  const Access* access = access_;
  auto authorize = [access, credentials]() -> absl::StatusOr<WatchStream::Caller> {
    auto caller = access->Authenticate(credentials);
    if (!caller.ok()) return caller.status();
    if (absl::Status s = caller->Check(Need::Follower()); !s.ok()) return s;
    return WatchStream::Caller{caller->principal(), caller->SeesCredentials()
                                                        ? WatchStream::Visibility::kCredentials
                                                        : WatchStream::Visibility::kNoCredentials};
  };
  return WatchStream::Start(&watch_, req->since_revision(), std::move(authorize));
}

grpc::Status TopologyService::ListHistory(grpc::ServerContext* ctx,
                                          const v1::ListHistoryRequest* req,
                                          v1::ListHistoryResponse* out) {
  auto caller = access_->Check(*ctx, HistoryNeed(req->entity()));
  if (!caller.ok()) return Err(caller.status());
  auto size = PageSize(req->page_size());
  if (!size.ok()) return Err(size.status());
  auto page = store_->History(HistoryQuery{req->entity(), *size, req->page_token()});
  if (!page.ok()) return Err(page.status());
  const bool credentials = caller->Allows(Need::Admin());
  for (auto& c : page->changes) {
    if (!credentials) ClearCredentials(&c);
    *out->add_changes() = std::move(c);
  }
  out->set_next_page_token(page->next_page_token);
  return grpc::Status::OK;
}

}  // namespace causeway::topology
