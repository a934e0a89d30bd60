#include "relay/core/offset_tracker.h"

#include <gtest/gtest.h>

namespace causeway::relay {
namespace {

TEST(OffsetTrackerTest, NothingCommittableBeforeTheFirstOffset) {
  OffsetTracker tracker(10);
  EXPECT_EQ(tracker.Committable(), std::nullopt);
}

TEST(OffsetTrackerTest, WatermarkStopsAtTheLowestNonTerminalOffset) {
  OffsetTracker tracker(10);
  for (int64_t o : {100, 101, 102, 103}) ASSERT_TRUE(tracker.Track(o).ok());
  EXPECT_EQ(tracker.Committable(), 100);
  ASSERT_TRUE(tracker.MarkTerminal(102).ok());
  ASSERT_TRUE(tracker.MarkTerminal(103).ok());
  EXPECT_EQ(tracker.Committable(), 100);  // 100 and 101 still in flight
  ASSERT_TRUE(tracker.MarkTerminal(100).ok());
  EXPECT_EQ(tracker.Committable(), 101);
  ASSERT_TRUE(tracker.MarkTerminal(101).ok());
  EXPECT_EQ(tracker.Committable(), 104);  // all terminal: highest + 1
  EXPECT_EQ(tracker.uncommitted(), 0u);
}

TEST(OffsetTrackerTest, GapsInOffsetsDoNotHoldTheWatermarkBack) {
  // 11 and 12 are compacted away or transaction markers: never consumed, never tracked.
  OffsetTracker tracker(10);
  for (int64_t o : {10, 13, 20}) ASSERT_TRUE(tracker.Track(o).ok());
  ASSERT_TRUE(tracker.MarkTerminal(10).ok());
  EXPECT_EQ(tracker.Committable(), 13);
  ASSERT_TRUE(tracker.MarkTerminal(13).ok());
  EXPECT_EQ(tracker.Committable(), 20);
  ASSERT_TRUE(tracker.MarkTerminal(20).ok());
  EXPECT_EQ(tracker.Committable(), 21);
}

TEST(OffsetTrackerTest, MarkTerminalTwiceIsANoOp) {
  OffsetTracker tracker(10);
  ASSERT_TRUE(tracker.Track(1).ok());
  ASSERT_TRUE(tracker.Track(2).ok());
  ASSERT_TRUE(tracker.MarkTerminal(2).ok());
  ASSERT_TRUE(tracker.MarkTerminal(2).ok());  // terminal, still in the window
  EXPECT_EQ(tracker.Committable(), 1);
  ASSERT_TRUE(tracker.MarkTerminal(1).ok());
  ASSERT_TRUE(tracker.MarkTerminal(1).ok());  // already below the watermark
  EXPECT_EQ(tracker.Committable(), 3);
}

TEST(OffsetTrackerTest, MarkTerminalOfAnUntrackedOffsetIsNotFound) {
  OffsetTracker tracker(10);
  EXPECT_EQ(tracker.MarkTerminal(5).code(), absl::StatusCode::kNotFound);
  ASSERT_TRUE(tracker.Track(5).ok());
  ASSERT_TRUE(tracker.Track(8).ok());
  EXPECT_EQ(tracker.MarkTerminal(6).code(), absl::StatusCode::kNotFound);  // a gap
  EXPECT_EQ(tracker.MarkTerminal(9).code(), absl::StatusCode::kNotFound);  // newer than any
  EXPECT_EQ(tracker.Committable(), 5);
}

TEST(OffsetTrackerTest, OffsetsMustIncrease) {
  OffsetTracker tracker(10);
  ASSERT_TRUE(tracker.Track(5).ok());
  EXPECT_EQ(tracker.Track(5).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tracker.Track(4).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(tracker.Track(-1).code(), absl::StatusCode::kInvalidArgument);
}

TEST(OffsetTrackerTest, WindowIsFullAtItsBoundAndRefusesMore) {
  OffsetTracker tracker(3);
  for (int64_t o : {0, 1, 2}) ASSERT_TRUE(tracker.Track(o).ok());
  EXPECT_TRUE(tracker.Full());
  EXPECT_EQ(tracker.Track(3).code(), absl::StatusCode::kResourceExhausted);
  // A later terminal event does not shrink the window: offset 0 still holds it.
  ASSERT_TRUE(tracker.MarkTerminal(2).ok());
  EXPECT_TRUE(tracker.Full());
  ASSERT_TRUE(tracker.MarkTerminal(0).ok());
  EXPECT_FALSE(tracker.Full());
  EXPECT_EQ(tracker.uncommitted(), 2u);  // 1, and 2 (terminal, behind 1)
  EXPECT_TRUE(tracker.Track(3).ok());
  EXPECT_TRUE(tracker.Full());
}

TEST(OffsetTrackerTest, ResetForgetsEverythingForANewAssignment) {
  OffsetTracker tracker(10);
  ASSERT_TRUE(tracker.Track(50).ok());
  tracker.Reset();
  EXPECT_EQ(tracker.Committable(), std::nullopt);
  EXPECT_EQ(tracker.uncommitted(), 0u);
  // After a re-assignment the group may restart below where it was.
  EXPECT_TRUE(tracker.Track(40).ok());
  EXPECT_EQ(tracker.Committable(), 40);
}

TEST(OffsetTrackerTest, OutOfOrderCompletionOverALongRunKeepsTheContiguousWatermark) {
  OffsetTracker tracker(1000);
  for (int64_t o = 0; o < 1000; ++o) ASSERT_TRUE(tracker.Track(o * 2).ok());  // even offsets
  // Finish odd-indexed ones first, then even-indexed: watermark moves only in the second pass.
  for (int64_t i = 1; i < 1000; i += 2) ASSERT_TRUE(tracker.MarkTerminal(i * 2).ok());
  EXPECT_EQ(tracker.Committable(), 0);
  for (int64_t i = 0; i < 1000; i += 2) {
    ASSERT_TRUE(tracker.MarkTerminal(i * 2).ok());
    EXPECT_EQ(tracker.Committable(), i + 2 < 1000 ? (i + 2) * 2 : 1999);
  }
}

}  // namespace
}  // namespace causeway::relay
