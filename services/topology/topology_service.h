#pragma once
// TopologyService: the gRPC face of causeway-topology (proto/causeway/topology/v1/topology.proto).
// Validates requests, applies defaults, and delegates to a TopologyStore; reads that must be fast
// (Resolve) and Watch are served from the WatchHub's in-memory view.
//
// Threads: unary RPCs run on gRPC's sync thread pool; Watch uses the callback API (no thread per
// stream), driven by the hub's follower thread and gRPC's completion threads.
#include <memory>

#include "causeway/topology/v1/topology.grpc.pb.h"
#include "common/core/grpc_status.h"
#include "topology/request_checks.h"
#include "topology/topology_store.h"
#include "topology/watch_hub.h"

namespace causeway::topology {

// The caller's identity for the history: `x-causeway-actor` metadata, else "anonymous".
Actor ActorOf(const grpc::ServerContextBase& context);

// The reply to a mutation: its error, or OK once this replica's view includes the committed
// revision (bounded by `wait`), so that the caller's next read on this replica sees its change.
grpc::Status ReplyAfterCommit(WatchHub* hub, const absl::StatusOr<Committed>& committed,
                              absl::Duration wait);

struct TopologyServiceOptions {
  // How long a mutation waits for this replica's view to include it, so that a client that
  // changes then reads (Resolve, Watch) through the same replica sees its change.
  absl::Duration read_your_writes_wait = absl::Seconds(2);
  // Changes per Watch message.
  int watch_batch = 500;
};

// Resolve and Watch use the callback API: Resolve never blocks (it reads the in-memory view), so it
// is answered on the gRPC thread that received it instead of going through the sync pool, whose
// thread churn put a ~100 ms tail on 1-2 % of requests (tools/bench/topology).
class TopologyService final
    : public v1::Topology::WithCallbackMethod_Resolve<
          v1::Topology::WithCallbackMethod_Watch<v1::Topology::Service>> {
 public:
  TopologyService(TopologyStore* store, WatchHub* hub, TopicProvisioner provisioner,
                  TopologyServiceOptions options = {});

  grpc::Status CreateNamespace(grpc::ServerContext*, const v1::CreateNamespaceRequest*,
                               v1::Namespace*) override;
  grpc::Status GetNamespace(grpc::ServerContext*, const v1::GetNamespaceRequest*,
                            v1::Namespace*) override;
  grpc::Status ListNamespaces(grpc::ServerContext*, const v1::ListRequest*,
                              v1::ListNamespacesResponse*) override;
  grpc::Status UpdateNamespace(grpc::ServerContext*, const v1::UpdateNamespaceRequest*,
                               v1::Namespace*) override;
  grpc::Status DeleteNamespace(grpc::ServerContext*, const v1::DeleteNamespaceRequest*,
                               v1::DeleteResponse*) override;

  grpc::Status CreateZone(grpc::ServerContext*, const v1::CreateZoneRequest*, v1::Zone*) override;
  grpc::Status GetZone(grpc::ServerContext*, const v1::GetZoneRequest*, v1::Zone*) override;
  grpc::Status ListZones(grpc::ServerContext*, const v1::ListRequest*,
                         v1::ListZonesResponse*) override;
  grpc::Status UpdateZone(grpc::ServerContext*, const v1::UpdateZoneRequest*, v1::Zone*) override;
  grpc::Status DeleteZone(grpc::ServerContext*, const v1::DeleteZoneRequest*,
                          v1::DeleteResponse*) override;

  grpc::Status CreateCluster(grpc::ServerContext*, const v1::CreateClusterRequest*,
                             v1::Cluster*) override;
  grpc::Status GetCluster(grpc::ServerContext*, const v1::GetClusterRequest*,
                          v1::Cluster*) override;
  grpc::Status ListClusters(grpc::ServerContext*, const v1::ListRequest*,
                            v1::ListClustersResponse*) override;
  grpc::Status UpdateCluster(grpc::ServerContext*, const v1::UpdateClusterRequest*,
                             v1::Cluster*) override;
  grpc::Status DeleteCluster(grpc::ServerContext*, const v1::DeleteClusterRequest*,
                             v1::DeleteResponse*) override;

  grpc::Status CreateEventType(grpc::ServerContext*, const v1::CreateEventTypeRequest*,
                               v1::EventType*) override;
  grpc::Status GetEventType(grpc::ServerContext*, const v1::GetEventTypeRequest*,
                            v1::EventType*) override;
  grpc::Status ListEventTypes(grpc::ServerContext*, const v1::ListRequest*,
                              v1::ListEventTypesResponse*) override;
  grpc::Status UpdateEventType(grpc::ServerContext*, const v1::UpdateEventTypeRequest*,
                               v1::EventType*) override;
  grpc::Status DeleteEventType(grpc::ServerContext*, const v1::DeleteEventTypeRequest*,
                               v1::DeleteResponse*) override;

  grpc::Status PlaceEventType(grpc::ServerContext*, const v1::PlaceEventTypeRequest*,
                              v1::Placement*) override;
  grpc::Status MovePlacement(grpc::ServerContext*, const v1::MovePlacementRequest*,
                             v1::Placement*) override;
  grpc::Status RemovePlacement(grpc::ServerContext*, const v1::RemovePlacementRequest*,
                               v1::DeleteResponse*) override;
  grpc::Status ListPlacements(grpc::ServerContext*, const v1::ListRequest*,
                              v1::ListPlacementsResponse*) override;

  grpc::ServerUnaryReactor* Resolve(grpc::CallbackServerContext*, const v1::ResolveRequest*,
                                    v1::ResolveResponse*) override;
  grpc::ServerWriteReactor<v1::WatchResponse>* Watch(grpc::CallbackServerContext*,
                                                     const v1::WatchRequest*) override;
  grpc::Status ListHistory(grpc::ServerContext*, const v1::ListHistoryRequest*,
                           v1::ListHistoryResponse*) override;

  // Producers and grants: producer_rpcs.cc.
  grpc::Status CreateProducer(grpc::ServerContext*, const v1::CreateProducerRequest*,
                              v1::Producer*) override;
  grpc::Status GetProducer(grpc::ServerContext*, const v1::GetProducerRequest*,
                           v1::Producer*) override;
  grpc::Status ListProducers(grpc::ServerContext*, const v1::ListRequest*,
                             v1::ListProducersResponse*) override;
  grpc::Status UpdateProducer(grpc::ServerContext*, const v1::UpdateProducerRequest*,
                              v1::Producer*) override;
  grpc::Status DeleteProducer(grpc::ServerContext*, const v1::DeleteProducerRequest*,
                              v1::DeleteResponse*) override;
  grpc::Status IssueProducerToken(grpc::ServerContext*, const v1::IssueProducerTokenRequest*,
                                  v1::IssueProducerTokenResponse*) override;
  grpc::Status RevokeProducerToken(grpc::ServerContext*, const v1::RevokeProducerTokenRequest*,
                                   v1::Producer*) override;
  grpc::Status CreateGrant(grpc::ServerContext*, const v1::CreateGrantRequest*,
                           v1::Grant*) override;
  grpc::Status GetGrant(grpc::ServerContext*, const v1::GetGrantRequest*, v1::Grant*) override;
  grpc::Status ListGrants(grpc::ServerContext*, const v1::ListRequest*,
                          v1::ListGrantsResponse*) override;
  grpc::Status DeleteGrant(grpc::ServerContext*, const v1::DeleteGrantRequest*,
                           v1::DeleteResponse*) override;

 private:
  // ALREADY_EXISTS when one of `producer`'s certificate names identifies another producer in this
  // replica's view (best effort across replicas; gateways refuse an ambiguous name).
  absl::Status CheckCertificateNamesFree(const v1::Producer& producer) const;

  grpc::Status Finish(const absl::StatusOr<Committed>& committed) {
    return ReplyAfterCommit(hub_, committed, options_.read_your_writes_wait);
  }
  template <typename Response, typename Entity>
  grpc::Status ListInto(EntityKind kind, const v1::ListRequest& request,
                        std::vector<std::pair<std::string, std::string>> where,
                        google::protobuf::RepeatedPtrField<Entity>* items, Response* response);

  TopologyStore* store_;
  WatchHub* hub_;
  TopicProvisioner provisioner_;
  TopologyServiceOptions options_;
};

template <typename Response, typename Entity>
grpc::Status TopologyService::ListInto(EntityKind kind, const v1::ListRequest& request,
                                       std::vector<std::pair<std::string, std::string>> where,
                                       google::protobuf::RepeatedPtrField<Entity>* items,
                                       Response* response) {
  auto size = PageSize(request.page_size());
  if (!size.ok()) return ToGrpcStatus(size.status());
  auto page = store_->List(kind, ListQuery{*size, request.page_token(), std::move(where)});
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (auto& item : page->items) items->Add()->CopyFrom(*item);
  response->set_next_page_token(page->next_page_token);
  return grpc::Status::OK;
}

}  // namespace causeway::topology
