// Who may call what on causeway-topology: every RPC of Topology and SchemaRegistry, called as
// anonymous, with a revoked token, and as each role in and out of its scope. Each answer must be
// the documented one (UNAUTHENTICATED, PERMISSION_DENIED naming the role, or past the access check),
// and a refused call writes nothing.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "support/test_database.h"
#include "support/test_principals.h"
#include "support/test_placement.h"
#include "support/topology_server.h"

namespace causeway::testing {
namespace {

namespace v1 = ::causeway::topology::v1;

constexpr char kPerson[] = R"({"type":"record","name":"Person","fields":[
  {"name":"name","type":"string"}]})";

// The callers of the matrix, by the role they hold.
enum Caller { kAnonymous, kRevoked, kAdmin, kOwner, kPublisher, kConsumer, kNsViewer, kViewer,
              kGateway, kArchiver, kOtherOwner, kRelay };
const std::map<Caller, std::string>& CallerNames() {
  static const auto* names = new std::map<Caller, std::string>{
      {kAnonymous, "anonymous"}, {kRevoked, "revoked"}, {kAdmin, "admin"},
      {kOwner, "owner"}, {kPublisher, "publisher"}, {kConsumer, "consumer"},
      {kNsViewer, "ns-viewer"}, {kViewer, "viewer"}, {kGateway, "gateway"},
      {kArchiver, "archiver"}, {kOtherOwner, "other-owner"}, {kRelay, "relay"}};
  return *names;
}

using Call = std::function<grpc::Status(v1::Topology::Stub&, v1::SchemaRegistry::Stub&,
                                        grpc::ClientContext*)>;
struct Row {
  std::string method;  // as in the service descriptor
  std::set<Caller> allowed;
  Call call;
};

const std::set<Caller> kNsReaders = {kAdmin, kOwner, kPublisher, kConsumer, kNsViewer, kViewer};
const std::set<Caller> kAdminOnly = {kAdmin};
const std::set<Caller> kGlobalReaders = {kAdmin, kViewer};
const std::set<Caller> kOwners = {kAdmin, kOwner};
// A subscription's managers: admin, the namespace's owner, and its owner (the consumer).
const std::set<Caller> kSubscriptionManagers = {kAdmin, kOwner, kConsumer};

// Calls one unary RPC with a fresh request built by `fill`.
template <typename Req, typename Resp, typename Stub>
Call Unary(grpc::Status (Stub::*method)(grpc::ClientContext*, const Req&, Resp*),
           std::function<void(Req*)> fill) {
  return [method, fill](v1::Topology::Stub& topo, v1::SchemaRegistry::Stub& schemas,
                        grpc::ClientContext* ctx) {
    Req req;
    fill(&req);
    Resp resp;
    if constexpr (std::is_same_v<Stub, v1::Topology::Stub>) {
      return (topo.*method)(ctx, req, &resp);
    } else {
      return (schemas.*method)(ctx, req, &resp);
    }
  };
}

class AccessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>();
    server_ = std::make_unique<TopologyServer>(
        db_->dsn(), NoTopicProvisioner());
    topo_ = server_->NewStub();
    schemas_ = server_->NewSchemaStub();
    for (const char* ns : {"mfp", "other"}) {
      v1::CreateNamespaceRequest req;
      req.mutable_namespace_()->set_name(ns);
      v1::Namespace out;
      ASSERT_TRUE(topo_->CreateNamespace(Context().get(), req, &out).ok());
    }
    v1::CreateZoneRequest zone;
    zone.mutable_zone()->set_name("eu");
    SetSingleBrokerReplication(zone.mutable_zone());
    v1::Zone z;
    ASSERT_TRUE(topo_->CreateZone(Context().get(), zone, &z).ok());
    v1::CreateEventTypeRequest et;
    et.mutable_event_type()->set_namespace_("mfp");
    et.mutable_event_type()->set_name("Person");
    v1::EventType e;
    ASSERT_TRUE(topo_->CreateEventType(Context().get(), et, &e).ok());
    v1::RegisterSchemaRequest reg;
    reg.set_namespace_("mfp");
    reg.set_event_type("Person");
    reg.set_definition(kPerson);
    ASSERT_TRUE(schemas_->RegisterSchema(Context().get(), reg, &schema_).ok());
    v1::CreateClusterRequest cluster;
    cluster.mutable_cluster()->set_name("eu-a");
    cluster.mutable_cluster()->set_zone("eu");
    cluster.mutable_cluster()->set_bootstrap_servers("127.0.0.1:9");
    v1::Cluster c;
    ASSERT_TRUE(topo_->CreateCluster(Context().get(), cluster, &c).ok());
    v1::PlaceEventTypeRequest place;
    place.set_namespace_("mfp");
    place.set_event_type("Person");
    place.set_zone("eu");
    v1::Placement placement;
    ASSERT_TRUE(topo_->PlaceEventType(Context().get(), place, &placement).ok());

    tokens_[kAdmin] = kTestAdminToken;
    tokens_[kOwner] = MakePrincipal(*topo_, "owner", v1::ROLE_OWNER, "mfp");
    tokens_[kPublisher] = MakePrincipal(*topo_, "publisher", v1::ROLE_PUBLISHER, "mfp");
    tokens_[kConsumer] = MakePrincipal(*topo_, "consumer", v1::ROLE_CONSUMER, "mfp");
    tokens_[kNsViewer] = MakePrincipal(*topo_, "ns-viewer", v1::ROLE_VIEWER, "mfp");
    tokens_[kViewer] = MakePrincipal(*topo_, "viewer", v1::ROLE_VIEWER);
    tokens_[kGateway] = MakePrincipal(*topo_, "gateway", v1::ROLE_GATEWAY);
    tokens_[kArchiver] = MakePrincipal(*topo_, "archiver", v1::ROLE_ARCHIVER);
    tokens_[kOtherOwner] = MakePrincipal(*topo_, "other-owner", v1::ROLE_OWNER, "other");
    tokens_[kRelay] = MakePrincipal(*topo_, "relay", v1::ROLE_RELAY);
    // The consumer's subscription, which the rows below read and manage.
    v1::CreateSubscriptionRequest sub;
    FillSubscription(sub.mutable_subscription(), "sub");
    v1::CreateSubscriptionResponse created;
    grpc::Status made =
        topo_->CreateSubscription(ContextWithToken(tokens_[kConsumer]).get(), sub, &created);
    ASSERT_TRUE(made.ok()) << made.error_message();
    MakePrincipal(*topo_, "nobody");  // a target for binding changes
    // A principal whose only token is revoked: its token names nobody any more.
    tokens_[kRevoked] = MakePrincipal(*topo_, "revoked", v1::ROLE_ADMIN);
    v1::GetPrincipalRequest get;
    get.set_name("revoked");
    v1::Principal revoked;
    ASSERT_TRUE(topo_->GetPrincipal(Context().get(), get, &revoked).ok());
    v1::RevokeTokenRequest revoke;
    revoke.set_name("revoked");
    revoke.set_token_id(revoked.tokens(0).id());
    ASSERT_TRUE(topo_->RevokeToken(Context().get(), revoke, &revoked).ok());
  }

  static void FillSubscription(v1::Subscription* s, const std::string& name) {
    s->set_name(name);
    s->set_endpoint("https://hooks.example.com/in");
    s->add_event_types()->set_namespace_("mfp");
    s->mutable_event_types(0)->set_name("Person");
  }

  // A name no earlier call used, for creates that succeed.
  std::string Fresh(const std::string& prefix) { return absl::StrCat(prefix, "-", ++fresh_); }

  std::vector<Row> Rows() {
    using T = v1::Topology::Stub;
    using S = v1::SchemaRegistry::Stub;
    const std::string schema_id = schema_.id();
    return {
        {"CreateNamespace", kAdminOnly,
         Unary(&T::CreateNamespace, std::function<void(v1::CreateNamespaceRequest*)>(
                                        [this](auto* r) { r->mutable_namespace_()->set_name(Fresh("ns")); }))},
        {"GetNamespace", kNsReaders,
         Unary(&T::GetNamespace, std::function<void(v1::GetNamespaceRequest*)>(
                                     [](auto* r) { r->set_name("mfp"); }))},
        {"ListNamespaces", kGlobalReaders,
         Unary(&T::ListNamespaces, std::function<void(v1::ListRequest*)>([](auto*) {}))},
        {"UpdateNamespace", kOwners,
         Unary(&T::UpdateNamespace, std::function<void(v1::UpdateNamespaceRequest*)>([](auto* r) {
                 r->mutable_namespace_()->set_name("mfp");
                 r->mutable_namespace_()->set_version(999);  // stale: ABORTED once allowed
               }))},
        {"DeleteNamespace", kAdminOnly,
         Unary(&T::DeleteNamespace, std::function<void(v1::DeleteNamespaceRequest*)>(
                                        [](auto* r) { r->set_name("ghost"); }))},
        {"CreateZone", kAdminOnly,
         Unary(&T::CreateZone, std::function<void(v1::CreateZoneRequest*)>(
                                   [this](auto* r) { r->mutable_zone()->set_name(Fresh("zone")); }))},
        {"GetZone", kGlobalReaders,
         Unary(&T::GetZone, std::function<void(v1::GetZoneRequest*)>([](auto* r) { r->set_name("eu"); }))},
        {"ListZones", kGlobalReaders,
         Unary(&T::ListZones, std::function<void(v1::ListRequest*)>([](auto*) {}))},
        {"UpdateZone", kAdminOnly,
         Unary(&T::UpdateZone, std::function<void(v1::UpdateZoneRequest*)>([](auto* r) {
                 r->mutable_zone()->set_name("ghost");
                 r->mutable_zone()->set_version(1);
               }))},
        {"DeleteZone", kAdminOnly,
         Unary(&T::DeleteZone, std::function<void(v1::DeleteZoneRequest*)>(
                                   [](auto* r) { r->set_name("ghost"); }))},
        {"CreateCluster", kAdminOnly,
         Unary(&T::CreateCluster, std::function<void(v1::CreateClusterRequest*)>([this](auto* r) {
                 r->mutable_cluster()->set_name(Fresh("cluster"));
                 r->mutable_cluster()->set_zone("eu");
                 r->mutable_cluster()->set_bootstrap_servers("127.0.0.1:9");
               }))},
        {"GetCluster", kGlobalReaders,
         Unary(&T::GetCluster, std::function<void(v1::GetClusterRequest*)>(
                                   [](auto* r) { r->set_name("ghost"); }))},
        {"ListClusters", kGlobalReaders,
         Unary(&T::ListClusters, std::function<void(v1::ListRequest*)>([](auto*) {}))},
        {"UpdateCluster", kAdminOnly,
         Unary(&T::UpdateCluster, std::function<void(v1::UpdateClusterRequest*)>([](auto* r) {
                 r->mutable_cluster()->set_name("ghost");
                 r->mutable_cluster()->set_version(1);
               }))},
        {"DeleteCluster", kAdminOnly,
         Unary(&T::DeleteCluster, std::function<void(v1::DeleteClusterRequest*)>(
                                      [](auto* r) { r->set_name("ghost"); }))},
        {"CreateEventType", kOwners,
         Unary(&T::CreateEventType, std::function<void(v1::CreateEventTypeRequest*)>([this](auto* r) {
                 r->mutable_event_type()->set_namespace_("mfp");
                 r->mutable_event_type()->set_name(Fresh("Type"));
               }))},
        {"GetEventType", kNsReaders,
         Unary(&T::GetEventType, std::function<void(v1::GetEventTypeRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_name("Person");
               }))},
        {"ListEventTypes", kNsReaders,
         Unary(&T::ListEventTypes, std::function<void(v1::ListRequest*)>(
                                       [](auto* r) { r->set_parent("mfp"); }))},
        {"UpdateEventType", kOwners,
         Unary(&T::UpdateEventType, std::function<void(v1::UpdateEventTypeRequest*)>([](auto* r) {
                 r->mutable_event_type()->set_namespace_("mfp");
                 r->mutable_event_type()->set_name("Ghost");
                 r->mutable_event_type()->set_version(1);
               }))},
        {"DeleteEventType", kOwners,
         Unary(&T::DeleteEventType, std::function<void(v1::DeleteEventTypeRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_name("Ghost");
               }))},
        {"PlaceEventType", kOwners,
         Unary(&T::PlaceEventType, std::function<void(v1::PlaceEventTypeRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_event_type("Ghost");
                 r->set_zone("eu");
               }))},
        {"MovePlacement", kOwners,
         Unary(&T::MovePlacement, std::function<void(v1::MovePlacementRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_event_type("Ghost");
                 r->set_zone("eu");
                 r->set_cluster("ghost");
               }))},
        // Adopting a topic Causeway did not create vouches for the cluster: admins only.
        {"PlaceEventType", kAdminOnly,
         Unary(&T::PlaceEventType, std::function<void(v1::PlaceEventTypeRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_event_type("Ghost");
                 r->set_zone("eu");
                 r->set_adopt_existing_topic(true);
               }))},
        {"MovePlacement", kAdminOnly,
         Unary(&T::MovePlacement, std::function<void(v1::MovePlacementRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_event_type("Ghost");
                 r->set_zone("eu");
                 r->set_cluster("ghost");
                 r->set_adopt_existing_topic(true);
               }))},
        {"RemovePlacement", kOwners,
         Unary(&T::RemovePlacement, std::function<void(v1::RemovePlacementRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_event_type("Ghost");
                 r->set_zone("eu");
               }))},
        {"ListPlacements", kNsReaders,
         Unary(&T::ListPlacements, std::function<void(v1::ListRequest*)>(
                                       [](auto* r) { r->set_parent("mfp/Person"); }))},
        {"Resolve", {kAdmin, kOwner, kPublisher, kConsumer, kNsViewer, kViewer, kGateway, kArchiver,
                     kRelay},
         Unary(&T::Resolve, std::function<void(v1::ResolveRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_event_type("Person");
               }))},
        {"Watch", {kAdmin, kViewer, kGateway, kArchiver, kRelay},
         [](v1::Topology::Stub& topo, v1::SchemaRegistry::Stub&, grpc::ClientContext* ctx) {
           v1::WatchRequest req;
           auto reader = topo.Watch(ctx, req);
           v1::WatchResponse msg;
           if (reader->Read(&msg)) {
             ctx->TryCancel();
             reader->Finish();
             return grpc::Status::OK;  // it streamed: past the access check
           }
           return reader->Finish();
         }},
        {"ListHistory", kNsReaders,
         Unary(&T::ListHistory, std::function<void(v1::ListHistoryRequest*)>(
                                    [](auto* r) { r->set_entity("namespace/mfp"); }))},
        {"CreatePrincipal", kAdminOnly,
         Unary(&T::CreatePrincipal, std::function<void(v1::CreatePrincipalRequest*)>(
                                        [this](auto* r) { r->mutable_principal()->set_name(Fresh("p")); }))},
        {"GetPrincipal", {kAdmin, kPublisher},  // the admin, or the principal itself
         Unary(&T::GetPrincipal, std::function<void(v1::GetPrincipalRequest*)>(
                                     [](auto* r) { r->set_name("publisher"); }))},
        {"ListPrincipals", kAdminOnly,
         Unary(&T::ListPrincipals, std::function<void(v1::ListRequest*)>([](auto*) {}))},
        {"UpdatePrincipal", kAdminOnly,
         Unary(&T::UpdatePrincipal, std::function<void(v1::UpdatePrincipalRequest*)>([](auto* r) {
                 r->mutable_principal()->set_name("ghost");
                 r->mutable_principal()->set_version(1);
               }))},
        {"DeletePrincipal", kAdminOnly,
         Unary(&T::DeletePrincipal, std::function<void(v1::DeletePrincipalRequest*)>(
                                        [](auto* r) { r->set_name("ghost"); }))},
        {"IssueToken", kAdminOnly,
         Unary(&T::IssueToken, std::function<void(v1::IssueTokenRequest*)>(
                                   [](auto* r) { r->set_name("ghost"); }))},
        {"RevokeToken", {kAdmin, kPublisher},
         Unary(&T::RevokeToken, std::function<void(v1::RevokeTokenRequest*)>([](auto* r) {
                 r->set_name("publisher");
                 r->set_token_id("000000000000");  // none such: NOT_FOUND once allowed
               }))},
        {"CreateRoleBinding", kOwners,  // a namespace's owner grants its viewer role
         Unary(&T::CreateRoleBinding, std::function<void(v1::CreateRoleBindingRequest*)>([](auto* r) {
                 r->mutable_role_binding()->set_principal("nobody");
                 r->mutable_role_binding()->set_role(v1::ROLE_VIEWER);
                 r->mutable_role_binding()->set_namespace_("mfp");
               }))},
        {"ListRoleBindings", kOwners,
         Unary(&T::ListRoleBindings, std::function<void(v1::ListRequest*)>(
                                         [](auto* r) { r->set_parent("namespace:mfp"); }))},
        {"DeleteRoleBinding", kOwners,
         Unary(&T::DeleteRoleBinding, std::function<void(v1::DeleteRoleBindingRequest*)>([](auto* r) {
                 r->set_principal("nobody");
                 r->set_role(v1::ROLE_CONSUMER);
                 r->set_namespace_("mfp");
               }))},
        {"WhoAmI", {kAdmin, kOwner, kPublisher, kConsumer, kNsViewer, kViewer, kGateway, kArchiver,
                    kOtherOwner, kRelay},
         Unary(&T::WhoAmI, std::function<void(v1::WhoAmIRequest*)>([](auto*) {}))},
        {"CreateSubscription", {kAdmin, kConsumer},
         Unary(&T::CreateSubscription, std::function<void(v1::CreateSubscriptionRequest*)>(
                                           [this](auto* r) {
                                             FillSubscription(r->mutable_subscription(), Fresh("sub"));
                                           }))},
        // Private endpoints are an admin's decision.
        {"CreateSubscription", kAdminOnly,
         Unary(&T::CreateSubscription, std::function<void(v1::CreateSubscriptionRequest*)>(
                                           [this](auto* r) {
                                             FillSubscription(r->mutable_subscription(), Fresh("sub"));
                                             r->mutable_subscription()->set_endpoint("http://10.0.0.1/");
                                             r->mutable_subscription()->set_allow_private_endpoint(true);
                                           }))},
        {"GetSubscription", {kAdmin, kOwner, kPublisher, kConsumer, kNsViewer, kViewer, kRelay},
         Unary(&T::GetSubscription, std::function<void(v1::GetSubscriptionRequest*)>(
                                        [](auto* r) { r->set_name("sub"); }))},
        {"ListSubscriptions", kNsReaders,
         Unary(&T::ListSubscriptions, std::function<void(v1::ListRequest*)>(
                                          [](auto* r) { r->set_parent("namespace:mfp"); }))},
        {"UpdateSubscription", kSubscriptionManagers,
         Unary(&T::UpdateSubscription, std::function<void(v1::UpdateSubscriptionRequest*)>(
                                           [](auto* r) {
                                             r->mutable_subscription()->set_name("sub");
                                             r->mutable_subscription()->set_version(999);  // ABORTED
                                           }))},
        // The relay suspends a subscription whose endpoint answered 410 Gone.
        {"SetSubscriptionState", {kAdmin, kOwner, kConsumer, kRelay},
         Unary(&T::SetSubscriptionState, std::function<void(v1::SetSubscriptionStateRequest*)>(
                                             [](auto* r) {
                                               r->set_name("sub");
                                               r->set_state(v1::SUBSCRIPTION_STATE_SUSPENDED);
                                               r->set_version(999);
                                             }))},
        {"SetSubscriptionState", kSubscriptionManagers,
         Unary(&T::SetSubscriptionState, std::function<void(v1::SetSubscriptionStateRequest*)>(
                                             [](auto* r) {
                                               r->set_name("sub");
                                               r->set_state(v1::SUBSCRIPTION_STATE_ACTIVE);
                                               r->set_version(999);
                                             }))},
        {"RotateSubscriptionSecret", kSubscriptionManagers,
         Unary(&T::RotateSubscriptionSecret,
               std::function<void(v1::RotateSubscriptionSecretRequest*)>(
                   [](auto* r) { r->set_name("sub"); }))},
        {"DeleteSubscription", kSubscriptionManagers,
         Unary(&T::DeleteSubscription, std::function<void(v1::DeleteSubscriptionRequest*)>(
                                           [](auto* r) {
                                             r->set_name("sub");
                                             r->set_version(999);
                                           }))},
        {"RegisterSchema", kOwners,
         Unary(&S::RegisterSchema, std::function<void(v1::RegisterSchemaRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_event_type("Person");
                 r->set_definition(kPerson);  // the same schema again: answered, not duplicated
               }))},
        {"GetSchema", kNsReaders,
         Unary(&S::GetSchema, std::function<void(v1::GetSchemaRequest*)>(
                                  [schema_id](auto* r) { r->set_id(schema_id); }))},
        {"ListSchemas", kNsReaders,
         Unary(&S::ListSchemas, std::function<void(v1::ListSchemasRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_event_type("Person");
               }))},
        {"ActivateSchema", kOwners,
         Unary(&S::ActivateSchema, std::function<void(v1::SchemaTransitionRequest*)>(
                                       [](auto* r) { r->set_id("0123456789abcdef0123456789abcdef");
                                                     r->set_namespace_("mfp");
                                                     r->set_event_type("Person"); }))},
        {"DeprecateSchema", kOwners,
         Unary(&S::DeprecateSchema, std::function<void(v1::SchemaTransitionRequest*)>(
                                        [schema_id](auto* r) { r->set_id(schema_id); }))},
        {"CheckCompatibility", kNsReaders,
         Unary(&S::CheckCompatibility, std::function<void(v1::CheckCompatibilityRequest*)>([](auto* r) {
                 r->set_namespace_("mfp");
                 r->set_event_type("Person");
                 r->set_definition(kPerson);
               }))},
        {"SetCompatibilityMode", kOwners,
         Unary(&S::SetCompatibilityMode, std::function<void(v1::SetCompatibilityModeRequest*)>(
                                             [](auto* r) {
                                               r->set_namespace_("mfp");
                                               r->set_event_type("Ghost");
                                               r->set_mode(v1::COMPATIBILITY_MODE_FULL);
                                             }))},
    };
  }

  int64_t Revision() { return server_->hub().revision(); }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TopologyServer> server_;
  std::unique_ptr<v1::Topology::Stub> topo_;
  std::unique_ptr<v1::SchemaRegistry::Stub> schemas_;
  std::map<Caller, std::string> tokens_;
  v1::Schema schema_;
  int fresh_ = 0;
};

TEST_F(AccessTest, EveryRpcAnswersEachCallerAsDocumented) {
  std::vector<Row> rows = Rows();
  for (const Row& row : rows) {
    for (const auto& [caller, name] : CallerNames()) {
      SCOPED_TRACE(absl::StrCat(row.method, " as ", name));
      const int64_t before = Revision();
      auto ctx = ContextWithToken(caller == kAnonymous ? "" : tokens_[caller], 10);
      grpc::Status s = row.call(*topo_, *schemas_, ctx.get());
      if (caller == kAnonymous || caller == kRevoked) {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
      } else if (row.allowed.count(caller) == 0) {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
        EXPECT_NE(s.error_message().find("needs role"), std::string::npos) << s.error_message();
      } else {
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
      }
      if (s.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
          s.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
        absl::SleepFor(absl::Milliseconds(20));  // a write would be in the view by now
        EXPECT_EQ(Revision(), before) << "a refused call wrote something";
      }
    }
  }
}

TEST_F(AccessTest, TheMatrixCoversEveryRpcOfBothServices) {
  std::set<std::string> covered;
  for (const Row& row : Rows()) covered.insert(row.method);
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const char* name : {v1::Topology::service_full_name(), v1::SchemaRegistry::service_full_name()}) {
    const google::protobuf::ServiceDescriptor* service = pool->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      EXPECT_EQ(covered.count(service->method(i)->name()), 1u)
          << service->method(i)->full_name() << " has no row: document and test its role";
    }
  }
}

TEST_F(AccessTest, RefusalNamesTheRoleAndScopeNeeded) {
  v1::CreateEventTypeRequest req;
  req.mutable_event_type()->set_namespace_("mfp");
  req.mutable_event_type()->set_name("Sneaky");
  v1::EventType out;
  grpc::Status s = topo_->CreateEventType(ContextWithToken(tokens_[kPublisher]).get(), req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(s.error_message(), "principal \"publisher\" needs role owner of namespace \"mfp\"");
}

TEST_F(AccessTest, TheActorIsTheAuthenticatedPrincipalWhateverTheMetadataSays) {
  auto ctx = ContextWithToken(tokens_[kOwner]);
  ctx->AddMetadata("x-causeway-actor", "somebody-else");
  v1::CreateEventTypeRequest req;
  req.mutable_event_type()->set_namespace_("mfp");
  req.mutable_event_type()->set_name("Meal");
  v1::EventType out;
  ASSERT_TRUE(topo_->CreateEventType(ctx.get(), req, &out).ok());
  v1::ListHistoryRequest history;
  history.set_entity("event_type/mfp/Meal");
  v1::ListHistoryResponse changes;
  ASSERT_TRUE(topo_->ListHistory(Context().get(), history, &changes).ok());
  ASSERT_EQ(changes.changes_size(), 1);
  EXPECT_EQ(changes.changes(0).actor(), "owner");
}

// Token hashes and certificate names go to admins and the services that authenticate their own
// callers (gateway, relay, archiver) only.
TEST_F(AccessTest, WatchSendsCredentialsOnlyToServicesThatAuthenticate) {
  auto principals_seen = [&](Caller caller) {
    auto ctx = ContextWithToken(tokens_[caller]);
    v1::WatchRequest req;
    auto reader = topo_->Watch(ctx.get(), req);
    std::map<std::string, int> tokens_by_principal;
    v1::WatchResponse msg;
    while (reader->Read(&msg)) {
      for (const auto& c : msg.changes()) {
        if (c.has_principal()) tokens_by_principal[c.principal().name()] = c.principal().tokens_size();
      }
      if (msg.kind() == v1::WatchResponse::KIND_SNAPSHOT_COMPLETE) break;
    }
    ctx->TryCancel();
    reader->Finish();
    return tokens_by_principal;
  };
  EXPECT_EQ(principals_seen(kGateway)["publisher"], 1);
  EXPECT_EQ(principals_seen(kAdmin)["publisher"], 1);
  auto viewer = principals_seen(kViewer);
  ASSERT_EQ(viewer.count("publisher"), 1u) << "principals are listed, without credentials";
  EXPECT_EQ(viewer["publisher"], 0);
  EXPECT_EQ(principals_seen(kArchiver)["publisher"], 1);
}

TEST_F(AccessTest, AWatchEndsWhenItsCallerLosesTheRole) {
  auto ctx = ContextWithToken(tokens_[kViewer], 30);
  v1::WatchRequest req;
  auto reader = topo_->Watch(ctx.get(), req);
  v1::WatchResponse msg;
  while (reader->Read(&msg) && msg.kind() != v1::WatchResponse::KIND_SNAPSHOT_COMPLETE) {
  }
  v1::DeleteRoleBindingRequest del;
  del.set_principal("viewer");
  del.set_role(v1::ROLE_VIEWER);
  v1::DeleteResponse none;
  ASSERT_TRUE(topo_->DeleteRoleBinding(Context().get(), del, &none).ok());
  while (reader->Read(&msg)) {
  }
  grpc::Status s = reader->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
}

TEST_F(AccessTest, BindingsAreValidatedForTheirScope) {
  auto bind = [&](v1::Role role, const std::string& ns) {
    v1::CreateRoleBindingRequest req;
    req.mutable_role_binding()->set_principal("nobody");
    req.mutable_role_binding()->set_role(role);
    req.mutable_role_binding()->set_namespace_(ns);
    v1::RoleBinding out;
    return topo_->CreateRoleBinding(Context().get(), req, &out);
  };
  grpc::Status global_with_ns = bind(v1::ROLE_ADMIN, "mfp");
  EXPECT_EQ(global_with_ns.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(global_with_ns.error_message(),
            "role_binding.namespace: role admin is global: leave it empty");
  EXPECT_EQ(bind(v1::ROLE_OWNER, "").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bind(v1::ROLE_UNSPECIFIED, "").error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bind(v1::ROLE_PUBLISHER, "ghost").error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(bind(v1::ROLE_PUBLISHER, "mfp").ok());
  // A namespace with bindings cannot be deleted.
  v1::DeleteNamespaceRequest del;
  del.set_name("other");
  v1::DeleteResponse none;
  EXPECT_EQ(topo_->DeleteNamespace(Context().get(), del, &none).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(AccessTest, GetSchemaAnswersOnlyReadersOfTheSchemasNamespace) {
  v1::GetSchemaRequest req;
  req.set_id(schema_.id());
  v1::Schema out;
  EXPECT_TRUE(schemas_->GetSchema(ContextWithToken(tokens_[kConsumer]).get(), req, &out).ok());
  v1::Schema refused;
  grpc::Status s = schemas_->GetSchema(ContextWithToken(tokens_[kOtherOwner]).get(), req, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_EQ(s.error_message(), "principal \"other-owner\" needs role viewer of namespace \"mfp\"");
}

}  // namespace
}  // namespace causeway::testing
