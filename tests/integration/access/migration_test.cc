// Migration 0004 on a database that holds producers and grants from before principals existed:
// every producer becomes a principal with its tokens and certificate names, every grant the
// publisher role on its namespace, the history reads with the new messages, and the old tokens
// still authenticate.
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/core/bearer_token.h"
#include "integration/gateway/gateway_fixture.h"
#include "support/kafka_consumer.h"
#include "support/test_database.h"
#include "support/test_env.h"
#include "support/test_placement.h"
#include "support/topology_server.h"
#include "topology/migrator.h"

namespace causeway::testing {
namespace {

namespace v1 = ::causeway::topology::v1;

constexpr char kOldToken[] = "cwt_an-old-producer-token-issued-before-principals";

// What causeway-topology at d0ca7a5 (migrations 1-3) wrote for namespace mfp, producer billing
// (a token and a certificate name) and its grant on mfp, with their history rows.
void WriteOldRows(const std::string& dsn) {
  const std::string sha = Sha256Hex(kOldToken);
  pqxx::connection conn(dsn);
  pqxx::work txn(conn);
  txn.exec(R"(INSERT INTO namespaces VALUES ('mfp', 1, '{"name":"mfp","version":"1"}'))");
  txn.exec_params(
      "INSERT INTO producers VALUES ('billing', 2, $1::jsonb)",
      R"({"name":"billing","owner":"payments-team","certificate_names":["billing.example.com"],)"
      R"("tokens":[{"id":")" + TokenId(sha) + R"(","sha256":")" + sha + R"("}],"version":"2",)"
      R"("create_time":"2026-11-01T10:00:00Z","update_time":"2026-11-01T10:05:00Z"})");
  txn.exec(R"(INSERT INTO grants VALUES ('billing', 'mfp', 1,
      '{"producer":"billing","namespace":"mfp","version":"1","create_time":"2026-11-01T10:06:00Z",
        "update_time":"2026-11-01T10:06:00Z"}'))");
  txn.exec(R"(INSERT INTO changes (revision, kind, entity, op, actor, body) VALUES
      (1, 'namespace', 'namespace/mfp', 'put', 'alice', '{"name":"mfp","version":"1"}'),
      (2, 'producer', 'producer/billing', 'put', 'alice', '{"name":"billing","version":"1"}'),
      (3, 'grant', 'producer/billing/grant/mfp', 'put', 'alice',
       '{"producer":"billing","namespace":"mfp","version":"1"}'))");
  txn.exec("UPDATE revision_counter SET revision = 3");
  txn.commit();
}

TEST(PrincipalsMigration, ProducersAndGrantsBecomePrincipalsAndPublisherBindings) {
  TestDatabase db(/*migrated=*/false);
  auto all = topology::LoadMigrations(MigrationsDir());
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<topology::Migration> before(all->begin(), all->begin() + 3);
  ASSERT_EQ(before.back().number, 3);
  ASSERT_TRUE(topology::ApplyMigrations(db.dsn(), before).ok());
  WriteOldRows(db.dsn());
  auto applied = topology::ApplyMigrations(db.dsn(), *all);
  ASSERT_TRUE(applied.ok()) << applied.status();

  TopologyServer server(db.dsn(), NoTopicProvisioner());
  auto stub = server.NewStub();
  v1::GetPrincipalRequest get;
  get.set_name("billing");
  v1::Principal billing;
  ASSERT_TRUE(stub->GetPrincipal(Context().get(), get, &billing).ok());
  EXPECT_EQ(billing.owner(), "payments-team");
  ASSERT_EQ(billing.certificate_names_size(), 1);
  EXPECT_EQ(billing.certificate_names(0), "billing.example.com");
  ASSERT_EQ(billing.tokens_size(), 1);
  EXPECT_EQ(billing.tokens(0).sha256(), Sha256Hex(kOldToken));
  EXPECT_EQ(billing.version(), 2);

  v1::ListRequest of_billing;
  of_billing.set_parent("billing");
  v1::ListRoleBindingsResponse bindings;
  ASSERT_TRUE(stub->ListRoleBindings(Context().get(), of_billing, &bindings).ok());
  ASSERT_EQ(bindings.role_bindings_size(), 1);
  EXPECT_EQ(bindings.role_bindings(0).role(), v1::ROLE_PUBLISHER);
  EXPECT_EQ(bindings.role_bindings(0).namespace_(), "mfp");
  EXPECT_TRUE(bindings.role_bindings(0).has_create_time());

  // The old token still works, as the same principal, with the publisher role's reach.
  v1::WhoAmIResponse me;
  ASSERT_TRUE(stub->WhoAmI(ContextWithToken(kOldToken).get(), v1::WhoAmIRequest(), &me).ok());
  EXPECT_EQ(me.principal(), "billing");
  v1::GetNamespaceRequest ns;
  ns.set_name("mfp");
  v1::Namespace mfp;
  EXPECT_TRUE(stub->GetNamespace(ContextWithToken(kOldToken).get(), ns, &mfp).ok());

  // The history reads with the new kinds and paths.
  v1::ListHistoryRequest history;
  history.set_entity("principal/billing");
  v1::ListHistoryResponse changes;
  ASSERT_TRUE(stub->ListHistory(Context().get(), history, &changes).ok());
  ASSERT_EQ(changes.changes_size(), 2);
  EXPECT_EQ(changes.changes(0).role_binding().principal(), "billing");
  EXPECT_EQ(changes.changes(0).role_binding().role(), v1::ROLE_PUBLISHER);
  EXPECT_EQ(changes.changes(0).actor(), "alice");
  EXPECT_EQ(changes.changes(1).principal().name(), "billing");
}

// The migrated producer keeps publishing through a gateway enforcing principals, with the token it
// had before the migration, and its event reaches the broker under its name.
TEST(PrincipalsMigration, TheMigratedProducerStillPublishesWithItsOldToken) {
  TestDatabase db(/*migrated=*/false);
  auto all = topology::LoadMigrations(MigrationsDir());
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_TRUE(topology::ApplyMigrations(db.dsn(), {all->begin(), all->begin() + 3}).ok());
  WriteOldRows(db.dsn());
  ASSERT_TRUE(topology::ApplyMigrations(db.dsn(), *all).ok());

  TopologyServer topology(db.dsn());  // topics on the real broker
  auto stub = topology.NewStub();
  auto schemas = topology.NewSchemaStub();
  const std::string topic = UniqueName("migrated.person");
  v1::CreateZoneRequest zone;
  zone.mutable_zone()->set_name("eu");
  SetSingleBrokerReplication(zone.mutable_zone());
  v1::Zone z;
  ASSERT_TRUE(stub->CreateZone(Context().get(), zone, &z).ok());
  v1::CreateClusterRequest cluster;
  cluster.mutable_cluster()->set_name("eu-1");
  cluster.mutable_cluster()->set_zone("eu");
  cluster.mutable_cluster()->set_bootstrap_servers(KafkaBootstrap());
  v1::Cluster c;
  ASSERT_TRUE(stub->CreateCluster(Context().get(), cluster, &c).ok());
  v1::CreateEventTypeRequest et;
  et.mutable_event_type()->set_namespace_("mfp");
  et.mutable_event_type()->set_name("Person");
  et.mutable_event_type()->set_topic(topic);
  v1::EventType e;
  ASSERT_TRUE(stub->CreateEventType(Context().get(), et, &e).ok());
  v1::RegisterSchemaRequest reg;
  reg.set_namespace_("mfp");
  reg.set_event_type("Person");
  reg.set_definition(kPerson);
  v1::Schema schema;
  ASSERT_TRUE(schemas->RegisterSchema(Context().get(), reg, &schema).ok());
  v1::SchemaTransitionRequest activate;
  activate.set_id(schema.id());
  ASSERT_TRUE(schemas->ActivateSchema(Context().get(), activate, &schema).ok());
  v1::PlaceEventTypeRequest place;
  place.set_namespace_("mfp");
  place.set_event_type("Person");
  place.set_zone("eu");
  v1::Placement p;
  grpc::Status placed = stub->PlaceEventType(Context().get(), place, &p);
  ASSERT_TRUE(placed.ok()) << placed.error_message();

  GatewayOptions options;
  options.topology_address = topology.address();
  options.topology_token = MakePrincipal(*stub, "gateway", v1::ROLE_GATEWAY);
  options.auth = gateway::AuthMode::kPrincipals;
  GatewayServer gateway(options);
  ASSERT_TRUE(gateway.follower().WaitForRevision(topology.hub().revision(), absl::Seconds(20)));

  gv1::PublishRequest req;
  req.set_namespace_("mfp");
  req.set_event_type("Person");
  req.set_json(R"({"first_name":"Ada","last_name":"Lovelace"})");
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", std::string("Bearer ") + kOldToken);
  gv1::PublishResponse out;
  grpc::Status published = gateway.stub().Publish(&ctx, req, &out);
  ASSERT_TRUE(published.ok()) << published.error_message();
  auto messages = ConsumeAll(KafkaBootstrap(), topic, 1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].headers["causeway-producer-id"], "billing");
}

}  // namespace
}  // namespace causeway::testing
