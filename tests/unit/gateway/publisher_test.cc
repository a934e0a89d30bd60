// The publish path, producer authentication and authorization, and PublishStream's flow control,
// with a fake EventSink and a routing state built in memory: no servers.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <mutex>

#include "common/core/bearer_token.h"
#include "gateway/server/core_codec.h"
#include "gateway/server/gateway_service.h"
#include "gateway/server/publisher.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/server_builder.h"

namespace causeway::gateway {
namespace {

namespace tv1 = ::causeway::topology::v1;

// Holds every event until the test releases it.
class HeldSink : public EventSink {
 public:
  absl::Status Send(const ClusterTarget& cluster, OutgoingEvent event,
                    DeliveryCallback on_delivery) override {
    std::lock_guard lock(mu_);
    if (refuse_ || cluster.name == refuse_cluster_) return absl::ResourceExhaustedError("queue full");
    sent_.push_back(std::move(event));
    clusters_.push_back(cluster.name);
    held_.push_back(std::move(on_delivery));
    cv_.notify_all();
    return absl::OkStatus();
  }
  void Retain(const std::set<std::string>&) override {}
  int64_t MaxRecordBytes(const ClusterTarget&) const override { return max_record_bytes_; }

  void ReleaseOne(absl::Status status = absl::OkStatus(),
                  DeliveryFailure failure = DeliveryFailure::kNone) {
    DeliveryCallback cb;
    {
      std::lock_guard lock(mu_);
      cb = std::move(held_.front());
      held_.pop_front();
    }
    cb(Delivery{status, 0, next_offset_++, failure});
  }
  bool WaitForSent(size_t n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] { return sent_.size() >= n; });
  }
  size_t sent() {
    std::lock_guard lock(mu_);
    return sent_.size();
  }
  OutgoingEvent event(size_t i) {
    std::lock_guard lock(mu_);
    return sent_[i];
  }
  std::string cluster(size_t i) {
    std::lock_guard lock(mu_);
    return clusters_[i];
  }
  void Refuse() { refuse_ = true; }
  void RefuseCluster(const std::string& cluster) {
    std::lock_guard lock(mu_);
    refuse_cluster_ = cluster;
  }
  void LimitRecordBytes(int64_t bytes) { max_record_bytes_ = bytes; }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<OutgoingEvent> sent_;
  std::vector<std::string> clusters_;
  std::deque<DeliveryCallback> held_;
  int64_t next_offset_ = 0;
  std::atomic<bool> refuse_{false};
  std::string refuse_cluster_;
  std::atomic<int64_t> max_record_bytes_{kDefaultMaxRecordBytes};
};

// Remembers what it is told.
class RecordingObserver : public DeliveryObserver {
 public:
  void AcceptedLost(const AcceptedLoss& loss) override {
    std::lock_guard lock(mu_);
    losses_.push_back(loss);
  }
  void ProducerReplaced(const std::string&, absl::string_view, const std::string&) override {}
  std::vector<AcceptedLoss> losses() {
    std::lock_guard lock(mu_);
    return losses_;
  }

 private:
  std::mutex mu_;
  std::vector<AcceptedLoss> losses_;
};

template <typename T>
tv1::Change Put(const T& entity, topology::EntityKind kind) {
  tv1::Change c;
  c.set_revision(1);
  c.set_op(tv1::Change::OP_PUT);
  topology::SetChangeEntity(kind, entity, &c);
  return c;
}

// mfp/Person placed in zones eu and us, with one available schema.
std::shared_ptr<const RoutingState> State() {
  std::vector<tv1::Change> entities;
  for (const std::string zone : {"eu", "us"}) {
    tv1::Zone z;
    z.set_name(zone);
    entities.push_back(Put(z, topology::EntityKind::kZone));
    tv1::Cluster c;
    c.set_name(zone + "-1");
    c.set_zone(zone);
    c.set_bootstrap_servers(zone + ":9092");
    entities.push_back(Put(c, topology::EntityKind::kCluster));
    tv1::Placement p;
    p.set_namespace_("mfp");
    p.set_event_type("Person");
    p.set_zone(zone);
    p.set_cluster(zone + "-1");
    p.set_topic("mfp.person");
    entities.push_back(Put(p, topology::EntityKind::kPlacement));
  }
  tv1::EventType et;
  et.set_namespace_("mfp");
  et.set_name("Person");
  et.set_topic("mfp.person");
  entities.push_back(Put(et, topology::EntityKind::kEventType));
  tv1::Schema s;
  s.set_namespace_("mfp");
  s.set_event_type("Person");
  s.set_id("0123456789abcdef0123456789abcdef");
  s.set_global_id(258);
  s.set_version(1);
  s.set_status(tv1::SCHEMA_STATUS_AVAILABLE);
  s.set_definition(R"({"type":"record","name":"Person","fields":[
      {"name":"first_name","type":"string"},{"name":"age","type":["null","int"]}]})");
  entities.push_back(Put(s, topology::EntityKind::kSchema));
  // mfp/PersonRenamed: the same shape, its own topic, zone eu only.
  et.set_name("PersonRenamed");
  et.set_topic("mfp.person-renamed");
  entities.push_back(Put(et, topology::EntityKind::kEventType));
  tv1::Placement renamed;
  renamed.set_namespace_("mfp");
  renamed.set_event_type("PersonRenamed");
  renamed.set_zone("eu");
  renamed.set_cluster("eu-1");
  renamed.set_topic("mfp.person-renamed");
  entities.push_back(Put(renamed, topology::EntityKind::kPlacement));
  s.set_event_type("PersonRenamed");
  s.set_id("fedcba9876543210fedcba9876543210");
  s.set_global_id(259);
  entities.push_back(Put(s, topology::EntityKind::kSchema));
  // Principals p and q hold tokens "tok-p" and "tok-q" and the publisher role on mfp; r holds a
  // token but only the viewer role; svc is known by its client certificate's name.
  for (const std::string name : {"p", "q", "r", "svc"}) {
    tv1::Principal principal;
    principal.set_name(name);
    if (name == "svc") {
      principal.add_certificate_names("svc.example.com");
    } else {
      principal.add_tokens()->set_sha256(Sha256Hex("tok-" + name));
    }
    entities.push_back(Put(principal, topology::EntityKind::kPrincipal));
    tv1::RoleBinding binding;
    binding.set_principal(name);
    binding.set_role(name == "r" ? tv1::ROLE_VIEWER : tv1::ROLE_PUBLISHER);
    binding.set_namespace_("mfp");
    entities.push_back(Put(binding, topology::EntityKind::kRoleBinding));
  }
  return RoutingState::Build(topology::TopologyView::FromSnapshot(1, entities), nullptr);
}

class PublisherTest : public ::testing::Test {
 protected:
  PublisherTest()
      : state_(State()),
        dedup_(absl::Minutes(1), 1000),
        publisher_([this] { return state_; }, &codec_, &sink_, &dedup_, AuthMode::kPrincipals,
                   &observer_) {}

  // The credentials of a request's producer_id: its bearer token.
  static Credentials TokenOf(const v1::PublishRequest& r) {
    return auth::CredentialsFromAuthorization("Bearer tok-" + r.producer_id());
  }
  std::string Publish(const v1::PublishRequest& r, PublishDone done) {
    return publisher_.Publish(r, TokenOf(r), std::move(done));
  }

  v1::PublishRequest Request(const std::string& json, const std::string& id = "") {
    v1::PublishRequest r;
    r.set_namespace_("mfp");
    r.set_event_type("Person");
    r.set_json(json);
    r.set_event_id(id);
    r.set_producer_id("p");
    return r;
  }
  v1::PublishResult PublishAndRelease(const v1::PublishRequest& r) {
    return PublishAndRelease(r, TokenOf(r));
  }
  v1::PublishResult PublishAndRelease(const v1::PublishRequest& r, const Credentials& c) {
    v1::PublishResult out;
    bool called = false;
    const size_t before = sink_.sent();
    publisher_.Publish(r, c, [&](const v1::PublishResult& res) {
      out = res;
      called = true;
    });
    for (size_t i = before; i < sink_.sent(); ++i) sink_.ReleaseOne();
    EXPECT_TRUE(called);
    return out;
  }

  std::shared_ptr<const RoutingState> state_;
  HeldSink sink_;
  RecordingObserver observer_;
  CoreCodec codec_;
  Dedup dedup_;
  Publisher publisher_;
};

TEST_F(PublisherTest, WritesToEveryZoneAndAnswersWhenAllAcknowledged) {
  v1::PublishResult r = PublishAndRelease(Request(R"({"first_name":"Paul"})", "e1"));
  EXPECT_EQ(r.code(), 0) << r.message();
  EXPECT_EQ(r.zones_size(), 2);
  ASSERT_EQ(sink_.sent(), 2u);
  const OutgoingEvent e = sink_.event(0);
  EXPECT_EQ(e.topic, "mfp.person");
  EXPECT_EQ(e.value.substr(0, 5), std::string("\0\0\0\x01\x02", 5)) << "magic + id 258";
}

TEST_F(PublisherTest, PersistedWaitsForEveryZone) {
  bool called = false;
  Publish(Request(R"({"first_name":"Paul"})"), [&](auto&) { called = true; });
  sink_.ReleaseOne();
  EXPECT_FALSE(called) << "one zone of two acknowledged";
  sink_.ReleaseOne();
  EXPECT_TRUE(called);
}

TEST_F(PublisherTest, AcceptedAnswersOnceQueued) {
  auto req = Request(R"({"first_name":"Paul"})");
  req.set_ack(v1::ACK_ACCEPTED);
  bool called = false;
  Publish(req, [&](auto& r) { called = r.code() == 0; });
  EXPECT_TRUE(called);
}

constexpr int kInvalidArgument = static_cast<int>(absl::StatusCode::kInvalidArgument);

TEST_F(PublisherTest, EventLargerThanItsClustersAcceptIsInvalidArgumentNamingTheLimit) {
  sink_.LimitRecordBytes(2000);
  // Within the JSON pre-check (4 x 2000), over the limit once encoded with its headers.
  v1::PublishResult r =
      PublishAndRelease(Request(R"({"first_name":")" + std::string(2500, 'x') + R"("})", "big"));
  EXPECT_EQ(r.code(), kInvalidArgument) << r.message();
  EXPECT_TRUE(IsTooLarge(r));
  ASSERT_EQ(r.violations_size(), 1);
  EXPECT_EQ(r.violations(0).path(), "payload");
  EXPECT_NE(r.message().find("2000 bytes"), std::string::npos) << r.message();
  EXPECT_NE(r.message().find("--message-max-bytes"), std::string::npos) << r.message();
  EXPECT_EQ(sink_.sent(), 0u);
  // Just under the limit is written; the refusal was not remembered as the event's outcome.
  r = PublishAndRelease(Request(R"({"first_name":")" + std::string(1500, 'x') + R"("})", "big2"));
  EXPECT_EQ(r.code(), 0) << r.message();
}

TEST_F(PublisherTest, PayloadFarOverTheLimitIsRefusedBeforeItIsParsed) {
  sink_.LimitRecordBytes(2000);
  // Not even JSON: the size decides before the parser would.
  v1::PublishResult json = PublishAndRelease(Request(std::string(4 * 2000 + 1, '[')));
  EXPECT_TRUE(IsTooLarge(json)) << json.message();
  EXPECT_NE(json.message().find("8001 bytes"), std::string::npos) << json.message();
  v1::PublishRequest avro = Request("");
  avro.set_avro(std::string(2001, '\x02'));
  avro.set_schema_id("0123456789abcdef0123456789abcdef");
  v1::PublishResult binary = PublishAndRelease(avro);
  EXPECT_TRUE(IsTooLarge(binary)) << binary.message();
  EXPECT_EQ(sink_.sent(), 0u);
}

TEST_F(PublisherTest, AcceptedEventThatFailsLaterIsReportedAsLost) {
  auto req = Request(R"({"first_name":"Paul"})", "acc-1");
  req.set_ack(v1::ACK_ACCEPTED);
  v1::PublishResult answer;
  Publish(req, [&](const v1::PublishResult& r) { answer = r; });
  EXPECT_EQ(answer.code(), 0);
  sink_.ReleaseOne(absl::UnavailableError("cluster \"eu-1\" did not acknowledge in time"),
                   DeliveryFailure::kTimedOut);
  sink_.ReleaseOne();
  const auto losses = observer_.losses();
  ASSERT_EQ(losses.size(), 1u);
  EXPECT_EQ(losses[0].event_id, "acc-1");
  EXPECT_EQ(losses[0].namespace_, "mfp");
  EXPECT_EQ(losses[0].event_type, "Person");
  EXPECT_EQ(losses[0].zone, "eu");
  EXPECT_EQ(losses[0].cluster, "eu-1");
  EXPECT_EQ(losses[0].failure, DeliveryFailure::kTimedOut);
  EXPECT_EQ(losses[0].error.code(), absl::StatusCode::kUnavailable);
}

TEST_F(PublisherTest, FailuresTheCallerWasToldOfAreNotAcceptedLosses) {
  // PERSISTED: the caller gets the failure itself.
  v1::PublishRequest persisted = Request(R"({"first_name":"Paul"})");
  Publish(persisted, [](const v1::PublishResult&) {});
  sink_.ReleaseOne(absl::UnavailableError("timed out"), DeliveryFailure::kTimedOut);
  sink_.ReleaseOne();
  // ACCEPTED, but one zone refused at once: the answer was that refusal, not ACCEPTED.
  sink_.RefuseCluster("us-1");
  v1::PublishRequest accepted = Request(R"({"first_name":"Paul"})");
  accepted.set_ack(v1::ACK_ACCEPTED);
  v1::PublishResult answer;
  Publish(accepted, [&](const v1::PublishResult& r) { answer = r; });
  EXPECT_EQ(answer.code(), static_cast<int>(absl::StatusCode::kResourceExhausted));
  sink_.ReleaseOne(absl::UnavailableError("timed out"), DeliveryFailure::kTimedOut);
  EXPECT_TRUE(observer_.losses().empty());
}

TEST_F(PublisherTest, DuplicateEventIdIsAnsweredFromTheFirstAttempt) {
  PublishAndRelease(Request(R"({"first_name":"Paul"})", "dup"));
  v1::PublishResult again = PublishAndRelease(Request(R"({"first_name":"Paul"})", "dup"));
  EXPECT_TRUE(again.duplicate());
  EXPECT_EQ(sink_.sent(), 2u) << "written once, to two zones";
  // Another producer's event with the same id is its own event.
  auto other = Request(R"({"first_name":"Paul"})", "dup");
  other.set_producer_id("q");
  EXPECT_FALSE(PublishAndRelease(other).duplicate());
}

constexpr int kAlreadyExists = static_cast<int>(absl::StatusCode::kAlreadyExists);

TEST_F(PublisherTest, DuplicateIsAnsweredWithTheFirstAttemptsZonesAndOffsets) {
  v1::PublishResult first = PublishAndRelease(Request(R"({"first_name":"Paul"})", "dup"));
  v1::PublishResult again = PublishAndRelease(Request(R"({"first_name":"Paul"})", "dup"));
  ASSERT_TRUE(again.duplicate());
  EXPECT_EQ(again.event_id(), "dup");
  EXPECT_EQ(again.schema_id(), first.schema_id());
  EXPECT_EQ(again.global_schema_id(), 258);
  ASSERT_EQ(again.zones_size(), 2);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(again.zones(i).zone(), first.zones(i).zone());
    EXPECT_EQ(again.zones(i).cluster(), first.zones(i).cluster());
    EXPECT_EQ(again.zones(i).partition(), first.zones(i).partition());
    EXPECT_EQ(again.zones(i).offset(), first.zones(i).offset());
  }
}

TEST_F(PublisherTest, EventIdReusedForAnotherPayloadIsAlreadyExistsAndNotWritten) {
  ASSERT_EQ(PublishAndRelease(Request(R"({"first_name":"Paul"})", "order-42")).code(), 0);
  v1::PublishResult reused = PublishAndRelease(Request(R"({"first_name":"Anna"})", "order-42"));
  EXPECT_EQ(reused.code(), kAlreadyExists) << reused.message();
  EXPECT_FALSE(reused.duplicate());
  EXPECT_NE(reused.message().find("\"order-42\""), std::string::npos) << reused.message();
  EXPECT_EQ(sink_.sent(), 2u) << "only the first event, in its two zones";
  auto keyed = Request(R"({"first_name":"Paul"})", "order-42");
  keyed.set_key("another-key");
  EXPECT_EQ(PublishAndRelease(keyed).code(), kAlreadyExists) << "the Kafka key is content too";
  EXPECT_EQ(sink_.sent(), 2u);
}

TEST_F(PublisherTest, EventIdReusedWhileTheFirstIsInFlightIsAlreadyExists) {
  bool first_done = false;
  Publish(Request(R"({"first_name":"Paul"})", "order-42"), [&](auto&) { first_done = true; });
  v1::PublishResult reused;
  Publish(Request(R"({"first_name":"Anna"})", "order-42"), [&](auto& r) { reused = r; });
  EXPECT_EQ(reused.code(), kAlreadyExists) << "answered at once, not after the first";
  EXPECT_EQ(sink_.sent(), 2u);
  sink_.ReleaseOne();
  sink_.ReleaseOne();
  EXPECT_TRUE(first_done);
}

TEST_F(PublisherTest, SameEventIdForAnotherEventTypeIsItsOwnEvent) {
  ASSERT_EQ(PublishAndRelease(Request(R"({"first_name":"Paul"})", "order-42")).code(), 0);
  auto renamed = Request(R"({"first_name":"Paula"})", "order-42");
  renamed.set_event_type("PersonRenamed");
  v1::PublishResult r = PublishAndRelease(renamed);
  EXPECT_EQ(r.code(), 0) << r.message();
  EXPECT_FALSE(r.duplicate());
  ASSERT_EQ(sink_.sent(), 3u);
  EXPECT_EQ(sink_.event(2).topic, "mfp.person-renamed");
}

TEST_F(PublisherTest, RetryNamingTheSameSchemaByAnotherIdIsADuplicate) {
  auto by_md5 = Request("", "avro-1");
  by_md5.set_avro(std::string("\x08Paul\x00", 6));
  by_md5.set_schema_id("0123456789abcdef0123456789abcdef");
  ASSERT_EQ(PublishAndRelease(by_md5).code(), 0);
  auto by_global_id = by_md5;
  by_global_id.set_schema_id("258");
  by_global_id.set_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  EXPECT_TRUE(PublishAndRelease(by_global_id).duplicate()) << "schema by id, trace not content";
  EXPECT_EQ(sink_.sent(), 2u);
}

TEST_F(PublisherTest, FailedAttemptIsWrittenAgainOnRetry) {
  bool called = false;
  Publish(Request(R"({"first_name":"Paul"})", "retry"), [&](auto& r) {
    called = true;
    EXPECT_EQ(r.code(), static_cast<int>(absl::StatusCode::kUnavailable));
  });
  sink_.ReleaseOne(absl::UnavailableError("broker down"));
  sink_.ReleaseOne();
  ASSERT_TRUE(called);
  v1::PublishResult again = PublishAndRelease(Request(R"({"first_name":"Paul"})", "retry"));
  EXPECT_FALSE(again.duplicate());
  EXPECT_EQ(again.code(), 0);
}

TEST_F(PublisherTest, RetryAfterAPartialFailureWritesOnlyTheZoneThatFailed) {
  v1::PublishResult partial;
  Publish(Request(R"({"first_name":"Paul"})", "two-zones"), [&](auto& r) { partial = r; });
  ASSERT_EQ(sink_.sent(), 2u);
  const std::string wrote = sink_.cluster(0), failed = sink_.cluster(1);
  sink_.ReleaseOne();
  sink_.ReleaseOne(absl::UnavailableError("broker down"));
  ASSERT_EQ(partial.code(), static_cast<int>(absl::StatusCode::kUnavailable));
  int64_t written_offset = -1;
  for (const auto& z : partial.zones()) {
    if (z.cluster() == wrote) written_offset = z.offset();
  }

  v1::PublishResult retried = PublishAndRelease(Request(R"({"first_name":"Paul"})", "two-zones"));
  EXPECT_EQ(retried.code(), 0) << retried.message();
  EXPECT_FALSE(retried.duplicate());
  ASSERT_EQ(sink_.sent(), 3u) << "one more write, not two";
  EXPECT_EQ(sink_.cluster(2), failed);
  ASSERT_EQ(retried.zones_size(), 2) << "both zones reported";
  for (const auto& z : retried.zones()) {
    EXPECT_EQ(z.code(), 0);
    if (z.cluster() == wrote) {
      EXPECT_EQ(z.offset(), written_offset) << "the first attempt's write";
    }
  }
  // Another payload under the id is still refused: one zone has the first one.
  EXPECT_EQ(PublishAndRelease(Request(R"({"first_name":"Anna"})", "two-zones")).code(),
            kAlreadyExists);
  EXPECT_TRUE(PublishAndRelease(Request(R"({"first_name":"Paul"})", "two-zones")).duplicate());
  EXPECT_EQ(sink_.sent(), 3u);
}

TEST_F(PublisherTest, RefusalsNeverReachTheSink) {
  EXPECT_EQ(PublishAndRelease(Request(R"({"first_name":3})")).code(),
            static_cast<int>(absl::StatusCode::kInvalidArgument));
  auto unknown = Request(R"({"first_name":"x"})");
  unknown.set_event_type("Nope");
  EXPECT_EQ(PublishAndRelease(unknown).code(), static_cast<int>(absl::StatusCode::kNotFound));
  auto avro_without_id = Request("");
  avro_without_id.set_avro("\x02x");
  EXPECT_EQ(PublishAndRelease(avro_without_id).code(),
            static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(sink_.sent(), 0u);
}

TEST_F(PublisherTest, RefusalTextIsBoundedAndTheViolationsAreAllListed) {
  // 150 unknown fields named by 200-character keys: 100 violations of over 200 bytes each.
  std::string json = R"({"first_name":"x")";
  for (int i = 0; i < 150; ++i) json += ",\"" + std::string(200, 'k') + std::to_string(i) + "\":1";
  json += "}";
  v1::PublishResult r = PublishAndRelease(Request(json));
  EXPECT_EQ(r.code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(r.violations_size(), 101);
  // It travels as a unary call's grpc-message header, which the peer bounds (8 KiB by default).
  EXPECT_LE(r.message().size(), 2100u);
  EXPECT_THAT(r.message(), ::testing::EndsWith(" more"));
}

TEST_F(PublisherTest, AvroBinaryIsCheckedAgainstTheNamedSchema) {
  v1::PublishRequest req = Request("");
  req.set_avro(std::string("\x08Paul\x00", 6));  // first_name "Paul", age: union branch 0 (null)
  req.set_schema_id("258");                          // by global id
  v1::PublishResult ok = PublishAndRelease(req);
  EXPECT_EQ(ok.code(), 0) << ok.message();
  EXPECT_EQ(sink_.event(0).value.substr(5), std::string("\x08Paul\x00", 6));

  req.set_avro("\x08Pa");  // truncated string
  req.set_schema_id("0123456789abcdef0123456789abcdef");  // by MD5 id
  v1::PublishResult bad = PublishAndRelease(req);
  EXPECT_EQ(bad.code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  ASSERT_EQ(bad.violations_size(), 1);
  EXPECT_EQ(bad.violations(0).path(), "$.first_name");

  req.set_schema_id("999");
  EXPECT_EQ(PublishAndRelease(req).code(), static_cast<int>(absl::StatusCode::kNotFound));
}

TEST_F(PublisherTest, FullQueueIsResourceExhausted) {
  sink_.Refuse();
  EXPECT_EQ(PublishAndRelease(Request(R"({"first_name":"Paul"})")).code(),
            static_cast<int>(absl::StatusCode::kResourceExhausted));
}

TEST_F(PublisherTest, NoTopologyYetIsUnavailable) {
  Publisher none([] { return std::shared_ptr<const RoutingState>(); }, &codec_, &sink_, &dedup_,
                 AuthMode::kPrincipals);
  v1::PublishResult r;
  const auto req = Request(R"({"first_name":"Paul"})");
  none.Publish(req, TokenOf(req), [&](auto& res) { r = res; });
  EXPECT_EQ(r.code(), static_cast<int>(absl::StatusCode::kUnavailable));
}

constexpr int kUnauthenticated = static_cast<int>(absl::StatusCode::kUnauthenticated);
constexpr int kPermissionDenied = static_cast<int>(absl::StatusCode::kPermissionDenied);

TEST_F(PublisherTest, UnknownOrMissingCredentialsAreUnauthenticatedAndNothingIsWritten) {
  const auto req = Request(R"({"first_name":"Paul"})");
  EXPECT_EQ(PublishAndRelease(req, auth::CredentialsFromAuthorization("Bearer tok-nobody")).code(),
            kUnauthenticated);
  EXPECT_EQ(PublishAndRelease(req, Credentials{}).code(), kUnauthenticated);
  EXPECT_EQ(PublishAndRelease(req, auth::CredentialsFromAuthorization("Basic cDpw")).code(),
            kUnauthenticated);
  Credentials unknown_certificate;
  unknown_certificate.certificate_names = {"stranger.example.com"};
  EXPECT_EQ(PublishAndRelease(req, unknown_certificate).code(), kUnauthenticated);
  EXPECT_EQ(sink_.sent(), 0u);
}

TEST_F(PublisherTest, PrincipalWithoutPublisherRoleIsPermissionDeniedAndNothingIsWritten) {
  auto req = Request(R"({"first_name":"Paul"})");
  req.set_producer_id("r");
  v1::PublishResult r = PublishAndRelease(req);
  EXPECT_EQ(r.code(), kPermissionDenied);
  EXPECT_NE(r.message().find("needs role publisher of namespace \"mfp\""), std::string::npos)
      << r.message();
  EXPECT_EQ(sink_.sent(), 0u);
}

TEST_F(PublisherTest, ProducerIdMustBeTheAuthenticatedProducer) {
  auto req = Request(R"({"first_name":"Paul"})");
  EXPECT_EQ(PublishAndRelease(req, auth::CredentialsFromAuthorization("Bearer tok-q")).code(),
            kPermissionDenied);
  req.clear_producer_id();  // omitted: the authenticated producer is used
  EXPECT_EQ(PublishAndRelease(req, auth::CredentialsFromAuthorization("Bearer tok-q")).code(), 0);
  ASSERT_EQ(sink_.sent(), 2u);
  bool tagged = false;
  for (const auto& [name, value] : sink_.event(0).headers) {
    tagged |= name == kHeaderProducerId && value == "q";
  }
  EXPECT_TRUE(tagged) << "the producer header names the authenticated producer";
}

TEST_F(PublisherTest, ClientCertificateNameIdentifiesItsProducer) {
  auto req = Request(R"({"first_name":"Paul"})");
  req.clear_producer_id();
  Credentials c;
  c.certificate_names = {"other-san.example.com", "svc.example.com"};
  EXPECT_EQ(PublishAndRelease(req, c).code(), 0);
  // A token of another producer on the same call is a contradiction, not a choice.
  Credentials both = auth::CredentialsFromAuthorization("Bearer tok-p");
  both.certificate_names = c.certificate_names;
  EXPECT_EQ(PublishAndRelease(req, both).code(), kUnauthenticated);
}

TEST_F(PublisherTest, RevokedPublisherRoleTakesEffectWithTheNextState) {
  const auto req = Request(R"({"first_name":"Paul"})");
  EXPECT_EQ(PublishAndRelease(req).code(), 0);
  tv1::Change revoke;
  revoke.set_revision(2);
  revoke.set_op(tv1::Change::OP_DELETE);
  tv1::RoleBinding binding;
  binding.set_principal("p");
  binding.set_role(tv1::ROLE_PUBLISHER);
  binding.set_namespace_("mfp");
  topology::SetChangeEntity(topology::EntityKind::kRoleBinding, binding, &revoke);
  state_ = RoutingState::Build(state_->view().Apply({revoke}), state_.get());
  EXPECT_EQ(PublishAndRelease(req).code(), kPermissionDenied);
}

TEST_F(PublisherTest, DevelopmentModeTakesProducerIdAtItsWord) {
  Publisher open([this] { return state_; }, &codec_, &sink_, &dedup_, AuthMode::kDevelopment);
  auto req = Request(R"({"first_name":"Paul"})");
  req.set_producer_id("anyone");
  v1::PublishResult r;
  open.Publish(req, Credentials{}, [&](auto& res) { r = res; });
  sink_.ReleaseOne();
  sink_.ReleaseOne();
  EXPECT_EQ(r.code(), 0) << r.message();
}

TEST_F(PublisherTest, StreamStopsReadingAtTheInFlightLimit) {
  GatewayService service(&publisher_, GatewayServiceOptions{3});
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  auto stub = v1::Gateway::NewStub(
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer tok-p");
  auto stream = stub->PublishStream(&ctx);
  constexpr int kEvents = 10;
  std::thread writer([&] {
    for (int i = 0; i < kEvents; ++i) stream->Write(Request(R"({"first_name":"a"})"));
    stream->WritesDone();
  });
  // Each event goes to two zones: 3 in flight = 6 held sends, and no more.
  ASSERT_TRUE(sink_.WaitForSent(6));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(sink_.sent(), 6u) << "the gateway must not read past its window";
  // Completing one event opens the window by one.
  sink_.ReleaseOne();
  sink_.ReleaseOne();
  ASSERT_TRUE(sink_.WaitForSent(8));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(sink_.sent(), 8u);
  // Release everything as it comes.
  std::thread releaser([&] {
    for (int released = 2; released < 2 * kEvents; ++released) {
      sink_.WaitForSent(static_cast<size_t>(released + 1));
      sink_.ReleaseOne();
    }
  });
  int results = 0;
  v1::PublishResult r;
  while (stream->Read(&r)) {
    EXPECT_EQ(r.code(), 0) << r.message();
    ++results;
  }
  writer.join();
  releaser.join();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(results, kEvents);
  server->Shutdown();
}

}  // namespace
}  // namespace causeway::gateway
