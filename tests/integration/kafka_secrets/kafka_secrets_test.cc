// Cluster client properties with secret references, end to end on the real broker's SASL_PLAINTEXT
// listener: topology creates topics through it, the gateway publishes through it, a reader reads
// through it, each resolving `${file:...}` itself; the password is stored nowhere and echoed nowhere.
#include <gmock/gmock.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "common/core/log.h"
#include "common/kafka/java_properties.h"
#include "integration/gateway/gateway_fixture.h"

namespace causeway::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecured[] = R"({
  "name": "Secured", "namespace": "org.example", "type": "record",
  "fields": [{"name": "note", "type": "string"}]})";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class KafkaSecretsTest : public GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    sasl_bootstrap_ = RequireEnv("CAUSEWAY_TEST_KAFKA_SASL_BOOTSTRAP");
    // The test's own copy, as a process would have its own mounted Secret: the broker's file is
    // rewritten at every broker start.
    const std::string broker_file = ReadFile(RequireEnv("CAUSEWAY_TEST_KAFKA_SASL_PROPERTIES"));
    char dir[] = "/tmp/causeway-secrets.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    secrets_dir_ = dir;
    secret_file_ = secrets_dir_ + "/sasl-1.properties";
    // Comments and blanks as a human would leave them, around the broker's own lines.
    std::ofstream(secret_file_) << "# Kafka credentials of cluster sasl-1\n\n" << broker_file;
    password_ = kafka::ParseJavaProperties(broker_file)["sasl.password"];
    ASSERT_GE(password_.size(), 16u) << "no sasl.password in CAUSEWAY_TEST_KAFKA_SASL_PROPERTIES";
  }
  void TearDown() override {
    GatewayTest::TearDown();
    if (!secrets_dir_.empty()) std::system(("rm -rf " + secrets_dir_).c_str());
  }

  // What an operator stores: the password only as a reference to the mounted file.
  std::map<std::string, std::string> SaslProperties() const {
    return {{"security.protocol", "SASL_PLAINTEXT"},
            {"sasl.mechanism", "PLAIN"},
            {"sasl.username", "causeway"},
            {"sasl.password", "${file:" + secret_file_ + ":sasl.password}"}};
  }

  grpc::Status CreateCluster(const std::string& zone, const std::string& name,
                             const std::map<std::string, std::string>& properties,
                             tv1::Cluster* out) {
    tv1::CreateClusterRequest c;
    c.mutable_cluster()->set_name(name);
    c.mutable_cluster()->set_zone(zone);
    c.mutable_cluster()->set_bootstrap_servers(sasl_bootstrap_);
    c.mutable_cluster()->mutable_client_properties()->insert(properties.begin(), properties.end());
    return topo_->CreateCluster(Context().get(), c, out);
  }

  void CreateZone(const std::string& zone) {
    tv1::CreateZoneRequest z;
    z.mutable_zone()->set_name(zone);
    SetSingleBrokerReplication(z.mutable_zone());
    tv1::Zone out;
    ASSERT_TRUE(topo_->CreateZone(Context().get(), z, &out).ok());
  }

  // Zone "secure" with cluster "sasl-1" behind SASL, and event type Secured placed only there:
  // the placement creates the topic through the SASL listener, so topology resolved the password.
  void PlaceSecuredBehindSasl() {
    CreateZone("secure");
    tv1::Cluster cluster;
    grpc::Status s = CreateCluster("secure", "sasl-1", SaslProperties(), &cluster);
    ASSERT_TRUE(s.ok()) << s.error_message();
    CreateEventType("Secured");
    RegisterAndActivate("Secured", kSecured);
    ASSERT_TRUE(Place("Secured", "secure").ok());
  }

  // Secured placed behind SASL with the right password, then the secret file holding `secret`
  // when the gateway starts (stderr captured from then on); returns the file's right content.
  std::string StartGatewayWithItsOwnSecret(const std::string& secret, GatewayOptions options) {
    PlaceSecuredBehindSasl();
    const std::string original = ReadFile(secret_file_);
    std::ofstream(secret_file_) << secret;
    ::testing::internal::CaptureStderr();
    StartGateway(options);
    return original;
  }

  gv1::PublishRequest SecuredEvent(const std::string& event_id) {
    gv1::PublishRequest r = Json(R"({"note": "through SASL"})", event_id);
    r.set_event_type("Secured");
    return r;
  }

  std::vector<ConsumedMessage> ReadSecuredThroughSasl(
      size_t expected, std::map<std::string, std::string> properties = {}) {
    if (properties.empty()) properties = SaslProperties();
    return ConsumeAll(kafka::ClusterConnection{sasl_bootstrap_, properties}, Topic("Secured"),
                      expected, absl::Seconds(5), absl::Seconds(30));
  }

  // Every answer of the Topology API that carries the cluster, as bytes.
  std::string EveryTopologyAnswer() {
    std::string all;
    tv1::GetClusterRequest get;
    get.set_name("sasl-1");
    tv1::Cluster cluster;
    EXPECT_TRUE(topo_->GetCluster(Context().get(), get, &cluster).ok());
    EXPECT_THAT(cluster.client_properties().at("sasl.password"), HasSubstr("${file:"));
    all += cluster.SerializeAsString() + cluster.DebugString();

    tv1::ListRequest list;
    list.set_page_size(1000);
    tv1::ListClustersResponse clusters;
    EXPECT_TRUE(topo_->ListClusters(Context().get(), list, &clusters).ok());
    EXPECT_EQ(clusters.clusters_size(), 2);
    all += clusters.SerializeAsString() + clusters.DebugString();

    tv1::ResolveRequest resolve;
    resolve.set_namespace_(ns_);
    resolve.set_event_type("Secured");
    tv1::ResolveResponse resolved;
    EXPECT_TRUE(topo_->Resolve(Context().get(), resolve, &resolved).ok());
    EXPECT_EQ(resolved.placements_size(), 1);
    all += resolved.SerializeAsString() + resolved.DebugString();

    tv1::ListHistoryRequest history;
    history.set_page_size(1000);
    tv1::ListHistoryResponse changes;
    EXPECT_TRUE(topo_->ListHistory(Context().get(), history, &changes).ok());
    EXPECT_GT(changes.changes_size(), 0);
    all += changes.SerializeAsString() + changes.DebugString();

    // Watch from the start: the snapshot, up to its completion.
    tv1::WatchRequest watch;
    auto ctx = Context();
    auto stream = topo_->Watch(ctx.get(), watch);
    tv1::WatchResponse message;
    int messages = 0;
    while (stream->Read(&message)) {
      ++messages;
      all += message.SerializeAsString() + message.DebugString();
      if (message.kind() == tv1::WatchResponse::KIND_SNAPSHOT_COMPLETE) break;
    }
    EXPECT_GT(messages, 1);
    ctx->TryCancel();
    stream->Finish();
    return all;
  }

  std::string sasl_bootstrap_;
  std::string secrets_dir_;
  std::string secret_file_;
  std::string password_;
};

TEST_F(KafkaSecretsTest, SaslClusterCarriesEventsWhileItsPasswordIsOnlyAReference) {
  // Every log line of the scenario, debug included, from topology, gateway and librdkafka alike.
  log::Init("kafka-secrets-test", log::Level::kDebug);
  ::testing::internal::CaptureStderr();

  PlaceSecuredBehindSasl();
  StartGateway();
  gv1::PublishResponse out;
  grpc::Status s = Publish(SecuredEvent("secured-1"), &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(out.result().zones_size(), 1);
  EXPECT_EQ(out.result().zones(0).cluster(), "sasl-1");

  std::vector<ConsumedMessage> read = ReadSecuredThroughSasl(1);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].headers.at("causeway-event-id"), "secured-1");

  // The listener really authenticates: a wrong password reads nothing.
  ASSERT_EQ(setenv("CAUSEWAY_TEST_WRONG_PASSWORD", "not-the-password", 1), 0);
  std::map<std::string, std::string> wrong = SaslProperties();
  wrong["sasl.password"] = "${env:CAUSEWAY_TEST_WRONG_PASSWORD}";
  EXPECT_TRUE(ConsumeAll(kafka::ClusterConnection{sasl_bootstrap_, wrong}, Topic("Secured"), 1,
                         absl::Seconds(2), absl::Seconds(5))
                  .empty());
  unsetenv("CAUSEWAY_TEST_WRONG_PASSWORD");

  const std::string answers = EveryTopologyAnswer();
  EXPECT_THAT(answers, HasSubstr(secret_file_));  // the reference is what is stored and served
  EXPECT_THAT(answers, Not(HasSubstr(password_)));

  std::string snapshot;
  for (int i = 0; i < 50 && snapshot.find("sasl-1") == std::string::npos; ++i) {
    snapshot = ReadFile(SnapshotPath());
    if (snapshot.find("sasl-1") == std::string::npos) usleep(100 * 1000);
  }
  EXPECT_THAT(snapshot, HasSubstr(secret_file_)) << "the gateway's snapshot lacks the cluster";
  EXPECT_THAT(snapshot, Not(HasSubstr(password_)));

  gateway_.reset();  // its producers' shutdown logs too
  const std::string logs = ::testing::internal::GetCapturedStderr();
  log::Init("causeway", log::Level::kInfo);
  EXPECT_THAT(logs, HasSubstr("sasl-1")) << "the scenario logged nothing: is stderr captured?";
  EXPECT_THAT(logs, Not(HasSubstr(password_)));
}

TEST_F(KafkaSecretsTest, UnresolvableReferenceFailsPublishesNamingClusterAndKey) {
  // The gateway's own mounted Secret lacks the key (topology's had it when placing).
  GatewayOptions options;
  options.sink.refusal_retry = absl::Milliseconds(200);
  const std::string original = StartGatewayWithItsOwnSecret(
      "# rotated, sasl.password forgotten\nsasl.username=causeway\n", options);
  gv1::PublishResponse out;
  grpc::Status s = Publish(SecuredEvent("refused-1"), &out, 10000);
  const std::string logs = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("cluster \"sasl-1\""));
  EXPECT_THAT(s.error_message(), HasSubstr("\"sasl.password\""));
  EXPECT_THAT(s.error_message(), HasSubstr(secret_file_));
  // One log line names the cluster and the key, never the value.
  EXPECT_TRUE(HasLogLine(logs, {"sasl-1", "sasl.password"})) << logs;
  EXPECT_THAT(logs, Not(HasSubstr(password_)));
  EXPECT_THAT(s.error_message(), Not(HasSubstr(password_)));

  // Once the Secret is whole again, the next publishes go through without a restart.
  std::ofstream(secret_file_) << original;
  grpc::Status again;
  for (int i = 0; i < 50; ++i) {
    again = Publish(SecuredEvent("recovered-1"), &out, 10000);
    if (again.ok()) break;
    usleep(100 * 1000);
  }
  EXPECT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(ReadSecuredThroughSasl(1).size(), 1u);
}

TEST_F(KafkaSecretsTest, GatewaysWrongPasswordIsUnavailableForThePublisherAndLoggedWithItsCause) {
  // The gateway's own mounted Secret holds a wrong password (topology's was right when placing).
  GatewayOptions options;
  options.sink.message_timeout = absl::Seconds(2);
  const std::string original =
      StartGatewayWithItsOwnSecret("sasl.password=not-the-password\n", options);
  gv1::PublishResponse out;
  grpc::Status s = Publish(SecuredEvent("wrong-password-1"), &out, 10000);
  gv1::PublishRequest accepted = SecuredEvent("wrong-password-2");
  accepted.set_ack(gv1::ACK_ACCEPTED);
  grpc::Status queued = Publish(accepted, &out, 10000);
  const double lost = gateway_->WaitForMetric(
      R"(causeway_gateway_accepted_lost_total{cluster="sasl-1",reason="message_timeout"})", 1);
  const std::string logs = ::testing::internal::GetCapturedStderr();
  std::ofstream(secret_file_) << original;

  // Not the publisher's credentials at fault: never UNAUTHENTICATED or PERMISSION_DENIED.
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("gateway's side")) << s.error_message();
  EXPECT_TRUE(queued.ok()) << queued.error_message();
  EXPECT_EQ(lost, 1);
  // The gateway's log says why, naming the cluster; librdkafka's own lines are there too.
  EXPECT_TRUE(HasLogLine(logs, {"\"cluster\":\"sasl-1\"", "SASL authentication error",
                                 "\"source\":\"librdkafka\""}))
      << logs;
  EXPECT_THAT(logs, Not(HasSubstr(password_)));
}

TEST_F(KafkaSecretsTest, UnresolvableReferenceFailsPlacementNamingKey) {
  CreateZone("secure");
  std::map<std::string, std::string> properties = SaslProperties();
  properties["sasl.password"] = "${file:" + secrets_dir_ + "/absent.properties:sasl.password}";
  tv1::Cluster cluster;
  grpc::Status created = CreateCluster("secure", "sasl-1", properties, &cluster);
  ASSERT_TRUE(created.ok()) << created.error_message();
  CreateEventType("Secured");
  tv1::PlaceEventTypeRequest req;
  req.set_namespace_(ns_);
  req.set_event_type("Secured");
  req.set_zone("secure");
  tv1::Placement placement;
  grpc::Status s = topo_->PlaceEventType(Context().get(), req, &placement);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("\"sasl.password\""));
  EXPECT_THAT(s.error_message(), HasSubstr("absent.properties"));
}

TEST_F(KafkaSecretsTest, LiteralPasswordIsRefusedWithoutEchoingIt) {
  CreateZone("secure");
  ::testing::internal::CaptureStderr();
  std::map<std::string, std::string> literal = SaslProperties();
  literal["sasl.password"] = password_;
  tv1::Cluster cluster;
  grpc::Status s = CreateCluster("secure", "sasl-1", literal, &cluster);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("client_properties[\"sasl.password\"]"));
  EXPECT_THAT(s.error_message(), Not(HasSubstr(password_)));

  // Nor through an update of a good cluster.
  ASSERT_TRUE(CreateCluster("secure", "sasl-2", SaslProperties(), &cluster).ok());
  tv1::UpdateClusterRequest update;
  *update.mutable_cluster() = cluster;
  (*update.mutable_cluster()->mutable_client_properties())["sasl.password"] = password_;
  grpc::Status updated = topo_->UpdateCluster(Context().get(), update, &cluster);
  EXPECT_EQ(updated.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << updated.error_message();
  EXPECT_THAT(updated.error_message(), HasSubstr("client_properties[\"sasl.password\"]"));
  EXPECT_THAT(updated.error_message(), Not(HasSubstr(password_)));
  const std::string logs = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(logs, Not(HasSubstr(password_)));
}

TEST_F(KafkaSecretsTest, DeliveryAndCodeLoadingPropertiesAreRefusedNamingTheKey) {
  CreateZone("secure");
  for (const auto& [key, value] : std::map<std::string, std::string>{
           {"acks", "0"}, {"plugin.library.paths", "/tmp/not-a-plugin.so"}}) {
    std::map<std::string, std::string> properties = SaslProperties();
    properties[key] = value;
    tv1::Cluster cluster;
    grpc::Status s = CreateCluster("secure", "sasl-1", properties, &cluster);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << key << ": " << s.error_message();
    EXPECT_THAT(s.error_message(), HasSubstr("client_properties[\"" + key + "\"]"));
  }
}

}  // namespace
}  // namespace causeway::testing
