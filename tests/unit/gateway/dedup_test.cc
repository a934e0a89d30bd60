// Duplicate suppression on its own: what a retry must repeat, what a reused event id gets, the
// window and the bound, and what a remembered event costs in memory.
#include "gateway/server/dedup.h"

#include <gtest/gtest.h>
#include <malloc.h>

#if defined(__SANITIZE_ADDRESS__)
// From <sanitizer/allocator_interface.h>, which Debian's GCC does not ship.
extern "C" size_t __sanitizer_get_current_allocated_bytes();
#endif

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace causeway::gateway {
namespace {

FingerprintParts Event(absl::string_view event_id, absl::string_view payload = R"({"a":1})") {
  return {.producer = "p", .namespace_ = "mfp", .event_type = "Person", .event_id = event_id,
          .payload = payload};
}

v1::PublishResult Persisted(int64_t offset, int zones = 1) {
  v1::PublishResult r;
  r.set_schema_id("0123456789abcdef0123456789abcdef");
  r.set_global_schema_id(258);
  for (int i = 0; i < zones; ++i) {
    v1::ZoneResult* z = r.add_zones();
    z->set_zone(absl::StrCat("zone-", i));
    z->set_cluster(absl::StrCat("zone-", i, "-1"));
    z->set_partition(i + 1);
    z->set_offset(offset + i * 1000);
  }
  return r;
}

class DedupTest : public ::testing::Test {
 protected:
  // Begins `parts` and records what the waiter got.
  Dedup::Claim Begin(const FingerprintParts& parts, absl::Time now = absl::UnixEpoch() + absl::Hours(1)) {
    return dedup_.Begin(FingerprintOf(parts), parts.event_id,
                        [this](const v1::PublishResult& r) { answers_.push_back(r); }, now);
  }
  void Finish(const FingerprintParts& parts, const v1::PublishResult& r,
              absl::Time now = absl::UnixEpoch() + absl::Hours(1)) {
    dedup_.Finish(FingerprintOf(parts), r, now);
  }

  Dedup dedup_{absl::Minutes(1), 3};
  std::vector<v1::PublishResult> answers_;
};

TEST_F(DedupTest, RetryWithTheSameContentIsAnsweredWithTheFirstOutcome) {
  ASSERT_EQ(Begin(Event("e1")), Dedup::Claim::kNew);
  Finish(Event("e1"), Persisted(42, 2));
  ASSERT_EQ(Begin(Event("e1")), Dedup::Claim::kAnswered);
  ASSERT_EQ(answers_.size(), 1u);
  const v1::PublishResult& a = answers_[0];
  EXPECT_TRUE(a.duplicate());
  EXPECT_EQ(a.event_id(), "e1");
  EXPECT_EQ(a.schema_id(), "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(a.global_schema_id(), 258);
  ASSERT_EQ(a.zones_size(), 2);
  EXPECT_EQ(a.zones(0).zone(), "zone-0");
  EXPECT_EQ(a.zones(0).cluster(), "zone-0-1");
  EXPECT_EQ(a.zones(0).partition(), 1);
  EXPECT_EQ(a.zones(0).offset(), 42);
  EXPECT_EQ(a.zones(1).zone(), "zone-1");
  EXPECT_EQ(a.zones(1).partition(), 2);
  EXPECT_EQ(a.zones(1).offset(), 1042);
}

TEST_F(DedupTest, ReusedIdWithOtherContentIsAConflictFinishedOrInFlight) {
  ASSERT_EQ(Begin(Event("e1")), Dedup::Claim::kNew);
  EXPECT_EQ(Begin(Event("e1", R"({"a":2})")), Dedup::Claim::kConflict) << "while in flight";
  Finish(Event("e1"), Persisted(1));
  EXPECT_EQ(Begin(Event("e1", R"({"a":2})")), Dedup::Claim::kConflict);
  FingerprintParts keyed = Event("e1");
  keyed.kafka_key = "k";
  EXPECT_EQ(Begin(keyed), Dedup::Claim::kConflict) << "another Kafka key";
  FingerprintParts avro = Event("e1");
  avro.avro = true;
  EXPECT_EQ(Begin(avro), Dedup::Claim::kConflict) << "the same bytes read as Avro";
  FingerprintParts pinned = Event("e1");
  pinned.named_schema_global_id = 258;
  EXPECT_EQ(Begin(pinned), Dedup::Claim::kConflict) << "another schema named";
  EXPECT_TRUE(answers_.empty()) << "a conflict is never answered as a duplicate";
}

TEST_F(DedupTest, KeyIsProducerNamespaceEventTypeAndEventId) {
  ASSERT_EQ(Begin(Event("order-42")), Dedup::Claim::kNew);
  Finish(Event("order-42"), Persisted(1));
  FingerprintParts other_type = Event("order-42", R"({"b":1})");
  other_type.event_type = "OrderPaid";
  EXPECT_EQ(Begin(other_type), Dedup::Claim::kNew);
  FingerprintParts other_ns = Event("order-42", R"({"b":1})");
  other_ns.namespace_ = "billing";
  EXPECT_EQ(Begin(other_ns), Dedup::Claim::kNew);
  FingerprintParts other_producer = Event("order-42", R"({"b":1})");
  other_producer.producer = "q";
  EXPECT_EQ(Begin(other_producer), Dedup::Claim::kNew);
  // Parts are length-prefixed: moving a byte from one part to the next is another key.
  FingerprintParts a = Event("x");
  a.namespace_ = "ab";
  a.event_type = "c";
  FingerprintParts b = Event("x");
  b.namespace_ = "a";
  b.event_type = "bc";
  EXPECT_FALSE(FingerprintOf(a).key == FingerprintOf(b).key);
}

TEST_F(DedupTest, RetryWhileInFlightWaitsForTheFirstAttempt) {
  ASSERT_EQ(Begin(Event("e1")), Dedup::Claim::kNew);
  ASSERT_EQ(Begin(Event("e1")), Dedup::Claim::kWaiting);
  EXPECT_TRUE(answers_.empty());
  Finish(Event("e1"), Persisted(7));
  ASSERT_EQ(answers_.size(), 1u);
  EXPECT_TRUE(answers_[0].duplicate());
  EXPECT_EQ(answers_[0].zones(0).offset(), 7);
}

TEST_F(DedupTest, FailedAttemptIsForgotten) {
  ASSERT_EQ(Begin(Event("e1")), Dedup::Claim::kNew);
  v1::PublishResult failed;
  failed.set_code(static_cast<int>(absl::StatusCode::kUnavailable));
  Finish(Event("e1"), failed);
  EXPECT_EQ(Begin(Event("e1", R"({"a":2})")), Dedup::Claim::kNew)
      << "nothing was written, so the id is free";
  EXPECT_EQ(dedup_.size(), 1u);
}

TEST_F(DedupTest, PartialFailureRemembersTheZonesItWrote) {
  ASSERT_EQ(Begin(Event("e1")), Dedup::Claim::kNew);
  v1::PublishResult failed = Persisted(5, 2);
  failed.set_code(static_cast<int>(absl::StatusCode::kUnavailable));
  failed.mutable_zones(1)->set_code(static_cast<int>(absl::StatusCode::kUnavailable));
  Finish(Event("e1"), failed);
  EXPECT_EQ(Begin(Event("e1", R"({"a":2})")), Dedup::Claim::kConflict)
      << "zone-0 has the first content";
  std::vector<v1::ZoneResult> written;
  const absl::Time now = absl::UnixEpoch() + absl::Hours(1);
  ASSERT_EQ(dedup_.Begin(FingerprintOf(Event("e1")), "e1", [](auto&) {}, now, &written),
            Dedup::Claim::kNew);
  ASSERT_EQ(written.size(), 1u);
  EXPECT_EQ(written[0].zone(), "zone-0");
  EXPECT_EQ(written[0].offset(), 5);
  Finish(Event("e1"), Persisted(5, 2));
  EXPECT_EQ(Begin(Event("e1")), Dedup::Claim::kAnswered);
}

TEST_F(DedupTest, PartialFailureIsForgottenAfterTheWindow) {
  const absl::Time t0 = absl::UnixEpoch() + absl::Hours(1);
  ASSERT_EQ(Begin(Event("e1"), t0), Dedup::Claim::kNew);
  v1::PublishResult failed = Persisted(5, 2);
  failed.set_code(static_cast<int>(absl::StatusCode::kUnavailable));
  failed.mutable_zones(1)->set_code(static_cast<int>(absl::StatusCode::kUnavailable));
  Finish(Event("e1"), failed, t0);
  EXPECT_EQ(dedup_.size(), 1u);
  std::vector<v1::ZoneResult> written;
  ASSERT_EQ(dedup_.Begin(FingerprintOf(Event("e1", R"({"a":2})")), "e1", [](auto&) {},
                         t0 + absl::Seconds(61), &written),
            Dedup::Claim::kNew);
  EXPECT_TRUE(written.empty());
}

TEST_F(DedupTest, ForgetsAfterTheWindowAndBeyondTheBound) {
  const absl::Time t0 = absl::UnixEpoch() + absl::Hours(1);
  for (const char* id : {"a", "b", "c"}) {
    ASSERT_EQ(Begin(Event(id), t0), Dedup::Claim::kNew);
    Finish(Event(id), Persisted(1), t0);
  }
  EXPECT_EQ(dedup_.size(), 3u);
  ASSERT_EQ(Begin(Event("d"), t0), Dedup::Claim::kNew);
  Finish(Event("d"), Persisted(1), t0);
  EXPECT_EQ(dedup_.size(), 3u) << "the bound is 3";
  EXPECT_EQ(Begin(Event("a", R"({"other":1})"), t0), Dedup::Claim::kNew) << "the oldest went";
  Finish(Event("a", R"({"other":1})"), Persisted(1), t0);
  EXPECT_EQ(Begin(Event("c"), t0 + absl::Seconds(59)), Dedup::Claim::kAnswered);
  EXPECT_EQ(Begin(Event("c", R"({"other":1})"), t0 + absl::Seconds(61)), Dedup::Claim::kNew)
      << "past the window";
}

size_t AllocatedBytes() {
#if defined(__SANITIZE_ADDRESS__)
  return __sanitizer_get_current_allocated_bytes();
#else
  return mallinfo2().uordblks;
#endif
}

// What one remembered single-zone event costs, at the bound. The figure goes into the
// --dedup-max-entries help and the README; issue 15 asks for at most 64 bytes.
TEST(DedupMemory, SingleZoneEventCostsAtMost64Bytes) {
  constexpr size_t kEntries = 1'000'000;  // the default bound: the index at its emptiest load
  const size_t before = AllocatedBytes();
  {
    Dedup dedup(absl::Hours(1), kEntries);
    const absl::Time now = absl::Now();
    for (size_t i = 0; i < kEntries; ++i) {
      const std::string id = absl::StrCat("5f0c3a9e-1b2d-4c3e-8f9a-", 100000000000 + i);
      const FingerprintParts parts{.producer = "orders-service", .namespace_ = "mfp",
                                   .event_type = "Person", .event_id = id,
                                   .payload = R"({"first_name":"Paul"})"};
      const EventFingerprint f = FingerprintOf(parts);
      ASSERT_EQ(dedup.Begin(f, id, [](const v1::PublishResult&) {}, now), Dedup::Claim::kNew);
      v1::PublishResult r = Persisted(123456789 + static_cast<int64_t>(i));
      r.set_event_id(id);
      dedup.Finish(f, r, now);
    }
    ASSERT_EQ(dedup.size(), kEntries);
    const double per_entry = static_cast<double>(AllocatedBytes() - before) / kEntries;
    std::printf("dedup: %.1f bytes per remembered single-zone event at %zu entries\n", per_entry,
                kEntries);
    EXPECT_LE(per_entry, 64.0);
  }
}

}  // namespace
}  // namespace causeway::gateway
