// StreamHub with fake streams: started, batches, verdicts (once), a closed stream's events to the
// others, Forget, heartbeats, caps, membership pokes, drain.
#include "relay/server/stream_hub.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace causeway::relay {
namespace {

namespace rv1 = ::causeway::relay::v1;

class FakeSink : public ConsumeSink {
 public:
  void Send(rv1::ConsumeResponse m) override {
    std::lock_guard lock(mu_);
    if (m.has_events()) {
      for (auto& e : m.events().events()) events_.push_back(e);
    }
    if (m.has_heartbeat()) ++heartbeats_;
    if (m.has_started()) started_ = true;
    cv_.notify_all();
  }
  void End(absl::Status s) override {
    std::lock_guard lock(mu_);
    ended_ = s;
    cv_.notify_all();
  }
  std::vector<rv1::ConsumedEvent> Wait(size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(5), [&] { return events_.size() >= n; });
    return events_;
  }
  int heartbeats() {
    std::lock_guard lock(mu_);
    return heartbeats_;
  }
  std::optional<absl::Status> ended() {
    std::lock_guard lock(mu_);
    return ended_;
  }
  bool started() {
    std::lock_guard lock(mu_);
    return started_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<rv1::ConsumedEvent> events_;
  int heartbeats_ = 0;
  bool started_ = false;
  std::optional<absl::Status> ended_;
};

struct Verdicts {
  std::mutex mu;
  std::vector<PullVerdict> got;
  int calls = 0;
  PullSink::Verdicts Done() {
    return [this](std::vector<PullVerdict> vs) {
      std::lock_guard lock(mu);
      ++calls;
      for (PullVerdict& v : vs) got.push_back(std::move(v));
    };
  }
  size_t size() {
    std::lock_guard lock(mu);
    return got.size();
  }
};

rv1::ConsumeInit Init(const std::string& sub) {
  rv1::ConsumeInit i;
  i.set_subscription(sub);
  i.set_max_outstanding_events(10);
  i.set_max_outstanding_bytes(1 << 20);
  i.set_ack_deadline_seconds(60);
  i.set_max_batch(10);
  i.set_batch_flush_ms(1);
  return i;
}

rv1::ConsumedEvent Event(const std::string& id) {
  rv1::ConsumedEvent e;
  e.set_event_id(id);
  e.set_payload("{}");
  return e;
}

// One event offered: `handle` is the owner's name for it.
std::vector<PullOffer> One(const std::string& id, uint64_t handle, int attempt = 1) {
  std::vector<PullOffer> offers;
  offers.push_back(PullOffer{handle, Event(id), attempt});
  return offers;
}

rv1::ConsumeRequest Ack(const std::string& ack_id) {
  rv1::ConsumeRequest r;
  r.mutable_ack()->add_ack_ids(ack_id);
  return r;
}

StreamHubOptions Options() {
  StreamHubOptions o;
  o.max_streams_per_subscription = 2;
  o.max_streams = 3;
  o.heartbeat = absl::Milliseconds(50);
  o.linger = absl::ZeroDuration();
  return o;
}

TEST(StreamHubTest, AckIsOneVerdictAndRepeatedAcksAreNoOps) {
  FakeSink sink;  // outlives the hub, which calls it until Close
  StreamHub hub(Options(), nullptr);
  int pokes = 0;
  hub.SetOnMembership([&] { ++pokes; });
  auto id = hub.Open(Init("s"), &sink);
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(sink.started());
  EXPECT_TRUE(hub.Wanted("s"));
  EXPECT_FALSE(hub.Wanted("other"));
  EXPECT_EQ(pokes, 1);
  Verdicts v;
  hub.Offer("s", 1, One("e1", 11, 1), v.Done());
  auto got = sink.Wait(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].event_id(), "e1");
  EXPECT_EQ(got[0].attempt(), 1);
  hub.Handle(*id, Ack(got[0].ack_id()));
  hub.Handle(*id, Ack(got[0].ack_id()));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v.got[0].kind, PullVerdict::Kind::kDelivered);
  EXPECT_EQ(v.got[0].handle, 11u);
  hub.Close(*id);
  EXPECT_EQ(pokes, 2);
  EXPECT_FALSE(hub.Wanted("s"));  // no linger here
}

TEST(StreamHubTest, OffersAndVerdictsCrossInBatches) {
  FakeSink sink;
  StreamHub hub(Options(), nullptr);
  auto id = hub.Open(Init("s"), &sink);
  ASSERT_TRUE(id.ok());
  Verdicts v;
  std::vector<PullOffer> offers;
  for (uint64_t h = 1; h <= 5; ++h) offers.push_back(PullOffer{h, Event(absl::StrCat("e", h)), 1});
  hub.Offer("s", 1, std::move(offers), v.Done());
  auto got = sink.Wait(5);
  ASSERT_EQ(got.size(), 5u);
  rv1::ConsumeRequest ack;
  for (auto it = got.rbegin(); it != got.rend(); ++it) ack.mutable_ack()->add_ack_ids(it->ack_id());
  hub.Handle(*id, ack);
  ASSERT_EQ(v.size(), 5u);
  EXPECT_EQ(v.calls, 1) << "one Ack, one owner: one report";
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(v.got[i].handle, 5 - i) << "in the order the client settled them";
    EXPECT_EQ(v.got[i].kind, PullVerdict::Kind::kDelivered);
  }
}

TEST(StreamHubTest, NackAndRejectCarryTheirDetails) {
  FakeSink sink;
  StreamHub hub(Options(), nullptr);
  auto id = hub.Open(Init("s"), &sink);
  ASSERT_TRUE(id.ok());
  Verdicts v;
  hub.Offer("s", 1, One("e1", 11, 1), v.Done());
  hub.Offer("s", 1, One("e2", 12, 3), v.Done());
  auto got = sink.Wait(2);
  ASSERT_EQ(got.size(), 2u);
  rv1::ConsumeRequest nack;
  nack.mutable_nack()->set_ack_id(got[0].ack_id());
  nack.mutable_nack()->set_retry_after_ms(1500);
  hub.Handle(*id, nack);
  rv1::ConsumeRequest reject;
  reject.mutable_reject()->set_ack_id(got[1].ack_id());
  reject.mutable_reject()->set_reason("bad");
  hub.Handle(*id, reject);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v.got[0].kind, PullVerdict::Kind::kRetry);
  EXPECT_EQ(v.got[0].retry_after_ms, 1500);
  EXPECT_EQ(v.got[1].kind, PullVerdict::Kind::kReject);
  EXPECT_EQ(v.got[1].reason, "bad");
  EXPECT_EQ(v.got[1].attempt, 3);
}

TEST(StreamHubTest, AClosedStreamsEventsGoToAnotherWithTheNextAttempt) {
  FakeSink a, b;
  StreamHub hub(Options(), nullptr);
  auto ia = hub.Open(Init("s"), &a);
  ASSERT_TRUE(ia.ok());
  Verdicts v;
  hub.Offer("s", 1, One("e1", 11, 1), v.Done());
  auto first = a.Wait(1);
  ASSERT_EQ(first.size(), 1u);
  auto ib = hub.Open(Init("s"), &b);
  ASSERT_TRUE(ib.ok());
  hub.Close(*ia);
  auto moved = b.Wait(1);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].event_id(), "e1");
  EXPECT_EQ(moved[0].attempt(), 2);
  hub.Handle(*ib, Ack(first[0].ack_id()));  // the closed stream's id: nothing
  EXPECT_EQ(v.size(), 0u);
  hub.Handle(*ib, Ack(moved[0].ack_id()));
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v.got[0].attempt, 2);
}

TEST(StreamHubTest, ForgottenEventsGetNoVerdict) {
  FakeSink sink;
  StreamHub hub(Options(), nullptr);
  auto id = hub.Open(Init("s"), &sink);
  ASSERT_TRUE(id.ok());
  Verdicts v;
  hub.Offer("s", 7, One("e1", 11, 1), v.Done());
  auto got = sink.Wait(1);
  ASSERT_EQ(got.size(), 1u);
  hub.Forget("s", 7);
  hub.Handle(*id, Ack(got[0].ack_id()));
  EXPECT_EQ(v.size(), 0u);
}

TEST(StreamHubTest, HeartbeatsCapsAndDrain) {
  FakeSink a, b, c, d;
  StreamHub hub(Options(), nullptr);
  ASSERT_TRUE(hub.Open(Init("s"), &a).ok());
  ASSERT_TRUE(hub.Open(Init("s"), &b).ok());
  EXPECT_TRUE(absl::IsResourceExhausted(hub.Open(Init("s"), &c).status()));
  ASSERT_TRUE(hub.Open(Init("t"), &c).ok());
  EXPECT_TRUE(absl::IsResourceExhausted(hub.Open(Init("u"), &d).status()));
  EXPECT_EQ(hub.streams(), 3u);
  absl::SleepFor(absl::Milliseconds(200));
  EXPECT_GE(a.heartbeats(), 2);
  hub.Drain();
  ASSERT_TRUE(a.ended());
  EXPECT_TRUE(absl::IsUnavailable(*a.ended()));
  EXPECT_TRUE(absl::IsUnavailable(hub.Open(Init("s"), &d).status()));
  EXPECT_EQ(hub.streams(), 0u);
}

}  // namespace
}  // namespace causeway::relay
