// Every class of bad input gets its status code and names the field; nothing is half-written.
#include "absl/strings/str_cat.h"
#include "topology_fixture.h"

namespace causeway::testing {
namespace {

void ExpectInvalid(const grpc::Status& s, const std::string& field) {
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(s.error_message().rfind(field + ":", 0), 0u)
      << "message should start with the field path: " << s.error_message();
}

TEST_F(TopologyTest, MalformedNamesAreInvalidArgumentNamingTheField) {
  v1::Namespace ns;
  for (const std::string& bad : std::vector<std::string>{"", "Bad", "1abc", "a b", std::string(64, 'a'), "ü"}) {
    v1::CreateNamespaceRequest req;
    req.mutable_namespace_()->set_name(bad);
    ExpectInvalid(stub_->CreateNamespace(Context().get(), req, &ns), "namespace.name");
  }
  v1::Zone zone;
  v1::CreateZoneRequest zr;
  zr.mutable_zone()->set_name("EU");
  ExpectInvalid(stub_->CreateZone(Context().get(), zr, &zone), "zone.name");
  zr.mutable_zone()->set_name("eu");
  zr.mutable_zone()->set_retention_ms(-5);
  ExpectInvalid(stub_->CreateZone(Context().get(), zr, &zone), "zone.retention_ms");

  MakeNamespace("mfp");
  v1::EventType et;
  for (const std::string& bad : std::vector<std::string>{"", "9Lives", "has space", "semi;colon", std::string(129, 'E')}) {
    v1::CreateEventTypeRequest req;
    req.mutable_event_type()->set_namespace_("mfp");
    req.mutable_event_type()->set_name(bad);
    ExpectInvalid(stub_->CreateEventType(Context().get(), req, &et), "event_type.name");
  }
  v1::CreateEventTypeRequest req;
  req.mutable_event_type()->set_namespace_("mfp");
  req.mutable_event_type()->set_name("Ok");
  req.mutable_event_type()->set_partitions(-1);
  ExpectInvalid(stub_->CreateEventType(Context().get(), req, &et), "event_type.partitions");
  req.mutable_event_type()->set_partitions(1);
  req.mutable_event_type()->set_topic("bad/topic");
  ExpectInvalid(stub_->CreateEventType(Context().get(), req, &et), "event_type.topic");
}

TEST_F(TopologyTest, BootstrapServersAreParsed) {
  MakeZone("eu");
  v1::Cluster out;
  for (const std::string& bad : std::vector<std::string>{"", "localhost", "host:", "host:0", "host:70000", ":9092",
                                "a:1,,b:2", "[::1:9092", "bad host:1"}) {
    v1::CreateClusterRequest req;
    req.mutable_cluster()->set_name("c");
    req.mutable_cluster()->set_zone("eu");
    req.mutable_cluster()->set_bootstrap_servers(bad);
    ExpectInvalid(stub_->CreateCluster(Context().get(), req, &out), "cluster.bootstrap_servers");
  }
  v1::CreateClusterRequest good;
  good.mutable_cluster()->set_name("c");
  good.mutable_cluster()->set_zone("eu");
  good.mutable_cluster()->set_bootstrap_servers("kafka-1.internal:9092, [::1]:9093");
  EXPECT_TRUE(stub_->CreateCluster(Context().get(), good, &out).ok());
}

TEST_F(TopologyTest, UnknownReferencesAreNotFound) {
  v1::Cluster c;
  v1::CreateClusterRequest cr;
  cr.mutable_cluster()->set_name("c");
  cr.mutable_cluster()->set_zone("nowhere");
  cr.mutable_cluster()->set_bootstrap_servers("h:1");
  grpc::Status s = stub_->CreateCluster(Context().get(), cr, &c);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(s.error_message().find("zone \"nowhere\""), std::string::npos);

  v1::EventType et;
  v1::CreateEventTypeRequest er;
  er.mutable_event_type()->set_namespace_("nons");
  er.mutable_event_type()->set_name("X");
  EXPECT_EQ(stub_->CreateEventType(Context().get(), er, &et).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::Placement p;
  EXPECT_EQ(Place("nons", "X", "eu", &p).error_code(), grpc::StatusCode::NOT_FOUND);
  v1::ResolveRequest rr;
  rr.set_namespace_("nons");
  rr.set_event_type("X");
  v1::ResolveResponse resolved;
  EXPECT_EQ(stub_->Resolve(Context().get(), rr, &resolved).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::GetZoneRequest gz;
  gz.set_name("nowhere");
  v1::Zone z;
  EXPECT_EQ(stub_->GetZone(Context().get(), gz, &z).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(TopologyTest, DuplicatesAreAlreadyExists) {
  MakeNamespace("mfp");
  v1::CreateNamespaceRequest req;
  req.mutable_namespace_()->set_name("mfp");
  v1::Namespace ns;
  EXPECT_EQ(stub_->CreateNamespace(Context().get(), req, &ns).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  MakeZone("eu");
  MakeCluster("eu-a", "eu");
  MakeEventType("mfp", "A");
  v1::Placement p;
  ASSERT_TRUE(Place("mfp", "A", "eu", &p).ok());
  EXPECT_EQ(Place("mfp", "A", "eu", &p).error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(TopologyTest, UpdateWithoutVersionIsRefused) {
  MakeNamespace("mfp");
  v1::UpdateNamespaceRequest req;
  req.mutable_namespace_()->set_name("mfp");
  v1::Namespace out;
  ExpectInvalid(stub_->UpdateNamespace(Context().get(), req, &out), "namespace.version");
}

TEST_F(TopologyTest, ClusterCannotChangeZoneAndNothingIsWritten) {
  MakeZone("eu");
  MakeZone("us");
  v1::Cluster c = MakeCluster("eu-a", "eu");
  v1::UpdateClusterRequest req;
  *req.mutable_cluster() = c;
  req.mutable_cluster()->set_zone("us");
  v1::Cluster out;
  ExpectInvalid(stub_->UpdateCluster(Context().get(), req, &out), "cluster.zone");
  v1::GetClusterRequest get;
  get.set_name("eu-a");
  ASSERT_TRUE(stub_->GetCluster(Context().get(), get, &out).ok());
  EXPECT_EQ(out.zone(), "eu");
  EXPECT_EQ(out.version(), 1);
}

TEST_F(TopologyTest, BadPageTokenIsInvalidArgument) {
  v1::ListRequest req;
  req.set_page_token("!!!not-a-token");
  v1::ListZonesResponse out;
  ExpectInvalid(stub_->ListZones(Context().get(), req, &out), "page_token");
}

// Every replica, gateway and watcher holds every entity: text and collections are bounded.
TEST_F(TopologyTest, OversizeTextIsInvalidArgumentNamingTheField) {
  const std::string big(4097, 'x');
  v1::CreateNamespaceRequest ns;
  ns.mutable_namespace_()->set_name("mfp");
  ns.mutable_namespace_()->set_description(big);
  v1::Namespace n;
  ExpectInvalid(stub_->CreateNamespace(Context().get(), ns, &n), "namespace.description");
  ns.mutable_namespace_()->set_description(std::string(4096, 'x'));  // the bound itself is fine
  ns.mutable_namespace_()->set_owner(std::string(257, 'o'));
  ExpectInvalid(stub_->CreateNamespace(Context().get(), ns, &n), "namespace.owner");
  ns.mutable_namespace_()->clear_owner();
  ASSERT_TRUE(stub_->CreateNamespace(Context().get(), ns, &n).ok());
  v1::UpdateNamespaceRequest update;
  *update.mutable_namespace_() = n;
  update.mutable_namespace_()->set_description(big);
  ExpectInvalid(stub_->UpdateNamespace(Context().get(), update, &n), "namespace.description");

  v1::CreateZoneRequest zone;
  zone.mutable_zone()->set_name("eu");
  zone.mutable_zone()->set_description(big);
  v1::Zone z;
  ExpectInvalid(stub_->CreateZone(Context().get(), zone, &z), "zone.description");

  v1::CreateEventTypeRequest et;
  et.mutable_event_type()->set_namespace_("mfp");
  et.mutable_event_type()->set_name("Order");
  et.mutable_event_type()->set_description(big);
  v1::EventType e;
  ExpectInvalid(stub_->CreateEventType(Context().get(), et, &e), "event_type.description");

  v1::CreatePrincipalRequest principal;
  principal.mutable_principal()->set_name("billing");
  principal.mutable_principal()->set_description(big);
  v1::Principal p;
  ExpectInvalid(stub_->CreatePrincipal(Context().get(), principal, &p), "principal.description");
}

TEST_F(TopologyTest, OversizeCollectionsAreInvalidArgumentNamingTheField) {
  MakeZone("eu");
  v1::CreateClusterRequest cluster;
  cluster.mutable_cluster()->set_name("eu-a");
  cluster.mutable_cluster()->set_zone("eu");
  cluster.mutable_cluster()->set_bootstrap_servers("127.0.0.1:9092");
  v1::Cluster c;
  (*cluster.mutable_cluster()->mutable_client_properties())["client.id"] = std::string(4097, 'c');
  ExpectInvalid(stub_->CreateCluster(Context().get(), cluster, &c),
                "cluster.client_properties[\"client.id\"]");
  cluster.mutable_cluster()->clear_client_properties();
  for (int i = 0; i < 65; ++i) {
    (*cluster.mutable_cluster()->mutable_client_properties())[absl::StrCat("k", i)] = "v";
  }
  ExpectInvalid(stub_->CreateCluster(Context().get(), cluster, &c), "cluster.client_properties");
  cluster.mutable_cluster()->clear_client_properties();
  (*cluster.mutable_cluster()->mutable_client_properties())[std::string(129, 'k')] = "v";
  grpc::Status long_key = stub_->CreateCluster(Context().get(), cluster, &c);
  EXPECT_EQ(long_key.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(long_key.error_message().find("].key: longer than 128 bytes"), std::string::npos)
      << long_key.error_message();
  cluster.mutable_cluster()->clear_client_properties();
  std::string servers = "127.0.0.1:9092";
  while (servers.size() <= 4096) servers += ",127.0.0.1:9092";
  cluster.mutable_cluster()->set_bootstrap_servers(servers);
  ExpectInvalid(stub_->CreateCluster(Context().get(), cluster, &c), "cluster.bootstrap_servers");

  v1::CreatePrincipalRequest principal;
  principal.mutable_principal()->set_name("billing");
  for (int i = 0; i < 33; ++i) {
    principal.mutable_principal()->add_certificate_names(absl::StrCat("billing-", i, ".example"));
  }
  v1::Principal p;
  ExpectInvalid(stub_->CreatePrincipal(Context().get(), principal, &p),
                "principal.certificate_names");
  principal.mutable_principal()->clear_certificate_names();
  principal.mutable_principal()->add_certificate_names(std::string(1025, 'n'));
  ExpectInvalid(stub_->CreatePrincipal(Context().get(), principal, &p),
                "principal.certificate_names[0]");
  v1::ListPrincipalsResponse principals;
  ASSERT_TRUE(stub_->ListPrincipals(Context().get(), v1::ListRequest(), &principals).ok());
  for (const auto& each : principals.principals()) EXPECT_NE(each.name(), "billing");
}

}  // namespace
}  // namespace causeway::testing
