#include "relay/core/delivery_scheduler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"

namespace causeway::relay {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Offers one event and returns what became ready.
std::vector<EventHandle> Offer(DeliveryScheduler& s, EventHandle h, PartitionId p,
                               absl::string_view key) {
  std::vector<EventHandle> ready;
  EXPECT_TRUE(s.Offer({h, p, key}, &ready).ok());
  return ready;
}

std::vector<EventHandle> Finish(DeliveryScheduler& s, EventHandle h) {
  std::vector<EventHandle> ready;
  EXPECT_TRUE(s.Finish(h, &ready).ok());
  return ready;
}

TEST(DeliverySchedulerTest, KeyOrderingKeepsOneInFlightPerKeyAndOthersConcurrent) {
  DeliveryScheduler s(Ordering::kKey, 100);
  EXPECT_THAT(Offer(s, 1, 0, "a"), ElementsAre(1));
  EXPECT_THAT(Offer(s, 2, 0, "b"), ElementsAre(2));  // another key goes at once
  EXPECT_THAT(Offer(s, 3, 0, "a"), IsEmpty());       // waits behind 1
  EXPECT_THAT(Offer(s, 4, 0, "a"), IsEmpty());
  EXPECT_EQ(s.in_flight(), 2u);
  EXPECT_THAT(Finish(s, 2), IsEmpty());
  EXPECT_THAT(Finish(s, 1), ElementsAre(3));
  EXPECT_THAT(Finish(s, 3), ElementsAre(4));
  EXPECT_THAT(Finish(s, 4), IsEmpty());
  EXPECT_EQ(s.size(), 0u);
  EXPECT_EQ(s.lanes(), 0u);  // lanes live only while they hold events
}

TEST(DeliverySchedulerTest, SameKeyOnAnotherPartitionIsAnotherLane) {
  DeliveryScheduler s(Ordering::kKey, 100);
  EXPECT_THAT(Offer(s, 1, 0, "a"), ElementsAre(1));
  EXPECT_THAT(Offer(s, 2, 1, "a"), ElementsAre(2));
}

TEST(DeliverySchedulerTest, EventsWithoutAKeyAreOrderedPerPartition) {
  DeliveryScheduler s(Ordering::kKey, 100);
  EXPECT_THAT(Offer(s, 1, 0, ""), ElementsAre(1));
  EXPECT_THAT(Offer(s, 2, 0, ""), IsEmpty());
  EXPECT_THAT(Offer(s, 3, 0, "k"), ElementsAre(3));  // keyed events are not held back
  EXPECT_THAT(Offer(s, 4, 1, ""), ElementsAre(4));   // another partition's keyless lane
  EXPECT_THAT(Finish(s, 1), ElementsAre(2));
}

TEST(DeliverySchedulerTest, PartitionOrderingKeepsOneInFlightPerPartition) {
  DeliveryScheduler s(Ordering::kPartition, 100);
  EXPECT_THAT(Offer(s, 1, 0, "a"), ElementsAre(1));
  EXPECT_THAT(Offer(s, 2, 0, "b"), IsEmpty());  // keys do not matter
  EXPECT_THAT(Offer(s, 3, 1, "a"), ElementsAre(3));
  EXPECT_THAT(Finish(s, 1), ElementsAre(2));
}

TEST(DeliverySchedulerTest, NoOrderingSendsEverythingUpToMaxInFlight) {
  DeliveryScheduler s(Ordering::kNone, 2);
  EXPECT_THAT(Offer(s, 1, 0, "a"), ElementsAre(1));
  EXPECT_THAT(Offer(s, 2, 0, "a"), ElementsAre(2));
  EXPECT_THAT(Offer(s, 3, 0, "a"), IsEmpty());
  EXPECT_THAT(Finish(s, 2), ElementsAre(3));
}

TEST(DeliverySchedulerTest, MaxInFlightHandsFreeSlotsOutInArrivalOrder) {
  DeliveryScheduler s(Ordering::kKey, 2);
  EXPECT_THAT(Offer(s, 1, 0, "a"), ElementsAre(1));
  EXPECT_THAT(Offer(s, 2, 0, "b"), ElementsAre(2));
  EXPECT_THAT(Offer(s, 3, 0, "c"), IsEmpty());  // free lane, no slot
  EXPECT_THAT(Offer(s, 4, 0, "a"), IsEmpty());  // behind 1
  EXPECT_THAT(Offer(s, 5, 0, "d"), IsEmpty());
  // 1's slot goes to 3 (first to wait for a slot); 4 joins the slot queue behind 5.
  EXPECT_THAT(Finish(s, 1), ElementsAre(3));
  EXPECT_THAT(Finish(s, 2), ElementsAre(5));
  EXPECT_THAT(Finish(s, 3), ElementsAre(4));
  EXPECT_EQ(s.in_flight(), 2u);
}

TEST(DeliverySchedulerTest, ParkedRetryKeepsItsKeyBlockedButGivesItsSlotAway) {
  DeliveryScheduler s(Ordering::kKey, 1);
  EXPECT_THAT(Offer(s, 1, 0, "a"), ElementsAre(1));
  EXPECT_THAT(Offer(s, 2, 0, "a"), IsEmpty());
  EXPECT_THAT(Offer(s, 3, 0, "b"), IsEmpty());
  std::vector<EventHandle> ready;
  ASSERT_TRUE(s.Park(1, &ready).ok());  // 1 failed, waits for its retry timer
  EXPECT_THAT(ready, ElementsAre(3));   // b goes; a's next event does not overtake 1
  EXPECT_EQ(s.parked(), 1u);
  ready.clear();
  ASSERT_TRUE(s.Resume(1, &ready).ok());  // timer fired, no slot: waits for one
  EXPECT_THAT(ready, IsEmpty());
  EXPECT_THAT(Finish(s, 3), ElementsAre(1));  // the retry goes
  EXPECT_THAT(Finish(s, 1), ElementsAre(2));  // only then the next event of key a
}

TEST(DeliverySchedulerTest, WithoutOrderingAParkedRetryHoldsNothingBack) {
  DeliveryScheduler s(Ordering::kNone, 1);
  EXPECT_THAT(Offer(s, 1, 0, "a"), ElementsAre(1));
  EXPECT_THAT(Offer(s, 2, 0, "a"), IsEmpty());
  std::vector<EventHandle> ready;
  ASSERT_TRUE(s.Park(1, &ready).ok());
  EXPECT_THAT(ready, ElementsAre(2));  // same key, no order kept
}

TEST(DeliverySchedulerTest, ParkedEventMayFinishWithoutResuming) {
  DeliveryScheduler s(Ordering::kKey, 10);
  EXPECT_THAT(Offer(s, 1, 0, "a"), ElementsAre(1));
  EXPECT_THAT(Offer(s, 2, 0, "a"), IsEmpty());
  std::vector<EventHandle> ready;
  ASSERT_TRUE(s.Park(1, &ready).ok());
  EXPECT_THAT(Finish(s, 1), ElementsAre(2));  // e.g. abandoned at shutdown
  EXPECT_EQ(s.parked(), 0u);
}

TEST(DeliverySchedulerTest, WrongTransitionsAreRefused) {
  DeliveryScheduler s(Ordering::kKey, 10);
  std::vector<EventHandle> ready;
  ASSERT_TRUE(s.Offer({1, 0, "a"}, &ready).ok());
  ASSERT_TRUE(s.Offer({2, 0, "a"}, &ready).ok());
  EXPECT_EQ(s.Offer({1, 0, "b"}, &ready).code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(s.Finish(2, &ready).code(), absl::StatusCode::kFailedPrecondition);  // never sent
  EXPECT_EQ(s.Finish(9, &ready).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(s.Resume(1, &ready).code(), absl::StatusCode::kFailedPrecondition);  // not parked
  EXPECT_EQ(s.Park(2, &ready).code(), absl::StatusCode::kFailedPrecondition);    // not in flight
  EXPECT_THAT(ready, ElementsAre(1));
}

TEST(DeliverySchedulerTest, DropPartitionForgetsWaitingAndParkedEventsOnly) {
  DeliveryScheduler s(Ordering::kKey, 2);
  EXPECT_THAT(Offer(s, 1, 0, "a"), ElementsAre(1));  // in flight, stays
  EXPECT_THAT(Offer(s, 2, 0, "a"), IsEmpty());       // behind 1: dropped
  EXPECT_THAT(Offer(s, 3, 0, "b"), ElementsAre(3));  // parked below: dropped
  EXPECT_THAT(Offer(s, 4, 0, "c"), IsEmpty());       // waiting for a slot: dropped
  EXPECT_THAT(Offer(s, 5, 1, "d"), IsEmpty());       // other partition, waiting for a slot
  std::vector<EventHandle> ready;
  ASSERT_TRUE(s.Park(3, &ready).ok());
  EXPECT_THAT(ready, ElementsAre(4));  // 4 got 3's slot
  ready.clear();
  ASSERT_TRUE(s.Offer({6, 0, "e"}, &ready).ok());  // waits for a slot
  std::vector<EventHandle> dropped;
  s.DropPartition(0, &dropped);
  EXPECT_THAT(dropped, ::testing::UnorderedElementsAre(2, 3, 6));
  EXPECT_EQ(s.parked(), 0u);
  EXPECT_EQ(s.size(), 3u);  // 1 and 4 in flight, 5 waiting
  EXPECT_THAT(Finish(s, 1), ElementsAre(5));
  EXPECT_THAT(Finish(s, 4), IsEmpty());
  EXPECT_THAT(Finish(s, 5), IsEmpty());
  EXPECT_EQ(s.lanes(), 0u);
}

TEST(DeliverySchedulerTest, RandomisedRunKeepsPerKeyOrderAndTheInFlightLimit) {
  // Many keys and partitions, completions in random order, some parked and resumed: every
  // event is sent exactly once, per (partition, key) in offer order, never more than the limit.
  constexpr size_t kLimit = 8;
  DeliveryScheduler s(Ordering::kKey, kLimit);
  std::mt19937_64 rng(42);
  struct Meta {
    PartitionId partition;
    std::string key;
  };
  absl::flat_hash_map<EventHandle, Meta> meta;
  absl::flat_hash_map<std::string, EventHandle> last_sent_of_lane;
  std::vector<EventHandle> in_flight, parked, ready;
  absl::flat_hash_set<EventHandle> sent;
  auto lane = [&](EventHandle h) { return absl::StrCat(meta[h].partition, "/", meta[h].key); };
  auto take_ready = [&] {
    for (EventHandle h : ready) {
      if (!sent.contains(h)) {
        ASSERT_TRUE(sent.insert(h).second);
        auto [it, fresh] = last_sent_of_lane.try_emplace(lane(h), h);
        if (!fresh) {
          ASSERT_LT(it->second, h) << "lane " << lane(h) << " out of order";
          it->second = h;
        }
      }
      in_flight.push_back(h);
    }
    ready.clear();
    ASSERT_LE(s.in_flight(), kLimit);
  };
  EventHandle next = 1;
  for (int step = 0; step < 20000; ++step) {
    const uint64_t r = rng() % 10;
    if (r < 5 && next <= 5000) {
      Meta m{static_cast<PartitionId>(rng() % 4), absl::StrCat("k", rng() % 20)};
      meta[next] = m;
      ASSERT_TRUE(s.Offer({next, m.partition, meta[next].key}, &ready).ok());
      ++next;
    } else if (r < 8 && !in_flight.empty()) {
      size_t i = rng() % in_flight.size();
      EventHandle h = in_flight[i];
      in_flight.erase(in_flight.begin() + static_cast<long>(i));
      ASSERT_TRUE(s.Finish(h, &ready).ok());
    } else if (r < 9 && !in_flight.empty()) {
      size_t i = rng() % in_flight.size();
      EventHandle h = in_flight[i];
      in_flight.erase(in_flight.begin() + static_cast<long>(i));
      ASSERT_TRUE(s.Park(h, &ready).ok());
      parked.push_back(h);
    } else if (!parked.empty()) {
      EventHandle h = parked.back();
      parked.pop_back();
      ASSERT_TRUE(s.Resume(h, &ready).ok());
    }
    take_ready();
  }
  // Drain.
  while (!in_flight.empty() || !parked.empty()) {
    if (!parked.empty()) {
      ASSERT_TRUE(s.Resume(parked.back(), &ready).ok());
      parked.pop_back();
    } else {
      EventHandle h = in_flight.back();
      in_flight.pop_back();
      ASSERT_TRUE(s.Finish(h, &ready).ok());
    }
    take_ready();
  }
  EXPECT_EQ(sent.size(), next - 1);
  EXPECT_EQ(s.size(), 0u);
  EXPECT_EQ(s.lanes(), 0u);
}

TEST(DeliverySchedulerTest, OrderingFromProtoDefaultsToKey) {
  EXPECT_EQ(OrderingFromProto(topology::v1::SUBSCRIPTION_ORDERING_UNSPECIFIED), Ordering::kKey);
  EXPECT_EQ(OrderingFromProto(topology::v1::SUBSCRIPTION_ORDERING_PARTITION),
            Ordering::kPartition);
  EXPECT_EQ(OrderingFromProto(topology::v1::SUBSCRIPTION_ORDERING_NONE), Ordering::kNone);
}

}  // namespace
}  // namespace causeway::relay
