// Every Topology RPC against a real PostgreSQL.
#include "topology_fixture.h"

namespace causeway::testing {
namespace {

TEST_F(TopologyTest, NamespaceLifecycle) {
  v1::Namespace created = MakeNamespace("mfp");
  EXPECT_EQ(created.version(), 1);
  EXPECT_TRUE(created.has_create_time());

  v1::GetNamespaceRequest get;
  get.set_name("mfp");
  v1::Namespace got;
  ASSERT_TRUE(stub_->GetNamespace(Context().get(), get, &got).ok());
  EXPECT_EQ(got.name(), "mfp");

  v1::UpdateNamespaceRequest upd;
  *upd.mutable_namespace_() = got;
  upd.mutable_namespace_()->set_owner("food-team");
  v1::Namespace updated;
  ASSERT_TRUE(stub_->UpdateNamespace(Context().get(), upd, &updated).ok());
  EXPECT_EQ(updated.owner(), "food-team");
  EXPECT_EQ(updated.version(), 2);

  v1::DeleteNamespaceRequest del;
  del.set_name("mfp");
  del.set_version(2);
  v1::DeleteResponse deleted;
  ASSERT_TRUE(stub_->DeleteNamespace(Context().get(), del, &deleted).ok());
  EXPECT_EQ(stub_->GetNamespace(Context().get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(TopologyTest, ListPaginatesWithTokens) {
  for (int i = 0; i < 7; ++i) MakeNamespace("ns" + std::to_string(i));
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    v1::ListRequest req;
    req.set_page_size(3);
    req.set_page_token(token);
    v1::ListNamespacesResponse resp;
    ASSERT_TRUE(stub_->ListNamespaces(Context().get(), req, &resp).ok());
    for (const auto& n : resp.namespaces()) seen.push_back(n.name());
    token = resp.next_page_token();
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"ns0", "ns1", "ns2", "ns3", "ns4", "ns5", "ns6"}));
}

TEST_F(TopologyTest, ZoneAndClusterLifecycle) {
  MakeZone("eu", 86400000);
  v1::Cluster c = MakeCluster("eu-1", "eu", "10.0.0.1:9092,10.0.0.2:9092");
  EXPECT_EQ(c.state(), v1::CLUSTER_STATE_ACTIVE);
  MakeZone("us");
  MakeCluster("us-1", "us");

  v1::ListRequest by_zone;
  by_zone.set_parent("eu");
  v1::ListClustersResponse clusters;
  ASSERT_TRUE(stub_->ListClusters(Context().get(), by_zone, &clusters).ok());
  ASSERT_EQ(clusters.clusters_size(), 1);
  EXPECT_EQ(clusters.clusters(0).name(), "eu-1");

  v1::UpdateClusterRequest upd;
  *upd.mutable_cluster() = c;
  upd.mutable_cluster()->set_state(v1::CLUSTER_STATE_DRAINING);
  (*upd.mutable_cluster()->mutable_client_properties())["security.protocol"] = "SSL";
  v1::Cluster updated;
  ASSERT_TRUE(stub_->UpdateCluster(Context().get(), upd, &updated).ok());
  EXPECT_EQ(updated.state(), v1::CLUSTER_STATE_DRAINING);
  EXPECT_EQ(updated.client_properties().at("security.protocol"), "SSL");

  v1::GetZoneRequest gz;
  gz.set_name("eu");
  v1::Zone zone;
  ASSERT_TRUE(stub_->GetZone(Context().get(), gz, &zone).ok());
  v1::UpdateZoneRequest uz;
  *uz.mutable_zone() = zone;
  uz.mutable_zone()->set_archived(true);
  v1::Zone zone2;
  ASSERT_TRUE(stub_->UpdateZone(Context().get(), uz, &zone2).ok());
  EXPECT_TRUE(zone2.archived());
  EXPECT_EQ(zone2.retention_ms(), 86400000);

  v1::ListZonesResponse zones;
  ASSERT_TRUE(stub_->ListZones(Context().get(), v1::ListRequest(), &zones).ok());
  EXPECT_EQ(zones.zones_size(), 2);

  v1::DeleteClusterRequest dc;
  dc.set_name("us-1");
  v1::DeleteResponse none;
  ASSERT_TRUE(stub_->DeleteCluster(Context().get(), dc, &none).ok());
  v1::DeleteZoneRequest dz;
  dz.set_name("us");
  ASSERT_TRUE(stub_->DeleteZone(Context().get(), dz, &none).ok());
}

TEST_F(TopologyTest, EventTypeDefaultsAndUpdate) {
  MakeNamespace("mfp");
  v1::EventType et = MakeEventType("mfp", "FoodEntryCreated");
  EXPECT_EQ(et.topic(), "mfp.foodentrycreated");
  EXPECT_EQ(et.partitions(), 3);
  EXPECT_EQ(et.compatibility(), v1::COMPATIBILITY_MODE_BACKWARD);

  v1::UpdateEventTypeRequest upd;
  *upd.mutable_event_type() = et;
  upd.mutable_event_type()->set_compatibility(v1::COMPATIBILITY_MODE_FULL_TRANSITIVE);
  v1::EventType updated;
  ASSERT_TRUE(stub_->UpdateEventType(Context().get(), upd, &updated).ok());
  EXPECT_EQ(updated.compatibility(), v1::COMPATIBILITY_MODE_FULL_TRANSITIVE);

  upd.mutable_event_type()->set_version(updated.version());
  upd.mutable_event_type()->set_partitions(12);
  EXPECT_EQ(stub_->UpdateEventType(Context().get(), upd, &updated).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::ListRequest by_ns;
  by_ns.set_parent("mfp");
  v1::ListEventTypesResponse list;
  ASSERT_TRUE(stub_->ListEventTypes(Context().get(), by_ns, &list).ok());
  ASSERT_EQ(list.event_types_size(), 1);

  v1::GetEventTypeRequest get;
  get.set_namespace_("mfp");
  get.set_name("FoodEntryCreated");
  v1::EventType got;
  ASSERT_TRUE(stub_->GetEventType(Context().get(), get, &got).ok());
  EXPECT_EQ(got.version(), 2);

  v1::DeleteEventTypeRequest del;
  del.set_namespace_("mfp");
  del.set_name("FoodEntryCreated");
  v1::DeleteResponse none;
  ASSERT_TRUE(stub_->DeleteEventType(Context().get(), del, &none).ok());
}

TEST_F(TopologyTest, PlacementGoesToLeastLoadedActiveClusterAndResolves) {
  MakeNamespace("mfp");
  MakeZone("eu");
  MakeCluster("eu-a", "eu", "127.0.0.1:9001");
  MakeCluster("eu-b", "eu", "127.0.0.1:9002");
  MakeEventType("mfp", "A");
  MakeEventType("mfp", "B");
  v1::Placement pa, pb;
  ASSERT_TRUE(Place("mfp", "A", "eu", &pa).ok());
  ASSERT_TRUE(Place("mfp", "B", "eu", &pb).ok());
  EXPECT_NE(pa.cluster(), pb.cluster()) << "second placement should go to the emptier cluster";
  EXPECT_EQ(provisioned_.size(), 2u);

  v1::ResolveRequest rr;
  rr.set_namespace_("mfp");
  rr.set_event_type("A");
  v1::ResolveResponse resolved;
  ASSERT_TRUE(stub_->Resolve(Context().get(), rr, &resolved).ok());
  ASSERT_EQ(resolved.placements_size(), 1);
  EXPECT_EQ(resolved.placements(0).placement().zone(), "eu");
  EXPECT_EQ(resolved.placements(0).placement().topic(), "mfp.a");
  EXPECT_EQ(resolved.placements(0).bootstrap_servers(),
            pa.cluster() == "eu-a" ? "127.0.0.1:9001" : "127.0.0.1:9002");

  // Move A to the other cluster.
  const std::string other = pa.cluster() == "eu-a" ? "eu-b" : "eu-a";
  v1::MovePlacementRequest mv;
  mv.set_namespace_("mfp");
  mv.set_event_type("A");
  mv.set_zone("eu");
  mv.set_cluster(other);
  mv.set_version(pa.version());
  v1::Placement moved;
  ASSERT_TRUE(stub_->MovePlacement(Context().get(), mv, &moved).ok());
  EXPECT_EQ(moved.cluster(), other);
  EXPECT_EQ(moved.version(), 2);
  EXPECT_EQ(provisioned_.back(), other + "/mfp.a");

  v1::ListRequest by_cluster;
  by_cluster.set_parent("cluster:" + other);
  v1::ListPlacementsResponse list;
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), by_cluster, &list).ok());
  EXPECT_EQ(list.placements_size(), 2);

  v1::RemovePlacementRequest rm;
  rm.set_namespace_("mfp");
  rm.set_event_type("A");
  rm.set_zone("eu");
  v1::DeleteResponse none;
  ASSERT_TRUE(stub_->RemovePlacement(Context().get(), rm, &none).ok());
  ASSERT_TRUE(stub_->Resolve(Context().get(), rr, &resolved).ok());
  EXPECT_EQ(resolved.placements_size(), 0);
}

TEST_F(TopologyTest, PlacementIsNotRecordedWhenTopicCreationFails) {
  MakeNamespace("mfp");
  MakeZone("eu");
  MakeCluster("eu-a", "eu");
  MakeEventType("mfp", "A");
  provision_error_ = absl::UnavailableError("cluster 127.0.0.1:9092 unreachable");
  v1::Placement p;
  grpc::Status s = Place("mfp", "A", "eu", &p);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  v1::ListPlacementsResponse list;
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), v1::ListRequest(), &list).ok());
  EXPECT_EQ(list.placements_size(), 0);
}

TEST_F(TopologyTest, DrainingClusterTakesNoNewPlacements) {
  MakeNamespace("mfp");
  MakeZone("eu");
  v1::Cluster c = MakeCluster("eu-a", "eu");
  v1::UpdateClusterRequest upd;
  *upd.mutable_cluster() = c;
  upd.mutable_cluster()->set_state(v1::CLUSTER_STATE_DRAINING);
  v1::Cluster out;
  ASSERT_TRUE(stub_->UpdateCluster(Context().get(), upd, &out).ok());
  MakeEventType("mfp", "A");
  v1::Placement p;
  EXPECT_EQ(Place("mfp", "A", "eu", &p).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Place("mfp", "A", "eu", &p, "eu-a").error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(TopologyTest, StaleVersionIsAborted) {
  v1::Namespace ns = MakeNamespace("mfp");
  v1::UpdateNamespaceRequest first;
  *first.mutable_namespace_() = ns;
  first.mutable_namespace_()->set_owner("a");
  v1::Namespace out;
  ASSERT_TRUE(stub_->UpdateNamespace(Context().get(), first, &out).ok());
  // A second writer that read version 1 loses.
  v1::UpdateNamespaceRequest second;
  *second.mutable_namespace_() = ns;
  second.mutable_namespace_()->set_owner("b");
  EXPECT_EQ(stub_->UpdateNamespace(Context().get(), second, &out).error_code(),
            grpc::StatusCode::ABORTED);
  v1::DeleteNamespaceRequest del;
  del.set_name("mfp");
  del.set_version(1);
  v1::DeleteResponse none;
  EXPECT_EQ(stub_->DeleteNamespace(Context().get(), del, &none).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(TopologyTest, ConcurrentUpdatesWithTheSameVersionOnlyOneWins) {
  v1::Namespace ns = MakeNamespace("mfp");
  std::atomic<int> ok{0}, aborted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto stub = server_->NewStub();
      v1::UpdateNamespaceRequest req;
      *req.mutable_namespace_() = ns;
      req.mutable_namespace_()->set_owner("writer" + std::to_string(i));
      v1::Namespace out;
      grpc::Status s = stub->UpdateNamespace(Context().get(), req, &out);
      if (s.ok()) ++ok;
      if (s.error_code() == grpc::StatusCode::ABORTED) ++aborted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(aborted.load(), 7);
}

TEST_F(TopologyTest, DeleteInUseNamesTheUsers) {
  MakeNamespace("mfp");
  MakeZone("eu");
  MakeCluster("eu-a", "eu");
  MakeEventType("mfp", "A");
  v1::Placement p;
  ASSERT_TRUE(Place("mfp", "A", "eu", &p).ok());
  v1::DeleteResponse none;

  v1::DeleteNamespaceRequest dn;
  dn.set_name("mfp");
  grpc::Status s = stub_->DeleteNamespace(Context().get(), dn, &none);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("event type \"mfp/A\""), std::string::npos) << s.error_message();

  v1::DeleteZoneRequest dz;
  dz.set_name("eu");
  s = stub_->DeleteZone(Context().get(), dz, &none);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("cluster \"eu-a\""), std::string::npos) << s.error_message();

  v1::DeleteClusterRequest dc;
  dc.set_name("eu-a");
  s = stub_->DeleteCluster(Context().get(), dc, &none);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("placement \"mfp/A/eu\""), std::string::npos);

  v1::DeleteEventTypeRequest de;
  de.set_namespace_("mfp");
  de.set_name("A");
  EXPECT_EQ(stub_->DeleteEventType(Context().get(), de, &none).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(TopologyTest, HistoryRecordsWhoAndWhen) {
  {
    v1::CreateNamespaceRequest req;
    req.mutable_namespace_()->set_name("mfp");
    v1::Namespace out;
    ASSERT_TRUE(stub_->CreateNamespace(Context().get(), req, &out).ok());
  }
  MakeZone("eu");
  MakeCluster("eu-a", "eu");
  MakeEventType("mfp", "A");
  v1::Placement p;
  ASSERT_TRUE(Place("mfp", "A", "eu", &p).ok());

  v1::ListHistoryRequest all;
  v1::ListHistoryResponse history;
  ASSERT_TRUE(stub_->ListHistory(Context().get(), all, &history).ok());
  // The five changes above, after the harness's bootstrap (the admin and its role binding).
  ASSERT_EQ(history.changes_size(), 7);
  EXPECT_TRUE(history.changes(0).has_placement()) << "newest first";
  EXPECT_EQ(history.changes(4).actor(), kTestAdmin) << "the authenticated principal";
  EXPECT_TRUE(history.changes(4).has_namespace_());
  EXPECT_TRUE(history.changes(4).has_time());
  EXPECT_GT(history.changes(0).revision(), history.changes(4).revision());

  v1::ListHistoryRequest of_type;
  of_type.set_entity("event_type/mfp/A");
  ASSERT_TRUE(stub_->ListHistory(Context().get(), of_type, &history).ok());
  EXPECT_EQ(history.changes_size(), 2) << "the event type and its placement";

  v1::ListHistoryRequest paged;
  paged.set_page_size(2);
  ASSERT_TRUE(stub_->ListHistory(Context().get(), paged, &history).ok());
  EXPECT_EQ(history.changes_size(), 2);
  paged.set_page_token(history.next_page_token());
  v1::ListHistoryResponse page2;
  ASSERT_TRUE(stub_->ListHistory(Context().get(), paged, &page2).ok());
  EXPECT_EQ(page2.changes_size(), 2);
  EXPECT_LT(page2.changes(0).revision(), history.changes(1).revision());
}

}  // namespace
}  // namespace causeway::testing
