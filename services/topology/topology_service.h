#pragma once
// TopologyService: the gRPC face of causeway-topology (proto/causeway/topology/v1/topology.proto).
// Authenticates and authorizes every call (Access: the role each RPC needs is in the proto), validates
// requests, applies defaults, and delegates to a TopologyStore; reads that must be fast
// (Resolve) and Watch are served from the WatchHub's in-memory view.
//
// Threads: unary RPCs run on gRPC's sync thread pool; Watch uses the callback API (no thread per
// stream), driven by the hub's follower thread and gRPC's completion threads.
#include <memory>

#include "causeway/topology/v1/topology.grpc.pb.h"
#include "common/core/grpc_status.h"
#include "topology/access.h"
#include "topology/request_checks.h"
#include "topology/topology_store.h"
#include "topology/history_reader.h"
#include "topology/watch_hub.h"
#include "topology/watch_quota.h"
#include "topology/watch_stream.h"

namespace causeway::topology {

// The reply to a mutation: its error, or OK once this replica's view includes the committed
// revision (bounded by `wait`), so that the caller's next read on this replica sees its change.
grpc::Status ReplyAfterCommit(WatchHub* hub, const absl::StatusOr<Committed>& committed,
                              absl::Duration wait);

struct TopologyServiceOptions {
  // How long a mutation waits for this replica's view to include it, so that a client that
  // changes then reads (Resolve, Watch) through the same replica sees its change.
  absl::Duration read_your_writes_wait = absl::Seconds(2);
  // Watch: message size, the streams each principal and the replica may open, a non-reading
  // client's bound.
  WatchOptions watch;
  // Whether the gRPC port serves TLS. Without it IssueToken answers only callers on this host
  // (loopback), since its answer is a secret.
  bool tls = false;
  // The key webhook signing secrets are derived from (--subscription-signing-key, resolved; the
  // relay has the same). Empty: CreateSubscription and RotateSubscriptionSecret are
  // FAILED_PRECONDITION.
  std::string subscription_signing_key;
};

// Resolve and Watch use the callback API: Resolve never blocks (it reads the in-memory view), so it
// is answered on the gRPC thread that received it instead of going through the sync pool, whose
// thread churn put a ~100 ms tail on 1-2 % of requests (tools/bench/topology).
class TopologyService final
    : public v1::Topology::WithCallbackMethod_Resolve<
          v1::Topology::WithCallbackMethod_Watch<v1::Topology::Service>> {
 public:
  TopologyService(TopologyStore* store, WatchHub* hub, const Access* access,
                  TopicProvisioner provisioner, TopologyServiceOptions options = {});

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

  // Principals, tokens, role bindings: principal_rpcs.cc.
  grpc::Status CreatePrincipal(grpc::ServerContext*, const v1::CreatePrincipalRequest*,
                               v1::Principal*) override;
  grpc::Status GetPrincipal(grpc::ServerContext*, const v1::GetPrincipalRequest*,
                            v1::Principal*) override;
  grpc::Status ListPrincipals(grpc::ServerContext*, const v1::ListRequest*,
                              v1::ListPrincipalsResponse*) override;
  grpc::Status UpdatePrincipal(grpc::ServerContext*, const v1::UpdatePrincipalRequest*,
                               v1::Principal*) override;
  grpc::Status DeletePrincipal(grpc::ServerContext*, const v1::DeletePrincipalRequest*,
                               v1::DeleteResponse*) override;
  grpc::Status IssueToken(grpc::ServerContext*, const v1::IssueTokenRequest*,
                          v1::IssueTokenResponse*) override;
  grpc::Status RevokeToken(grpc::ServerContext*, const v1::RevokeTokenRequest*,
                           v1::Principal*) override;
  grpc::Status CreateRoleBinding(grpc::ServerContext*, const v1::CreateRoleBindingRequest*,
                                 v1::RoleBinding*) override;
  grpc::Status ListRoleBindings(grpc::ServerContext*, const v1::ListRequest*,
                                v1::ListRoleBindingsResponse*) override;
  grpc::Status DeleteRoleBinding(grpc::ServerContext*, const v1::DeleteRoleBindingRequest*,
                                 v1::DeleteResponse*) override;
  grpc::Status WhoAmI(grpc::ServerContext*, const v1::WhoAmIRequest*,
                      v1::WhoAmIResponse*) override;

  // Subscriptions: subscription_rpcs.cc.
  grpc::Status CreateSubscription(grpc::ServerContext*, const v1::CreateSubscriptionRequest*,
                                  v1::CreateSubscriptionResponse*) override;
  grpc::Status GetSubscription(grpc::ServerContext*, const v1::GetSubscriptionRequest*,
                               v1::Subscription*) override;
  grpc::Status ListSubscriptions(grpc::ServerContext*, const v1::ListRequest*,
                                 v1::ListSubscriptionsResponse*) override;
  grpc::Status UpdateSubscription(grpc::ServerContext*, const v1::UpdateSubscriptionRequest*,
                                  v1::Subscription*) override;
  grpc::Status SetSubscriptionState(grpc::ServerContext*, const v1::SetSubscriptionStateRequest*,
                                    v1::Subscription*) override;
  grpc::Status RotateSubscriptionSecret(grpc::ServerContext*,
                                        const v1::RotateSubscriptionSecretRequest*,
                                        v1::RotateSubscriptionSecretResponse*) override;
  grpc::Status DeleteSubscription(grpc::ServerContext*, const v1::DeleteSubscriptionRequest*,
                                  v1::DeleteResponse*) override;

 private:
  // ALREADY_EXISTS when one of `principal`'s certificate names identifies another principal in
  // this replica's view (best effort across replicas; services refuse an ambiguous name).
  absl::Status CheckCertificateNamesFree(const v1::Principal& principal) const;
  // The stored subscription, if the caller may manage it (PERMISSION_DENIED otherwise).
  absl::StatusOr<v1::Subscription> LoadManagedSubscription(const Caller& caller,
                                                           const std::string& name);

  grpc::Status Finish(const absl::StatusOr<Committed>& committed) {
    return ReplyAfterCommit(hub_, committed, options_.read_your_writes_wait);
  }
  template <typename Response, typename Entity>
  grpc::Status ListInto(EntityKind kind, const v1::ListRequest& request,
                        std::vector<std::pair<std::string, std::string>> where,
                        google::protobuf::RepeatedPtrField<Entity>* items, Response* response);

  TopologyStore* store_;
  WatchHub* hub_;
  const Access* access_;
  TopicProvisioner provisioner_;
  TopologyServiceOptions options_;
  // What every Watch stream shares. The reader answers its last reads (deleting those streams)
  // when destroyed, so it is declared after the quota their slots return to.
  WatchQuota watch_quota_;
  HistoryReader watch_history_;
  WatchStream::Shared watch_;
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
