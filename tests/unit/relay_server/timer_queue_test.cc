#include "relay/server/timer_queue.h"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

#include "absl/time/clock.h"

namespace causeway::relay {
namespace {

TEST(TimerQueue, RunsCallbacksInDueOrderNotBeforeTheirTime) {
  TimerQueue q;
  std::mutex mu;
  std::vector<int> order;
  std::vector<absl::Time> ran(3);
  const absl::Time start = absl::Now();
  const absl::Duration due[3] = {absl::Milliseconds(120), absl::Milliseconds(40),
                                 absl::Milliseconds(80)};
  for (int i = 0; i < 3; ++i) {
    q.Schedule(start + due[i], [&, i] {
      std::lock_guard lock(mu);
      order.push_back(i);
      ran[i] = absl::Now();
    });
  }
  const absl::Time until = absl::Now() + absl::Seconds(5);
  while (absl::Now() < until) {
    {
      std::lock_guard lock(mu);
      if (order.size() == 3) break;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  std::lock_guard lock(mu);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 0}));
  for (int i = 0; i < 3; ++i) EXPECT_GE(ran[i], start + due[i]);
  EXPECT_EQ(q.size(), 0u);
}

TEST(TimerQueue, StopDropsWhatHasNotRun) {
  TimerQueue q;
  bool ran = false;
  q.Schedule(absl::Now() + absl::Hours(1), [&] { ran = true; });
  EXPECT_EQ(q.size(), 1u);
  q.Stop();
  q.Schedule(absl::Now(), [&] { ran = true; });  // ignored after Stop
  EXPECT_FALSE(ran);
  EXPECT_EQ(q.size(), 0u);
}

}  // namespace
}  // namespace causeway::relay
