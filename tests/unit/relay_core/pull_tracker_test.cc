// PullTracker: ack ids, flow control by events and bytes, batching, deadlines, extend, streams
// closing.
#include "relay/core/pull_tracker.h"

#include <gtest/gtest.h>

#include <set>

namespace causeway::relay {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1000000);

class PullTrackerTest : public ::testing::Test {
 protected:
  uint64_t Next() { return ++random_ * 0x9e3779b97f4a7c15ULL; }
  void Assign(absl::Time now = kT0) {
    tracker_.Assign(now, [this] { return Next(); });
  }
  StreamLimits Limits(size_t events, size_t bytes = 1 << 20, size_t batch = 100) {
    StreamLimits l;
    l.max_events = events;
    l.max_bytes = bytes;
    l.max_batch = batch;
    l.ack_deadline = absl::Seconds(10);
    l.batch_flush = absl::Milliseconds(200);
    return l;
  }
  // Everything due at `now`, flattened.
  std::vector<PullSent> Take(absl::Time now) {
    std::vector<PullSent> out;
    for (auto& b : tracker_.TakeDue(now)) {
      for (auto& e : b.events) out.push_back(e);
    }
    return out;
  }
  uint64_t random_ = 0;
  PullTracker tracker_;
};

TEST_F(PullTrackerTest, AckSettlesOnceLateAndRepeatedAcksAreNoOps) {
  tracker_.AddStream(1, Limits(10));
  tracker_.Offer(7, 10, 1);
  Assign();
  auto sent = Take(kT0 + absl::Seconds(1));
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].token, 7u);
  EXPECT_EQ(sent[0].attempt, 1);
  auto settled = tracker_.Settle(sent[0].ack_id);
  ASSERT_TRUE(settled);
  EXPECT_EQ(settled->token, 7u);
  EXPECT_FALSE(tracker_.Settle(sent[0].ack_id));  // repeated
  EXPECT_FALSE(tracker_.Settle("1.1.0000000000000000"));  // made up
  EXPECT_EQ(tracker_.outstanding(), 0u);
  EXPECT_EQ(tracker_.attempt_of(7), 0);
}

TEST_F(PullTrackerTest, DeadlineRedeliversWithTheNextAttemptAndANewAckId) {
  tracker_.AddStream(1, Limits(10));
  tracker_.Offer(7, 10, 1);
  Assign();
  auto first = Take(kT0 + absl::Seconds(1));  // sent at t0+1: deadline t0+11
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(tracker_.NextWake(), kT0 + absl::Seconds(11));
  std::vector<PullToken> expired;
  tracker_.Expire(kT0 + absl::Seconds(10), &expired);
  EXPECT_TRUE(expired.empty());
  tracker_.Expire(kT0 + absl::Seconds(11), &expired);
  ASSERT_EQ(expired, std::vector<PullToken>{7});
  EXPECT_EQ(tracker_.attempt_of(7), 2);
  Assign(kT0 + absl::Seconds(11));
  auto second = Take(kT0 + absl::Seconds(12));
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].attempt, 2);
  EXPECT_NE(second[0].ack_id, first[0].ack_id);
  EXPECT_FALSE(tracker_.Settle(first[0].ack_id));  // late: a no-op
  EXPECT_TRUE(tracker_.Settle(second[0].ack_id));
}

TEST_F(PullTrackerTest, ExtendMovesTheDeadline) {
  tracker_.AddStream(1, Limits(10));
  tracker_.Offer(7, 10, 1);
  Assign();
  auto sent = Take(kT0 + absl::Seconds(1));
  ASSERT_TRUE(tracker_.Extend(sent[0].ack_id, kT0 + absl::Seconds(100)));
  tracker_.Expire(kT0 + absl::Seconds(50));
  EXPECT_EQ(tracker_.outstanding(), 1u);
  EXPECT_EQ(tracker_.queued(), 0u);
  tracker_.Expire(kT0 + absl::Seconds(100));
  EXPECT_EQ(tracker_.queued(), 1u);
  EXPECT_FALSE(tracker_.Extend(sent[0].ack_id, kT0 + absl::Seconds(200)));  // expired already
}

TEST_F(PullTrackerTest, AClosedStreamsEventsGoToTheOthersSentOnesWithTheNextAttempt) {
  tracker_.AddStream(1, Limits(2));
  tracker_.AddStream(2, Limits(2));
  for (PullToken t = 1; t <= 4; ++t) tracker_.Offer(t, 10, 1);
  Assign();
  auto sent = Take(kT0 + absl::Seconds(1));
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_EQ(tracker_.outstanding_on(1), 2u);
  EXPECT_EQ(tracker_.outstanding_on(2), 2u);
  std::set<PullToken> on_one;
  for (auto& s : sent) {
    if (s.ack_id.rfind("1.", 0) == 0) on_one.insert(s.token);
  }
  // Stream 2 acknowledges its two, then stream 1 closes.
  for (auto& s : sent) {
    if (!on_one.count(s.token)) ASSERT_TRUE(tracker_.Settle(s.ack_id));
  }
  std::vector<PullToken> requeued;
  tracker_.RemoveStream(1, &requeued);
  EXPECT_EQ(std::set<PullToken>(requeued.begin(), requeued.end()), on_one);
  Assign(kT0 + absl::Seconds(2));
  auto again = Take(kT0 + absl::Seconds(3));
  ASSERT_EQ(again.size(), 2u);
  for (auto& s : again) {
    EXPECT_EQ(s.attempt, 2);
    EXPECT_EQ(s.ack_id.rfind("2.", 0), 0u) << s.ack_id;
    EXPECT_TRUE(on_one.count(s.token));
  }
  // Acks of the closed stream's ids are no-ops.
  for (auto& s : sent) {
    if (on_one.count(s.token)) EXPECT_FALSE(tracker_.Settle(s.ack_id));
  }
}

TEST_F(PullTrackerTest, FlowControlByEventsAndBytesOneLargeEventStillGoesAlone) {
  tracker_.AddStream(1, Limits(3, /*bytes=*/100));
  tracker_.Offer(1, 60, 1);
  tracker_.Offer(2, 60, 1);  // 120 > 100: waits
  tracker_.Offer(3, 10, 1);
  Assign();
  EXPECT_EQ(tracker_.outstanding_on(1), 1u);
  EXPECT_EQ(tracker_.queued(), 2u);  // FIFO: 3 waits behind 2
  auto sent = Take(kT0 + absl::Seconds(1));
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_TRUE(tracker_.Settle(sent[0].ack_id));
  Assign();
  EXPECT_EQ(tracker_.outstanding_on(1), 2u);  // 60 + 10
  tracker_.Offer(4, 5000, 1);                 // larger than the limit
  tracker_.Offer(5, 1, 1);
  tracker_.Offer(6, 1, 1);
  Assign();
  EXPECT_EQ(tracker_.outstanding_on(1), 2u);  // 4 waits for an empty stream
  for (auto& s : Take(kT0 + absl::Seconds(2))) ASSERT_TRUE(tracker_.Settle(s.ack_id));
  Assign();
  EXPECT_EQ(tracker_.outstanding_on(1), 1u);  // 4 alone
  for (auto& s : Take(kT0 + absl::Seconds(3))) ASSERT_TRUE(tracker_.Settle(s.ack_id));
  Assign();
  EXPECT_EQ(tracker_.outstanding_on(1), 2u);  // 5 and 6
  // By count: at most 3.
  for (PullToken t = 10; t < 20; ++t) tracker_.Offer(t, 1, 1);
  Assign();
  EXPECT_EQ(tracker_.outstanding_on(1), 3u);
}

TEST_F(PullTrackerTest, BatchesAreSentFullOrAfterTheFlushTime) {
  tracker_.AddStream(1, Limits(100, 1 << 20, /*batch=*/4));
  for (PullToken t = 1; t <= 10; ++t) tracker_.Offer(t, 1, 1);
  Assign();
  auto batches = tracker_.TakeDue(kT0);  // two full batches at once; 2 wait
  ASSERT_EQ(batches.size(), 2u);
  EXPECT_EQ(batches[0].events.size(), 4u);
  EXPECT_EQ(batches[1].events.size(), 4u);
  EXPECT_EQ(batches[0].events[0].token, 1u);
  EXPECT_TRUE(tracker_.TakeDue(kT0 + absl::Milliseconds(199)).empty());
  EXPECT_EQ(tracker_.NextWake(), kT0 + absl::Milliseconds(200));
  batches = tracker_.TakeDue(kT0 + absl::Milliseconds(200));
  ASSERT_EQ(batches.size(), 1u);
  EXPECT_EQ(batches[0].events.size(), 2u);
  // Unsent events cannot be acknowledged (their ids were never given out).
  tracker_.Offer(50, 1, 1);
  Assign(kT0 + absl::Seconds(1));
  EXPECT_EQ(tracker_.outstanding(), 11u);
}

TEST_F(PullTrackerTest, EventsSpreadOverStreamsAndAckIdsAreUnique) {
  tracker_.AddStream(1, Limits(100));
  tracker_.AddStream(2, Limits(100));
  for (PullToken t = 1; t <= 100; ++t) tracker_.Offer(t, 1, 1);
  Assign();
  EXPECT_EQ(tracker_.outstanding_on(1), 50u);
  EXPECT_EQ(tracker_.outstanding_on(2), 50u);
  std::set<std::string> ids;
  for (auto& s : Take(kT0 + absl::Seconds(1))) ids.insert(s.ack_id);
  EXPECT_EQ(ids.size(), 100u);
}

TEST_F(PullTrackerTest, ForgetIfDropsAnOwnersEventsEverywhere) {
  tracker_.AddStream(1, Limits(2));
  for (PullToken t = 1; t <= 4; ++t) tracker_.Offer(t, 1, 1);
  Assign();
  auto sent = Take(kT0 + absl::Seconds(1));
  tracker_.ForgetIf([](PullToken t) { return t % 2 == 1; });
  EXPECT_EQ(tracker_.queued(), 1u);       // 4
  EXPECT_EQ(tracker_.outstanding(), 1u);  // 2
  for (auto& s : sent) EXPECT_EQ(tracker_.Settle(s.ack_id).has_value(), s.token == 2);
}

}  // namespace
}  // namespace causeway::relay
