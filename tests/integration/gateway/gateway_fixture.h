#pragma once
// The whole publish path on real servers: PostgreSQL, causeway-topology (in-process), the real
// Kafka broker, and causeway-gateway (in-process, wired like its main.cc). Each test gets its own
// database and namespace, so its topics are its own on the shared broker.
#include <gtest/gtest.h>

#include <sstream>

#include "causeway/gateway/v1/gateway.grpc.pb.h"
#include "common/server/grpc_server.h"
#include "gateway/server/gateway_app.h"
#include "grpcpp/create_channel.h"
#include "librdkafka/rdkafka.h"
#include "support/kafka_consumer.h"
#include "support/test_database.h"
#include "support/test_env.h"
#include "support/test_placement.h"
#include "support/topology_server.h"

namespace causeway::testing {

namespace tv1 = ::causeway::topology::v1;
namespace gv1 = ::causeway::gateway::v1;

// The seed talk's Person, as on its slide: nullable age and username without defaults.
inline constexpr char kPerson[] = R"({
  "name": "Person", "namespace": "org.example", "type": "record",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"},
    {"name": "age", "type": ["null", "int"]},
    {"name": "username", "type": ["null", "string"]}
  ]})";

struct GatewayOptions {
  std::string topology_address;
  // The gateway's credential for causeway-topology; StartGateway fills in the fixture's gateway
  // principal's token when empty.
  std::string topology_token;
  std::string snapshot_path;
  gateway::SinkOptions sink{.drain = absl::Seconds(1)};
  gateway::GatewayServiceOptions service;
  // The publish-path tests run without publisher principals; tests of identity set kPrincipals.
  gateway::AuthMode auth = gateway::AuthMode::kDevelopment;
  TlsFiles tls;
};

// The value of one series (`name{label="v",...}` as exposed, labels sorted) in Prometheus text, or 0
// when it is not there.
inline double MetricValue(const std::string& text, const std::string& series) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > series.size() && line.compare(0, series.size(), series) == 0 &&
        line[series.size()] == ' ') {
      return std::stod(line.substr(series.size() + 1));
    }
  }
  return 0;
}

// Whether one line of `logs` contains every one of `parts`.
inline bool HasLogLine(const std::string& logs, const std::vector<std::string>& parts) {
  std::istringstream lines(logs);
  for (std::string line; std::getline(lines, line);) {
    bool all = true;
    for (const std::string& part : parts) all = all && line.find(part) != std::string::npos;
    if (all) return true;
  }
  return false;
}

// causeway-gateway in-process: the GatewayApp main.cc runs.
class GatewayServer {
 public:
  explicit GatewayServer(const GatewayOptions& o) : app_(AppOptions(o)) {
    absl::Status s = app_.Start();
    EXPECT_TRUE(s.ok()) << s;
    if (!o.tls.enabled()) {
      stub_ = gv1::Gateway::NewStub(grpc::CreateChannel(
          absl::StrCat("127.0.0.1:", grpc_port()), grpc::InsecureChannelCredentials()));
    }
  }
  // Plaintext gateways only; TLS tests make their own channels.
  gv1::Gateway::Stub& stub() { return *stub_; }
  int grpc_port() const { return const_cast<gateway::GatewayApp&>(app_).process().grpc_port(); }
  int http_port() const { return const_cast<gateway::GatewayApp&>(app_).process().http_port(); }
  gateway::TopologyFollower& follower() { return app_.follower(); }
  gateway::GatewayApp& app() { return app_; }
  // The text /metrics serves.
  std::string metrics() { return app_.process().metrics().Render(); }
  // Waits up to `limit` for `series` to reach at least `at_least`; returns its last value.
  double WaitForMetric(const std::string& series, double at_least,
                       absl::Duration limit = absl::Seconds(20)) {
    const absl::Time until = absl::Now() + limit;
    double value = MetricValue(metrics(), series);
    while (value < at_least && absl::Now() < until) {
      absl::SleepFor(absl::Milliseconds(100));
      value = MetricValue(metrics(), series);
    }
    return value;
  }

 private:
  static gateway::GatewayAppOptions AppOptions(const GatewayOptions& o) {
    gateway::GatewayAppOptions a;
    a.server = ServerOptions{"127.0.0.1:0", "127.0.0.1:0", absl::Milliseconds(400)};
    a.server.tls = o.tls;
    a.follower.topology.address = o.topology_address;
    a.follower.topology.token = o.topology_token;
    a.follower.snapshot_path = o.snapshot_path;
    a.follower.retry = absl::Milliseconds(100);
    a.follower.max_retry = absl::Milliseconds(500);
    a.sink = o.sink;
    a.dedup_max_entries = 100000;
    a.service = o.service;
    a.http = {.default_wait = absl::Seconds(20)};
    a.auth = o.auth;
    return a;
  }

  gateway::GatewayApp app_;
  std::unique_ptr<gv1::Gateway::Stub> stub_;
};

class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ns_ = UniqueName("gw");
    db_ = std::make_unique<TestDatabase>();
    topology_ = std::make_unique<TopologyServer>(db_->dsn());
    topo_ = topology_->NewStub();
    schemas_ = topology_->NewSchemaStub();
    CreateNamespaceAndZone("eu", KafkaBootstrap());
    CreateEventType("Person");
    person_ = RegisterAndActivate("Person", kPerson);
    Place("Person", "eu");
    gateway_token_ = MakePrincipal(*topo_, "gateway", tv1::ROLE_GATEWAY);
  }
  void TearDown() override {
    gateway_.reset();
    topology_.reset();
    db_.reset();
    if (!snapshot_dir_.empty()) std::system(("rm -rf " + snapshot_dir_).c_str());
  }

  // A gateway following this test's topology, once it has caught up.
  GatewayServer& StartGateway(GatewayOptions options = {}) {
    options.topology_address = topology_->address();
    if (options.topology_token.empty()) options.topology_token = gateway_token_;
    if (options.snapshot_path.empty()) options.snapshot_path = SnapshotPath();
    gateway_ = std::make_unique<GatewayServer>(options);
    CatchUp(*gateway_);
    return *gateway_;
  }
  void CatchUp(GatewayServer& gw) {
    EXPECT_TRUE(gw.follower().WaitForRevision(topology_->hub().revision(), absl::Seconds(20)));
  }
  std::string SnapshotPath() {
    if (snapshot_dir_.empty()) {
      char dir[] = "/tmp/causeway-gw.XXXXXX";
      snapshot_dir_ = mkdtemp(dir);
    }
    return snapshot_dir_ + "/topology.snapshot";
  }

  void CreateNamespaceAndZone(const std::string& zone, const std::string& bootstrap) {
    tv1::CreateNamespaceRequest ns;
    ns.mutable_namespace_()->set_name(ns_);
    tv1::Namespace n;
    topo_->CreateNamespace(Context().get(), ns, &n);
    AddZone(zone, bootstrap);
  }
  void AddZone(const std::string& zone, const std::string& bootstrap) {
    tv1::CreateZoneRequest z;
    z.mutable_zone()->set_name(zone);
    SetSingleBrokerReplication(z.mutable_zone());
    tv1::Zone zo;
    ASSERT_TRUE(topo_->CreateZone(Context().get(), z, &zo).ok());
    tv1::CreateClusterRequest c;
    c.mutable_cluster()->set_name(zone + "-1");
    c.mutable_cluster()->set_zone(zone);
    c.mutable_cluster()->set_bootstrap_servers(bootstrap);
    tv1::Cluster co;
    ASSERT_TRUE(topo_->CreateCluster(Context().get(), c, &co).ok());
  }
  void CreateEventType(const std::string& name) {
    tv1::CreateEventTypeRequest et;
    et.mutable_event_type()->set_namespace_(ns_);
    et.mutable_event_type()->set_name(name);
    et.mutable_event_type()->set_partitions(3);
    tv1::EventType e;
    ASSERT_TRUE(topo_->CreateEventType(Context().get(), et, &e).ok());
  }
  tv1::Schema RegisterAndActivate(const std::string& event_type, const std::string& definition) {
    tv1::RegisterSchemaRequest req;
    req.set_namespace_(ns_);
    req.set_event_type(event_type);
    req.set_definition(definition);
    tv1::Schema s;
    EXPECT_TRUE(schemas_->RegisterSchema(Context().get(), req, &s).ok());
    tv1::SchemaTransitionRequest act;
    act.set_id(s.id());
    act.set_namespace_(ns_);
    act.set_event_type(event_type);
    EXPECT_TRUE(schemas_->ActivateSchema(Context().get(), act, &s).ok());
    return s;
  }
  grpc::Status Place(const std::string& event_type, const std::string& zone) {
    tv1::PlaceEventTypeRequest req;
    req.set_namespace_(ns_);
    req.set_event_type(event_type);
    req.set_zone(zone);
    // Gateway tests give the one test broker several cluster names and use causeway-devkafka's
    // declared topics, so a placement may find its topic already there: adopt it (as the test
    // admin). Topic ownership itself is tested in tests/integration/topology.
    req.set_adopt_existing_topic(true);
    tv1::Placement p;
    grpc::Status s = topo_->PlaceEventType(Context().get(), req, &p);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return s;
  }
  // A principal with the given certificate names; returns its first bearer token.
  std::string CreatePrincipal(const std::string& name,
                              std::vector<std::string> certificate_names = {}) {
    tv1::CreatePrincipalRequest req;
    req.mutable_principal()->set_name(name);
    for (auto& n : certificate_names) req.mutable_principal()->add_certificate_names(std::move(n));
    tv1::Principal p;
    grpc::Status s = topo_->CreatePrincipal(Context().get(), req, &p);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return IssueToken(name);
  }
  std::string IssueToken(const std::string& principal, std::string* token_id = nullptr) {
    tv1::IssueTokenRequest req;
    req.set_name(principal);
    tv1::IssueTokenResponse resp;
    grpc::Status s = topo_->IssueToken(Context().get(), req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (token_id != nullptr) *token_id = resp.token_id();
    return resp.token();
  }
  // The publisher role on this test's namespace.
  void GrantPublisher(const std::string& principal) {
    Bind(*topo_, principal, tv1::ROLE_PUBLISHER, ns_);
  }
  void RevokePublisher(const std::string& principal) {
    tv1::DeleteRoleBindingRequest req;
    req.set_principal(principal);
    req.set_role(tv1::ROLE_PUBLISHER);
    req.set_namespace_(ns_);
    tv1::DeleteResponse r;
    grpc::Status s = topo_->DeleteRoleBinding(Context().get(), req, &r);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }

  std::string Topic(const std::string& event_type) const {
    std::string t = ns_ + "." + event_type;
    for (char& c : t) c = static_cast<char>(std::tolower(c));
    return t;
  }

  // Publishes `n` Person events through the gateway (PERSISTED), keys cycling over `keys`
  // ("" = no key); returns their event ids in publish order.
  std::vector<std::string> PublishPeople(int n, int keys = 5, const std::string& prefix = "p") {
    std::vector<std::string> ids;
    for (int start = 0; start < n; start += 100) {
      gv1::PublishBatchRequest batch;
      for (int i = start; i < std::min(n, start + 100); ++i) {
        gv1::PublishRequest r =
            Json(absl::StrCat(R"({"first_name": ")", prefix, i,
                              R"(", "last_name": "x", "age": )", i, R"(, "username": null})"),
                 absl::StrCat(prefix, "-", ns_, "-", i));
        if (keys > 0) r.set_key(absl::StrCat("key-", i % keys));
        *batch.add_events() = std::move(r);
      }
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      gv1::PublishBatchResponse resp;
      grpc::Status s = gateway_->stub().PublishBatch(&ctx, batch, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      for (const auto& r : resp.results()) {
        EXPECT_EQ(r.code(), 0) << r.message();
        ids.push_back(r.event_id());
      }
    }
    return ids;
  }

  // Writes one record as it is to the Person topic (a poison record, or one with hand-made
  // framing), with the gateway's headers.
  void ProduceRaw(const std::string& key, const std::string& value, const std::string& event_id,
                  std::string topic = "") {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", KafkaBootstrap().c_str(), err, sizeof err);
    rd_kafka_t* p = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    ASSERT_NE(p, nullptr) << err;
    rd_kafka_headers_t* h = rd_kafka_headers_new(3);
    rd_kafka_header_add(h, "causeway-event-id", -1, event_id.data(), event_id.size());
    rd_kafka_header_add(h, "causeway-namespace", -1, ns_.data(), ns_.size());
    rd_kafka_header_add(h, "causeway-event-type", -1, "Person", 6);
    if (topic.empty()) topic = Topic("Person");
    rd_kafka_resp_err_t e = rd_kafka_producev(
        p, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_KEY(key.data(), key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(h), RD_KAFKA_V_END);
    ASSERT_EQ(e, RD_KAFKA_RESP_ERR_NO_ERROR) << rd_kafka_err2str(e);
    ASSERT_EQ(rd_kafka_flush(p, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_destroy(p);
  }

  gv1::PublishRequest Json(const std::string& json, const std::string& event_id = "",
                           gv1::Ack ack = gv1::ACK_PERSISTED) {
    gv1::PublishRequest r;
    r.set_namespace_(ns_);
    r.set_event_type("Person");
    r.set_json(json);
    r.set_event_id(event_id);
    r.set_producer_id("test-producer");
    r.set_ack(ack);
    return r;
  }
  grpc::Status Publish(const gv1::PublishRequest& req, gv1::PublishResponse* out,
                       int timeout_ms = 30000) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(timeout_ms));
    return gateway_->stub().Publish(&ctx, req, out);
  }

  std::string ns_;
  std::string gateway_token_;  // the "gateway" principal's (role gateway), followed with
  std::string snapshot_dir_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TopologyServer> topology_;
  std::unique_ptr<tv1::Topology::Stub> topo_;
  std::unique_ptr<tv1::SchemaRegistry::Stub> schemas_;
  std::unique_ptr<GatewayServer> gateway_;
  tv1::Schema person_;
};

}  // namespace causeway::testing
