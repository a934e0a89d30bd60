// CompleteInit / CheckFollowUp: defaults, ranges and field paths.
#include "relay/core/consume_init.h"

#include <gtest/gtest.h>

namespace causeway::relay {
namespace {

namespace rv1 = ::causeway::relay::v1;

TEST(ConsumeInitTest, ZeroFieldsTakeTheDefaults) {
  rv1::ConsumeInit in;
  in.set_subscription("s");
  auto c = CompleteInit(in);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->max_outstanding_events(), 100);
  EXPECT_EQ(c->max_outstanding_bytes(), 10 << 20);
  EXPECT_EQ(c->ack_deadline_seconds(), 60);
  EXPECT_EQ(c->max_batch(), 100);
  EXPECT_EQ(c->batch_flush_ms(), 200);
  StreamLimits l = LimitsOf(*c);
  EXPECT_EQ(l.ack_deadline, absl::Seconds(60));
  EXPECT_EQ(l.batch_flush, absl::Milliseconds(200));
}

TEST(ConsumeInitTest, OutOfRangeFieldsAreNamed) {
  rv1::ConsumeInit in;
  in.set_subscription("s");
  in.set_ack_deadline_seconds(900);
  EXPECT_EQ(CompleteInit(in).status().message(), "init.ack_deadline_seconds: must be 1..600, got 900");
  in.set_ack_deadline_seconds(10);
  in.set_max_outstanding_bytes(10);
  EXPECT_EQ(CompleteInit(in).status().message(),
            "init.max_outstanding_bytes: must be 1024..67108864, got 10");
  in.set_max_outstanding_bytes(0);
  in.set_max_batch(-1);
  EXPECT_EQ(CompleteInit(in).status().message(), "init.max_batch: must be 1..1000, got -1");
  rv1::ConsumeInit none;
  EXPECT_EQ(CompleteInit(none).status().message(), "init.subscription: required");
  none.set_subscription("s");
  none.set_client_id("a\nb");
  EXPECT_TRUE(absl::IsInvalidArgument(CompleteInit(none).status()));
}

TEST(ConsumeInitTest, FollowUpsAreBounded) {
  rv1::ConsumeRequest r;
  EXPECT_EQ(CheckFollowUp(r).message(), "kind: empty message (one of ack, nack, reject, extend)");
  r.mutable_init();
  EXPECT_TRUE(absl::IsInvalidArgument(CheckFollowUp(r)));
  r.mutable_extend()->add_ack_ids("x");
  EXPECT_EQ(CheckFollowUp(r).message(), "extend.seconds: must be 1..600, got 0");
  r.mutable_extend()->set_seconds(5);
  EXPECT_TRUE(CheckFollowUp(r).ok());
  for (int i = 0; i <= kMaxAckIdsPerMessage; ++i) r.mutable_ack()->add_ack_ids("x");
  EXPECT_EQ(CheckFollowUp(r).message(), "ack.ack_ids: at most 10000, got 10001");
  r.mutable_reject()->set_reason(std::string(1025, 'x'));
  EXPECT_EQ(CheckFollowUp(r).message(), "reject.reason: at most 1024 bytes, got 1025");
}

}  // namespace
}  // namespace causeway::relay
