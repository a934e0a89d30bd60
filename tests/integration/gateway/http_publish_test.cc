// The gateway's HTTP door with a real HTTP client (libcurl), against real PostgreSQL, topology and
// broker: every status the door maps, the batch form, and HTTPS with client certificates.
#include "gateway_fixture.h"
#include "support/http_client.h"
#include "support/test_certificates.h"

namespace causeway::testing {
namespace {

constexpr char kPaul[] = R"({"first_name":"Paul","last_name":"Smith"})";

class HttpPublishTest : public GatewayTest {
 protected:
  void StartEnforcing(GatewayOptions options = {}) {
    options.auth = gateway::AuthMode::kPrincipals;
    StartGateway(options);
    token_ = CreatePrincipal("web");
    GrantPublisher("web");
    CatchUp(*gateway_);
  }
  std::string Url(const std::string& path) const {
    return absl::StrCat("http://127.0.0.1:", gateway_->http_port(), path);
  }
  std::string EventUrl(const std::string& event_type, const std::string& query = "") const {
    return Url(absl::StrCat("/v1/events/", ns_, "/", event_type, query));
  }
  HttpReply Post(const std::string& url, const std::string& body,
                 std::vector<std::string> headers = {}) {
    headers.push_back("Authorization: Bearer " + token_);
    return HttpPost(url, body, headers);
  }
  std::string token_;
};

TEST_F(HttpPublishTest, PersistedIs201AndAcceptedIs202) {
  StartEnforcing();
  // No Content-Type: curl -d sends form encoding; the door reads it as JSON, as on the seed slide.
  HttpReply persisted = Post(EventUrl("Person"), kPaul, {"Causeway-Event-Id: http-1"});
  EXPECT_EQ(persisted.status, 201) << persisted.body << persisted.error;
  EXPECT_NE(persisted.body.find(R"("event_id":"http-1")"), std::string::npos) << persisted.body;
  EXPECT_NE(persisted.body.find(R"("zones":[)"), std::string::npos) << persisted.body;

  HttpReply accepted = Post(EventUrl("Person", "?ack=accepted"), kPaul,
                            {"Content-Type: application/json", "Causeway-Key: user-7"});
  EXPECT_EQ(accepted.status, 202) << accepted.body;

  auto messages = ConsumeAll(KafkaBootstrap(), Topic("Person"), 2);
  ASSERT_EQ(messages.size(), 2u);
  bool keyed = false;
  for (auto& m : messages) {
    EXPECT_EQ(m.headers["causeway-producer-id"], "web");
    keyed |= m.key == "user-7";
  }
  EXPECT_TRUE(keyed);
}

// curl -d @event.json sends application/x-www-form-urlencoded: a body over cpp-httplib's 8 KiB
// form cap was answered 413 with an empty body. Any body up to the maximum is the event.
TEST_F(HttpPublishTest, NineKibEventWithCurlsFormContentTypeIs201) {
  StartEnforcing();
  const std::string name(9 << 10, 'p');
  HttpReply persisted =
      Post(EventUrl("Person"), absl::StrCat(R"({"first_name":")", name, R"(","last_name":"S"})"),
           {"Content-Type: application/x-www-form-urlencoded"});
  EXPECT_EQ(persisted.status, 201) << persisted.body << persisted.error;
  auto messages = ConsumeAll(KafkaBootstrap(), Topic("Person"), 1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_NE(messages[0].value.find(name), std::string::npos);
}

TEST_F(HttpPublishTest, EveryRefusalHasItsStatusAndWritesNothing) {
  StartEnforcing();
  HttpReply invalid = Post(EventUrl("Person"), R"({"first_name":12})");
  EXPECT_EQ(invalid.status, 400);
  EXPECT_NE(invalid.body.find(R"("path":"$.first_name")"), std::string::npos) << invalid.body;
  EXPECT_NE(invalid.body.find(R"("path":"$.last_name")"), std::string::npos) << invalid.body;

  HttpReply anonymous = HttpPost(EventUrl("Person"), kPaul);
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_NE(anonymous.headers.find("WWW-Authenticate: Bearer"), std::string::npos);

  CreatePrincipal("outsider");  // a token, but no grant
  const std::string outsider = IssueToken("outsider");
  CatchUp(*gateway_);
  EXPECT_EQ(HttpPost(EventUrl("Person"), kPaul, {"Authorization: Bearer " + outsider}).status, 403);

  EXPECT_EQ(Post(EventUrl("Nobody"), kPaul).status, 404);

  CreateEventType("Unschemed");  // placed, but no available schema
  Place("Unschemed", "eu");
  CatchUp(*gateway_);
  EXPECT_EQ(Post(EventUrl("Unschemed"), kPaul).status, 409);

  HttpReply bad_ack = Post(EventUrl("Person", "?ack=maybe"), kPaul);
  EXPECT_EQ(bad_ack.status, 400);
  EXPECT_NE(bad_ack.body.find("ack: expected accepted or persisted"), std::string::npos);

  EXPECT_TRUE(ConsumeAll(KafkaBootstrap(), Topic("Person"), 1, absl::Seconds(3)).empty());
}

TEST_F(HttpPublishTest, UnacknowledgedIs503AndFullQueueIs429) {
  GatewayOptions options;
  options.sink.queue_max_messages = 1;
  StartEnforcing(options);
  // The cluster becomes unreachable: events stay in the gateway's queue.
  tv1::GetClusterRequest get;
  get.set_name("eu-1");
  tv1::Cluster cluster;
  ASSERT_TRUE(topo_->GetCluster(Context().get(), get, &cluster).ok());
  cluster.set_bootstrap_servers("127.0.0.1:1");
  tv1::UpdateClusterRequest update;
  *update.mutable_cluster() = cluster;
  ASSERT_TRUE(topo_->UpdateCluster(Context().get(), update, &cluster).ok());
  CatchUp(*gateway_);

  HttpReply late = Post(EventUrl("Person", "?timeout_ms=500"), kPaul);
  EXPECT_EQ(late.status, 503) << late.body;
  EXPECT_NE(late.headers.find("Retry-After"), std::string::npos);
  HttpReply full = Post(EventUrl("Person", "?ack=accepted"), kPaul);
  EXPECT_EQ(full.status, 429) << full.body;
}

TEST_F(HttpPublishTest, BatchAnswersPerEventAnd207WhenTheyDiffer) {
  StartEnforcing();
  const std::string both = absl::StrCat(
      R"({"events":[{"namespace":")", ns_, R"(","event_type":"Person","event_id":"b-1","payload":)",
      kPaul, R"(},{"namespace":")", ns_,
      R"(","event_type":"Person","payload":{"first_name":"Ann"}}]})");
  HttpReply mixed = Post(Url("/v1/events:batch"), both);
  EXPECT_EQ(mixed.status, 207) << mixed.body;
  EXPECT_NE(mixed.body.find(R"({"status":201,"result":{"event_id":"b-1")"), std::string::npos)
      << mixed.body;
  EXPECT_NE(mixed.body.find(R"("status":400)"), std::string::npos) << mixed.body;

  const std::string good = absl::StrCat(R"({"events":[{"namespace":")", ns_,
                                        R"(","event_type":"Person","payload":)", kPaul, "}]}");
  EXPECT_EQ(Post(Url("/v1/events:batch"), good).status, 201);

  HttpReply malformed = Post(Url("/v1/events:batch"), R"({"events":[{"namespace":12}]})");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_NE(malformed.body.find("$.events[0].namespace: expected string, got 12"),
            std::string::npos)
      << malformed.body;
  EXPECT_EQ(ConsumeAll(KafkaBootstrap(), Topic("Person"), 3, absl::Seconds(3)).size(), 2u);
}

TEST_F(HttpPublishTest, HttpsIdentifiesProducersByClientCertificate) {
  TestCertificates pki;
  GatewayOptions options;
  options.tls = {pki.server().cert, pki.server().key, pki.ca()};
  StartEnforcing(options);
  CreatePrincipal("svc", {"spiffe://example.com/svc"});
  GrantPublisher("svc");
  CatchUp(*gateway_);
  const CertificatePair client = pki.Client("svc", {"URI:spiffe://example.com/svc"});
  HttpTls tls{pki.ca(), client.cert, client.key};
  const std::string url =
      absl::StrCat("https://localhost:", gateway_->http_port(), "/v1/events/", ns_, "/Person");
  HttpReply by_certificate = HttpPost(url, kPaul, {}, &tls);
  EXPECT_EQ(by_certificate.status, 201) << by_certificate.body << by_certificate.error;

  HttpTls no_certificate{pki.ca()};
  EXPECT_EQ(HttpPost(url, kPaul, {}, &no_certificate).status, 401);
  // Signed by another CA with a claimed principal's name: the handshake asks for a certificate
  // but does not check it; the server does, so this one names nobody.
  CreatePrincipal("forged", {"forged.example.com"});
  GrantPublisher("forged");
  CatchUp(*gateway_);
  const CertificatePair forged = pki.Stranger("forged.example.com");
  HttpTls stranger{pki.ca(), forged.cert, forged.key};
  HttpReply by_stranger = HttpPost(url, kPaul, {}, &stranger);
  EXPECT_EQ(by_stranger.status, 401) << by_stranger.body << by_stranger.error;
  EXPECT_EQ(HttpPost(url, kPaul, {"Authorization: Bearer " + token_}, &no_certificate).status, 201);
}

}  // namespace
}  // namespace causeway::testing
