// Relay.Consume on the real broker: ack / nack / reject / extend, redelivery after an ack
// deadline and after a stream closes, per-key order across 4 streams (more streams than the
// topic's 3 partitions), the error codes, and a causeway-relay process SIGKILLed mid-stream.
#include <signal.h>

#include <condition_variable>
#include <deque>
#include <fstream>
#include <iostream>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "grpcpp/create_channel.h"
#include "relay_fixture.h"
#include "support/kafka_consumer.h"
#include "support/subprocess.h"

namespace causeway::testing {
namespace {

// One Consume stream driven by a test: a reader thread queues what the server sends.
class TestStream {
 public:
  TestStream(rv1::Relay::Stub& stub, rv1::ConsumeInit init) {
    ctx_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    stream_ = stub.Consume(&ctx_);
    rv1::ConsumeRequest r;
    *r.mutable_init() = std::move(init);
    stream_->Write(r);
    reader_ = std::thread([this] {
      rv1::ConsumeResponse m;
      while (stream_->Read(&m)) {
        std::lock_guard lock(mu_);
        if (m.has_started()) started_ = m.started();
        if (m.has_heartbeat()) ++heartbeats_;
        if (m.has_events()) {
          for (auto& e : *m.mutable_events()->mutable_events()) events_.push_back(std::move(e));
        }
        cv_.notify_all();
      }
      std::lock_guard lock(mu_);
      ended_ = true;
      cv_.notify_all();
    });
  }
  ~TestStream() { Close(); }

  // The stream's final status (closing our side first).
  grpc::Status Close() {
    std::call_once(closed_, [this] {
      stream_->WritesDone();
      if (reader_.joinable()) reader_.join();
      status_ = stream_->Finish();
    });
    return status_;
  }
  // Waits for the server to end the stream; its status.
  grpc::Status WaitEnd(absl::Duration limit = absl::Seconds(10)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, absl::ToChronoMilliseconds(limit), [this] { return ended_; });
    lock.unlock();
    return Close();
  }
  void Cancel() { ctx_.TryCancel(); }

  // Waits until `n` events are queued; takes them.
  std::vector<rv1::ConsumedEvent> Take(size_t n, absl::Duration limit = absl::Seconds(20)) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, absl::ToChronoMilliseconds(limit),
                 [&] { return events_.size() >= n || ended_; });
    std::vector<rv1::ConsumedEvent> out;
    while (!events_.empty() && out.size() < n) {
      out.push_back(std::move(events_.front()));
      events_.pop_front();
    }
    return out;
  }
  // Whatever arrives within `wait`.
  std::vector<rv1::ConsumedEvent> TakeFor(absl::Duration wait) {
    absl::SleepFor(wait);
    std::lock_guard lock(mu_);
    std::vector<rv1::ConsumedEvent> out(events_.begin(), events_.end());
    events_.clear();
    return out;
  }
  bool WaitStarted(absl::Duration limit = absl::Seconds(10)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, absl::ToChronoMilliseconds(limit),
                        [&] { return started_.has_value() || ended_; }) &&
           started_.has_value();
  }
  int heartbeats() {
    std::lock_guard lock(mu_);
    return heartbeats_;
  }

  bool Ack(const std::vector<std::string>& ids) {
    if (ids.empty()) return true;
    rv1::ConsumeRequest r;
    for (const auto& id : ids) r.mutable_ack()->add_ack_ids(id);
    return Write(r);
  }
  bool Nack(const std::string& id, int64_t retry_after_ms = 0) {
    rv1::ConsumeRequest r;
    r.mutable_nack()->set_ack_id(id);
    r.mutable_nack()->set_retry_after_ms(retry_after_ms);
    return Write(r);
  }
  bool Reject(const std::string& id, const std::string& reason) {
    rv1::ConsumeRequest r;
    r.mutable_reject()->set_ack_id(id);
    r.mutable_reject()->set_reason(reason);
    return Write(r);
  }
  bool Extend(const std::vector<std::string>& ids, int seconds) {
    rv1::ConsumeRequest r;
    for (const auto& id : ids) r.mutable_extend()->add_ack_ids(id);
    r.mutable_extend()->set_seconds(seconds);
    return Write(r);
  }
  bool Write(const rv1::ConsumeRequest& r) {
    std::lock_guard lock(write_mu_);
    return stream_->Write(r);
  }

 private:
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReaderWriter<rv1::ConsumeRequest, rv1::ConsumeResponse>> stream_;
  std::thread reader_;
  std::mutex write_mu_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<rv1::ConsumedEvent> events_;
  std::optional<rv1::ConsumeStarted> started_;
  int heartbeats_ = 0;
  bool ended_ = false;
  std::once_flag closed_;
  grpc::Status status_;
};

std::vector<std::string> AckIds(const std::vector<rv1::ConsumedEvent>& events) {
  std::vector<std::string> out;
  for (const auto& e : events) out.push_back(e.ack_id());
  return out;
}

class RelayConsumeTest : public RelayTest {
 protected:
  // This test's Person events as a PULL subscription (static, earliest).
  tv1::Subscription PullPerson(tv1::DeliveryPolicy policy = FastPolicy()) {
    relay::StaticSubscription s{ns_, "Person", relay::kStaticPull};
    tv1::Subscription sub = relay::ToSubscription(s, tv1::START_POSITION_EARLIEST);
    *sub.mutable_delivery() = policy;
    return sub;
  }

  relay::RelayAppOptions ConsumeOptions(std::vector<tv1::Subscription> statics) {
    relay::RelayAppOptions o = RelayOptions(std::move(statics));
    o.streams.heartbeat = absl::Milliseconds(300);
    o.streams.linger = absl::Milliseconds(500);
    return o;
  }

  rv1::Relay::Stub& Stub(int port = 0) {
    if (port == 0) port = relay_->process().grpc_port();
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", port),
                                   grpc::InsecureChannelCredentials());
    stub_ = rv1::Relay::NewStub(channel_);
    return *stub_;
  }

  rv1::ConsumeInit Init(const std::string& subscription, int ack_deadline_s = 30) {
    rv1::ConsumeInit init;
    init.set_subscription(subscription);
    init.set_client_id("test");
    init.set_ack_deadline_seconds(ack_deadline_s);
    init.set_batch_flush_ms(10);
    return init;
  }

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<rv1::Relay::Stub> stub_;
};

TEST_F(RelayConsumeTest, AckNackRejectAndExtend) {
  tv1::Subscription sub = PullPerson();
  StartRelay(ConsumeOptions({sub}));
  auto& stub = Stub();
  TestStream s(stub, Init(sub.name(), /*ack_deadline_s=*/2));
  ASSERT_TRUE(s.WaitStarted());
  // The replica joins the group only now that a stream is open.
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  const std::vector<std::string> ids = PublishPeople(10, /*keys=*/10);
  std::vector<rv1::ConsumedEvent> got = s.Take(10);
  ASSERT_EQ(got.size(), 10u);
  std::set<std::string> ack_ids;
  for (const auto& e : got) {
    EXPECT_TRUE(std::find(ids.begin(), ids.end(), e.event_id()) != ids.end()) << e.event_id();
    EXPECT_EQ(e.namespace_(), ns_);
    EXPECT_EQ(e.event_type(), "Person");
    EXPECT_EQ(e.attempt(), 1);
    EXPECT_EQ(e.content_type(), "application/json");
    EXPECT_EQ(e.schema_id(), person_.global_id());
    EXPECT_EQ(e.cluster(), "eu-1");
    EXPECT_EQ(e.headers().at("causeway-event-id"), e.event_id());
    EXPECT_TRUE(absl::StartsWith(e.payload(), R"({"first_name":"p)")) << e.payload();
    EXPECT_TRUE(absl::StartsWith(e.key(), "key-"));
    EXPECT_GT(e.publish_time().seconds(), 0);
    ack_ids.insert(e.ack_id());
  }
  EXPECT_EQ(ack_ids.size(), 10u);  // one per delivery
  const rv1::ConsumedEvent nacked = got[7], rejected = got[8], extended = got[9];
  got.resize(7);
  ASSERT_TRUE(s.Ack(AckIds(got)));
  ASSERT_TRUE(s.Ack(AckIds(got)));  // repeated: no-ops
  ASSERT_TRUE(s.Ack({"made-up", std::string(200, 'x')}));
  ASSERT_TRUE(s.Extend({extended.ack_id()}, 60));
  ASSERT_TRUE(s.Nack(nacked.ack_id()));
  ASSERT_TRUE(s.Reject(rejected.ack_id(), "cannot parse first_name"));

  // The nacked event comes back (the policy's 20 ms backoff) as attempt 2 with a new ack id.
  std::vector<rv1::ConsumedEvent> again = s.Take(1);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].event_id(), nacked.event_id());
  EXPECT_EQ(again[0].attempt(), 2);
  EXPECT_NE(again[0].ack_id(), nacked.ack_id());
  ASSERT_TRUE(s.Ack({again[0].ack_id(), nacked.ack_id()}));  // the old id: a no-op
  // The extended one stays out past its 2 s deadline.
  EXPECT_TRUE(s.TakeFor(absl::Seconds(3)).empty());
  ASSERT_TRUE(s.Ack({extended.ack_id()}));

  // The rejected one is in the dead-letter topic, reason `rejected` and the client's text.
  auto letters = ConsumeAll(KafkaBootstrap(), DeadLetterTopic(sub.name()), 1);
  ASSERT_EQ(letters.size(), 1u);
  EXPECT_EQ(letters[0].headers.at("causeway-dl-reason"), "rejected");
  EXPECT_EQ(letters[0].headers.at("causeway-dl-error"), "cannot parse first_name");
  EXPECT_EQ(letters[0].headers.at("causeway-event-id"), rejected.event_id());

  const absl::Time until = absl::Now() + absl::Seconds(10);
  rv1::SubscriptionStatus st;
  while (absl::Now() < until) {
    st = *relay_->supervisor().Status(sub.name());
    if (st.lag_records() == 0 && st.counters().delivered() >= 9) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(st.counters().delivered(), 9);  // 7 + the nacked one's second attempt + extended
  EXPECT_EQ(st.counters().retried(), 1);
  EXPECT_EQ(st.counters().dead_lettered_by_reason().at("rejected"), 1);
  EXPECT_EQ(st.lag_records(), 0);  // every offset committed
  EXPECT_GE(s.heartbeats(), 1);
  const std::string metrics = relay_->process().metrics().Render();
  EXPECT_EQ(MetricValue(metrics, absl::StrCat("causeway_relay_pull_events_total{outcome=\"acked\","
                                              "subscription=\"", sub.name(), "\"}")),
            9);
  EXPECT_EQ(MetricValue(metrics, absl::StrCat("causeway_relay_pull_streams{subscription=\"",
                                              sub.name(), "\"}")),
            1);
  EXPECT_TRUE(s.Close().ok());
}

TEST_F(RelayConsumeTest, RedeliveredAfterTheDeadlineAndAfterTheStreamCloses) {
  tv1::Subscription sub = PullPerson();
  StartRelay(ConsumeOptions({sub}));
  auto& stub = Stub();
  auto first = std::make_unique<TestStream>(stub, Init(sub.name(), /*ack_deadline_s=*/1));
  ASSERT_TRUE(first->WaitStarted());
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  PublishPeople(6, /*keys=*/6);
  std::vector<rv1::ConsumedEvent> got = first->Take(6);
  ASSERT_EQ(got.size(), 6u);
  // Not acknowledged: after the 1 s deadline each comes again as attempt 2, new ack id.
  const absl::Time sent = absl::Now();
  std::vector<rv1::ConsumedEvent> again = first->Take(6, absl::Seconds(5));
  ASSERT_EQ(again.size(), 6u);
  EXPECT_GE(absl::Now() - sent, absl::Milliseconds(800));
  std::set<std::string> first_ids, again_ids;
  for (const auto& e : got) first_ids.insert(e.event_id());
  for (const auto& e : again) {
    again_ids.insert(e.event_id());
    EXPECT_EQ(e.attempt(), 2);
  }
  EXPECT_EQ(first_ids, again_ids);
  // The first deliveries' ids are dead now: acking them settles nothing.
  ASSERT_TRUE(first->Ack(AckIds(got)));

  // A second stream opens (long deadline), the first closes with its 6 outstanding: they go to
  // the second as attempt 3.
  TestStream second(stub, Init(sub.name(), /*ack_deadline_s=*/60));
  ASSERT_TRUE(second.WaitStarted());
  EXPECT_TRUE(first->Close().ok());
  first.reset();
  std::vector<rv1::ConsumedEvent> moved = second.Take(6);
  ASSERT_EQ(moved.size(), 6u);
  std::set<std::string> moved_ids;
  for (const auto& e : moved) {
    moved_ids.insert(e.event_id());
    EXPECT_GE(e.attempt(), 3);
  }
  EXPECT_EQ(moved_ids, first_ids);
  ASSERT_TRUE(second.Ack(AckIds(moved)));
  const absl::Time until = absl::Now() + absl::Seconds(10);
  rv1::SubscriptionStatus st;
  while (absl::Now() < until) {
    st = *relay_->supervisor().Status(sub.name());
    if (st.counters().delivered() >= 6 && st.lag_records() == 0) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(st.counters().delivered(), 6);
  EXPECT_EQ(st.lag_records(), 0);
  const std::string metrics = relay_->process().metrics().Render();
  EXPECT_EQ(MetricValue(metrics, absl::StrCat("causeway_relay_pull_events_total{outcome="
                                              "\"redelivered_deadline\",subscription=\"",
                                              sub.name(), "\"}")),
            6);
  EXPECT_EQ(MetricValue(metrics, absl::StrCat("causeway_relay_pull_events_total{outcome="
                                              "\"redelivered_stream_closed\",subscription=\"",
                                              sub.name(), "\"}")),
            6);
}

TEST_F(RelayConsumeTest, PerKeyOrderAcrossFourStreams) {
  tv1::Subscription sub = PullPerson();
  StartRelay(ConsumeOptions({sub}));
  auto& stub = Stub();
  constexpr int kStreams = 4, kEvents = 600, kKeys = 40;
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> arrivals;  // (key, event id), receive order
  std::set<std::string> acked;
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<TestStream>> streams;
  for (int i = 0; i < kStreams; ++i) {
    rv1::ConsumeInit init = Init(sub.name());
    init.set_max_outstanding_events(8);
    streams.push_back(std::make_unique<TestStream>(stub, init));
    ASSERT_TRUE(streams.back()->WaitStarted());
  }
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  // Each stream's consumer: nacks about one delivery in ten (redelivered later: at least once),
  // acks the rest.
  std::vector<std::thread> consumers;
  std::vector<int> per_stream(kStreams);
  for (int i = 0; i < kStreams; ++i) {
    consumers.emplace_back([&, i] {
      uint64_t n = 0;
      while (!stop) {
        for (auto& e : streams[i]->Take(1, absl::Milliseconds(100))) {
          {
            std::lock_guard lock(mu);
            arrivals.push_back({e.key(), e.event_id()});
            ++per_stream[i];
          }
          if (++n % 10 == 3) {
            streams[i]->Nack(e.ack_id());
            continue;
          }
          streams[i]->Ack({e.ack_id()});
          std::lock_guard lock(mu);
          acked.insert(e.event_id());
        }
      }
    });
  }
  const absl::Time start = absl::Now();
  const std::vector<std::string> ids = PublishPeople(kEvents, kKeys);
  const absl::Time until = absl::Now() + absl::Seconds(60);
  while (absl::Now() < until) {
    {
      std::lock_guard lock(mu);
      if (acked.size() >= ids.size()) break;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  const absl::Duration took = absl::Now() - start;
  stop = true;
  for (auto& t : consumers) t.join();
  std::lock_guard lock(mu);
  for (const auto& id : ids) EXPECT_TRUE(acked.count(id)) << id << " never acknowledged";
  // Publish order per key (PublishPeople cycles keys: event i has key i % kKeys).
  std::map<std::string, std::vector<std::string>> expected, first_seen;
  for (int i = 0; i < kEvents; ++i) expected[absl::StrCat("key-", i % kKeys)].push_back(ids[i]);
  std::set<std::string> seen;
  for (const auto& [key, id] : arrivals) {
    if (seen.insert(id).second) first_seen[key].push_back(id);
  }
  EXPECT_EQ(first_seen, expected);
  for (int i = 0; i < kStreams; ++i) EXPECT_GT(per_stream[i], 0) << "stream " << i << " got nothing";
  std::cout << kEvents << " events over " << kStreams << " streams (" << arrivals.size()
            << " deliveries) in " << absl::ToDoubleSeconds(took) << " s; per stream:";
  for (int n : per_stream) std::cout << " " << n;
  std::cout << "\n";
}

// A figure, not a benchmark (Debug + sanitizers, shared cores): one stream reading a backlog,
// acking each batch as it arrives.
TEST_F(RelayConsumeTest, OneStreamReadsABacklog) {
  tv1::DeliveryPolicy policy = FastPolicy();
  policy.set_max_in_flight(1000);
  tv1::Subscription sub = PullPerson(policy);
  constexpr int kEvents = 3000;
  const std::vector<std::string> ids = PublishPeople(kEvents, 300);
  StartRelay(ConsumeOptions({sub}));
  auto& stub = Stub();
  rv1::ConsumeInit init = Init(sub.name());
  init.set_max_outstanding_events(1000);
  TestStream s(stub, init);
  ASSERT_TRUE(s.WaitStarted());
  std::set<std::string> got;
  absl::Time first = absl::InfiniteFuture();
  const absl::Time until = absl::Now() + absl::Seconds(60);
  while (got.size() < ids.size() && absl::Now() < until) {
    auto batch = s.Take(100, absl::Milliseconds(200));
    if (!batch.empty() && first == absl::InfiniteFuture()) first = absl::Now();
    for (const auto& e : batch) got.insert(e.event_id());
    s.Ack(AckIds(batch));
  }
  const absl::Duration took = absl::Now() - first;
  EXPECT_EQ(got.size(), ids.size());
  std::cout << "one stream: " << got.size() << " events in " << absl::ToDoubleSeconds(took)
            << " s from the first: " << static_cast<int>(got.size() / absl::ToDoubleSeconds(took))
            << " events/s (Debug build with sanitizers)\n";
}

TEST_F(RelayConsumeTest, ErrorCodes) {
  tv1::Subscription pull = PullPerson();
  tv1::Subscription push = StaticPerson();
  push.set_name("static-push-" + ns_);
  relay::RelayAppOptions o = ConsumeOptions({pull, push});
  o.streams.max_streams_per_subscription = 2;
  StartRelay(std::move(o));
  auto& stub = Stub();
  {
    TestStream s(stub, Init("no-such-subscription"));
    grpc::Status st = s.WaitEnd();
    EXPECT_EQ(st.error_code(), grpc::StatusCode::NOT_FOUND) << st.error_message();
  }
  {
    TestStream s(stub, Init(push.name()));
    grpc::Status st = s.WaitEnd();
    EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
    EXPECT_TRUE(absl::StrContains(st.error_message(), "PUSH")) << st.error_message();
  }
  {
    rv1::ConsumeInit init = Init(pull.name());
    init.set_ack_deadline_seconds(900);
    TestStream s(stub, init);
    grpc::Status st = s.WaitEnd();
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(st.error_message(), "init.ack_deadline_seconds: must be 1..600, got 900");
  }
  {
    // The first message is not init.
    grpc::ClientContext ctx;
    auto stream = stub.Consume(&ctx);
    rv1::ConsumeRequest r;
    r.mutable_ack()->add_ack_ids("x");
    stream->Write(r);
    stream->WritesDone();
    rv1::ConsumeResponse m;
    while (stream->Read(&m)) {
    }
    grpc::Status st = stream->Finish();
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(st.error_message(), "init: required as the first message of the stream");
  }
  {
    TestStream a(stub, Init(pull.name())), b(stub, Init(pull.name()));
    ASSERT_TRUE(a.WaitStarted());
    ASSERT_TRUE(b.WaitStarted());
    TestStream c(stub, Init(pull.name()));
    grpc::Status st = c.WaitEnd();
    EXPECT_EQ(st.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << st.error_message();
    // A bad follow-up ends only that stream.
    ASSERT_TRUE(a.Extend({"x"}, 0));
    st = a.WaitEnd();
    EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(st.error_message(), "extend.seconds: must be 1..600, got 0");
  }
  // Draining ends the open streams with UNAVAILABLE.
  TestStream open(stub, Init(pull.name()));
  ASSERT_TRUE(open.WaitStarted());
  std::thread drain([&] { relay_->Drain(); });
  grpc::Status st = open.WaitEnd();
  drain.join();
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << st.error_message();
}

TEST_F(RelayConsumeTest, TopologyPullSubscriptionNeedsTheConsumerRole) {
  // A PULL subscription created in topology (no endpoint), the relay checking principals.
  tv1::CreateSubscriptionRequest req;
  tv1::Subscription* sub = req.mutable_subscription();
  sub->set_name("pull-feed");
  auto* et = sub->add_event_types();
  et->set_namespace_(ns_);
  et->set_name("Person");
  sub->set_mode(tv1::SUBSCRIPTION_MODE_PULL);
  sub->set_start(tv1::START_POSITION_EARLIEST);
  *sub->mutable_delivery() = FastPolicy();
  tv1::CreateSubscriptionResponse created;
  grpc::Status cs = topo_->CreateSubscription(Context().get(), req, &created);
  ASSERT_TRUE(cs.ok()) << cs.error_message();
  const std::string consumer = MakePrincipal(*topo_, "ns-consumer", tv1::ROLE_CONSUMER, ns_);
  const std::string viewer = MakePrincipal(*topo_, "ns-viewer", tv1::ROLE_VIEWER, ns_);
  relay::RelayAppOptions o = ConsumeOptions({});
  o.supervisor.signing_key = kTestSigningKey;
  o.auth = auth::AuthMode::kPrincipals;
  StartRelay(std::move(o));
  auto& stub = Stub();
  const auto open = [&](const std::string& token) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
    return ctx;
  };
  const auto end_status = [&](const std::string& token, const std::string& name) {
    auto ctx = open(token);
    auto stream = stub.Consume(ctx.get());
    rv1::ConsumeRequest r;
    *r.mutable_init() = Init(name);
    stream->Write(r);
    stream->WritesDone();
    rv1::ConsumeResponse m;
    bool started = false;
    while (stream->Read(&m)) started |= m.has_started();
    grpc::Status st = stream->Finish();
    return std::make_pair(started, st);
  };
  EXPECT_EQ(end_status("", "pull-feed").second.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  auto denied = end_status(viewer, "pull-feed").second;
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED) << denied.error_message();
  // The consumer is started (then half-closes: OK).
  auto ok = end_status(consumer, "pull-feed");
  EXPECT_TRUE(ok.first);
  EXPECT_TRUE(ok.second.ok()) << ok.second.error_message();
  EXPECT_EQ(end_status(consumer, "no-such-feed").second.error_code(),
            grpc::StatusCode::NOT_FOUND);

  // Events flow to the consumer (Person's 3 partitions and the redrive topic's).
  {
    auto ctx = open(consumer);
    auto stream = stub.Consume(ctx.get());
    rv1::ConsumeRequest r;
    *r.mutable_init() = Init("pull-feed");
    ASSERT_TRUE(stream->Write(r));
    const std::vector<std::string> ids = PublishPeople(3, 3);
    std::set<std::string> got;
    rv1::ConsumeResponse m;
    while (got.size() < ids.size() && stream->Read(&m)) {
      rv1::ConsumeRequest ack;
      for (const auto& e : m.events().events()) {
        got.insert(e.event_id());
        ack.mutable_ack()->add_ack_ids(e.ack_id());
      }
      if (ack.has_ack()) stream->Write(ack);
    }
    EXPECT_EQ(got, std::set<std::string>(ids.begin(), ids.end()));
    stream->WritesDone();
    while (stream->Read(&m)) {
    }
    EXPECT_TRUE(stream->Finish().ok());
  }

  // Suspended: FAILED_PRECONDITION once the relay's view has it.
  tv1::SetSubscriptionStateRequest suspend;
  suspend.set_name("pull-feed");
  suspend.set_state(tv1::SUBSCRIPTION_STATE_SUSPENDED);
  suspend.set_reason("maintenance");
  tv1::Subscription suspended;
  ASSERT_TRUE(topo_->SetSubscriptionState(Context().get(), suspend, &suspended).ok());
  ASSERT_TRUE(relay_->follower().WaitForRevision(topology_->hub().revision(), absl::Seconds(20)));
  auto st = end_status(consumer, "pull-feed").second;
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
  EXPECT_TRUE(absl::StrContains(st.error_message(), "maintenance")) << st.error_message();
}

class RelayConsumeKillTest : public RelayConsumeTest {
 protected:
  // The group's committed offset per partition of the Person topic (-1: none), read from the
  // coordinator by a client that does not join the group.
  std::map<int32_t, int64_t> Committed(const std::string& group, int partitions) {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", KafkaBootstrap().c_str(), err, sizeof err);
    rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof err);
    rd_kafka_t* c = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    std::map<int32_t, int64_t> out;
    if (c == nullptr) {
      ADD_FAILURE() << err;
      return out;
    }
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
    for (int p = 0; p < partitions; ++p) {
      rd_kafka_topic_partition_list_add(list, Topic("Person").c_str(), p);
    }
    EXPECT_EQ(rd_kafka_committed(c, list, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    for (int i = 0; i < list->cnt; ++i) out[list->elems[i].partition] = list->elems[i].offset;
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_destroy(c);
    return out;
  }

  std::unique_ptr<BackgroundProcess> StartRelayProcess(const std::string& dir, int* port) {
    auto p = std::make_unique<BackgroundProcess>(
        RelayProcessArgs(CAUSEWAY_RELAY_BIN, dir, absl::StrCat(ns_, "/Person=pull"),
                         {"--commit-interval", "0.3", "--max-in-flight", "20"}));
    EXPECT_TRUE(p->started());
    const std::string line = p->WaitForLine("grpc_port", absl::Seconds(20));
    std::smatch m;
    EXPECT_TRUE(std::regex_search(line, m, std::regex("grpc_port\\D+(\\d+)"))) << p->Output();
    *port = m.empty() ? 0 : std::stoi(m[1].str());
    return p;
  }
};

TEST_F(RelayConsumeKillTest, SigkilledMidStreamLosesNothingAcknowledged) {
  constexpr int kEvents = 600;
  const std::vector<std::string> ids = PublishPeople(kEvents, 30);
  const std::string dir = SnapshotPath().substr(0, SnapshotPath().rfind('/'));
  const std::string name = PullPerson().name();  // what --subscriptions=<ns>/Person=pull names
  std::set<std::string> acked;
  // (partition, offset) acked before the kill.
  std::set<std::pair<int32_t, int64_t>> acked_before;
  int port = 0;
  {
    auto relay = StartRelayProcess(dir, &port);
    ASSERT_GT(port, 0);
    auto& stub = Stub(port);
    rv1::ConsumeInit init = Init(name);
    init.set_max_outstanding_events(20);
    TestStream s(stub, init);
    ASSERT_TRUE(s.WaitStarted()) << relay->Output();
    // Ack about half, slowly enough that the kill comes with events outstanding.
    while (acked.size() < kEvents / 2) {
      auto got = s.Take(20, absl::Seconds(30));
      ASSERT_FALSE(got.empty()) << relay->Output().substr(0, 4000);
      for (const auto& e : got) {
        acked.insert(e.event_id());
        acked_before.insert({e.partition(), e.offset()});
      }
      s.Ack(AckIds(got));
    }
    // Let one commit interval pass so most of it is committed, then kill with more outstanding.
    absl::SleepFor(absl::Milliseconds(800));
    s.Take(20, absl::Seconds(5));  // received, never acknowledged
    relay->Signal(SIGKILL);
    EXPECT_EQ(relay->Wait(absl::Seconds(10)), 128 + SIGKILL);
    s.Cancel();
    s.WaitEnd();
  }
  const size_t before = acked.size();
  const std::map<int32_t, int64_t> committed = Committed("causeway.sub." + name, 3);
  int64_t committed_events = 0;
  for (const auto& [p, o] : committed) committed_events += std::max<int64_t>(0, o);
  auto relay = StartRelayProcess(dir, &port);
  ASSERT_GT(port, 0);
  auto& stub = Stub(port);
  TestStream s(stub, Init(name));
  ASSERT_TRUE(s.WaitStarted()) << relay->Output();
  int redelivered_acked = 0, redelivered_committed = 0;
  const absl::Time until = absl::Now() + absl::Seconds(60);
  while (acked.size() < ids.size() && absl::Now() < until) {
    auto got = s.Take(50, absl::Milliseconds(500));
    for (const auto& e : got) {
      if (acked_before.count({e.partition(), e.offset()})) ++redelivered_acked;
      if (e.offset() < committed.at(e.partition())) ++redelivered_committed;
      acked.insert(e.event_id());
    }
    s.Ack(AckIds(got));
  }
  size_t lost = 0;
  for (const auto& id : ids) lost += acked.count(id) == 0;
  EXPECT_EQ(lost, 0u) << relay->Output().substr(0, 20000);
  std::cout << "SIGKILL mid-stream: " << before << " acknowledged before the kill, "
            << committed_events << " committed, " << redelivered_acked
            << " acknowledged ones delivered again after the restart (acked, not committed: "
            << "behind an unacknowledged offset)\n";
  // Nothing below the committed watermark comes again, and most of what was acked was
  // committed (the pause is longer than the commit interval).
  EXPECT_EQ(redelivered_committed, 0);
  EXPECT_GT(committed_events, static_cast<int64_t>(before) / 2);
  grpc::Status closed = s.Close();
  EXPECT_TRUE(closed.ok()) << closed.error_code() << " " << closed.error_message();
  relay->Signal(SIGTERM);
  EXPECT_EQ(relay->Wait(absl::Seconds(15)), 0);
}

}  // namespace
}  // namespace causeway::testing
