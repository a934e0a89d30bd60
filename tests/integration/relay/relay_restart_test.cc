// Losing a relay mid-stream: a causeway-relay process SIGKILLed and started again, and a second
// replica joining the group and leaving it. Every event is delivered at least once; none is lost;
// redeliveries (events delivered again because their offset was not committed yet) are counted.
#include <signal.h>

#include <fstream>
#include <iostream>
#include <map>

#include "relay_fixture.h"
#include "support/subprocess.h"

namespace causeway::testing {
namespace {

// Deliveries answered 2xx beyond the first, per event id, summed.
int Redeliveries(const std::vector<ReceivedRequest>& received) {
  std::map<std::string, int> ok;
  for (const auto& r : received) {
    if (r.answered >= 200 && r.answered < 300) ++ok[r.event_id];
  }
  int n = 0;
  for (const auto& [id, count] : ok) n += count - 1;
  return n;
}

class RelayRestartTest : public RelayTest {
 protected:
  std::unique_ptr<BackgroundProcess> StartRelayProcess(const std::string& dir) {
    auto p = std::make_unique<BackgroundProcess>(
        RelayProcessArgs(CAUSEWAY_RELAY_BIN, dir, absl::StrCat(ns_, "/Person=", sink_->Url()),
                         {"--commit-interval", "0.5", "--max-in-flight", "10"}));
    EXPECT_TRUE(p->started());
    return p;
  }
};

TEST_F(RelayRestartTest, SigkilledRelayRestartedLosesNothing) {
  // A slowish endpoint, so that the kill comes with deliveries in flight and uncommitted, after
  // at least one commit: 10 in flight at 25 ms each make 400 deliveries last 1 s or more, two
  // commit intervals (at 10 ms they took less than one once the relay read in batches).
  sink_->SetDefault(SinkAnswer::Status(204).After(absl::Milliseconds(25)));
  constexpr int kEvents = 1500;
  const std::vector<std::string> ids = PublishPeople(kEvents, 30);
  const std::string dir = SnapshotPath().substr(0, SnapshotPath().rfind('/'));
  {
    auto relay = StartRelayProcess(dir);
    ASSERT_TRUE(sink_->WaitFor(400, absl::Seconds(30))) << relay->Output();
    relay->Signal(SIGKILL);
    EXPECT_EQ(relay->Wait(absl::Seconds(10)), 128 + SIGKILL);
  }
  const int64_t before_restart = sink_->total();
  ASSERT_LT(before_restart, kEvents) << "the relay finished before it was killed";
  auto relay = StartRelayProcess(dir);
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(45))) << relay->Output().substr(0, 4000);
  const int redelivered = Redeliveries(sink_->Received());
  std::cout << "SIGKILL mid-stream: " << before_restart << " requests before the kill, "
            << sink_->total() << " in all for " << kEvents << " events, " << redelivered
            << " redeliveries\n";
  // Redelivered at most what was read since the last commit (0.5 s of deliveries).
  EXPECT_LT(redelivered, before_restart);
  relay->Signal(SIGTERM);
  EXPECT_EQ(relay->Wait(absl::Seconds(15)), 0);
}

TEST_F(RelayRestartTest, SecondReplicaJoiningAndLeavingLosesNothing) {
  // About 250 deliveries a second, so that the second replica comes and goes mid-stream.
  sink_->SetDefault(SinkAnswer::Status(204).After(absl::Milliseconds(20)));
  tv1::Subscription sub = StaticPerson();
  sub.mutable_delivery()->set_max_in_flight(5);
  StartRelay(RelayOptions({sub}));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  constexpr int kEvents = 1500;
  const std::vector<std::string> ids = PublishPeople(kEvents, 30);
  ASSERT_TRUE(sink_->WaitFor(200, absl::Seconds(30)));
  // A second replica joins (cooperative rebalance: the first keeps what it is not asked to give
  // up), takes partitions, and leaves again gracefully while deliveries go on.
  auto second = std::make_unique<relay::RelayApp>(RelayOptions({sub}));
  ASSERT_TRUE(second->Start().ok());
  const absl::Time until = absl::Now() + absl::Seconds(30);
  bool shared = false;
  while (absl::Now() < until && !shared) {
    auto s = second->supervisor().Status(sub.name());
    shared = s && s->partitions_size() > 0;
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(shared) << "the second replica never got a partition";
  absl::SleepFor(absl::Milliseconds(500));
  const int64_t at_leave = sink_->total();
  EXPECT_LT(at_leave, kEvents) << "the stream ended before the second replica left";
  second.reset();  // Drain: commit, leave the group
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(45)));
  // The first replica holds every partition again.
  EXPECT_TRUE(WaitForAssignment(sub.name(), 3));
  const int redelivered = Redeliveries(sink_->Received());
  std::cout << "replica joined and left: " << at_leave << " requests when it left, "
            << sink_->total() << " in all for " << kEvents << " events, " << redelivered
            << " redeliveries\n";
  // Only what was in flight or uncommitted on a partition when it moved is delivered again.
  EXPECT_LT(redelivered, 150);
}

}  // namespace
}  // namespace causeway::testing
