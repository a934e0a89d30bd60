// The compatibility policy: which existing schemas a candidate is checked against, and which way.
#include "common/avro/compatibility_policy.h"

#include <string>
#include <vector>

#include "common/avro/schema_parser.h"
#include "gmock/gmock.h"
#include "avro_test_util.h"
#include "gtest/gtest.h"

namespace causeway::avro {
namespace {

using ::testing::IsEmpty;

using test_util::MustParse;

// Versions of one event type. v1 has `id`; v2 adds `note` with a default; v3 adds a required
// `calories`; v4 drops `note`.
constexpr const char* kV1 = R"({"type": "record", "name": "FoodEntryCreated", "fields": [
  {"name": "id", "type": "string"}]})";
constexpr const char* kV2 = R"({"type": "record", "name": "FoodEntryCreated", "fields": [
  {"name": "id", "type": "string"}, {"name": "note", "type": ["null", "string"], "default": null}]})";
constexpr const char* kV3 = R"({"type": "record", "name": "FoodEntryCreated", "fields": [
  {"name": "id", "type": "string"}, {"name": "note", "type": ["null", "string"], "default": null},
  {"name": "calories", "type": "int"}]})";
constexpr const char* kRequiredAge = R"({"type": "record", "name": "FoodEntryCreated",
  "fields": [{"name": "id", "type": "string"}, {"name": "age", "type": "int"}]})";

struct Found {
  size_t index;
  CheckDirection direction;
  IncompatibilityKind kind;
  std::string path;
  friend bool operator==(const Found&, const Found&) = default;
};

std::vector<Found> Check(const Schema& candidate, std::vector<const Schema*> existing,
                         CompatibilityMode mode) {
  std::vector<Found> found;
  for (const PolicyIncompatibility& p : CheckCompatibility(candidate, existing, mode)) {
    found.push_back({p.existing_index, p.direction, p.incompatibility.kind,
                     p.incompatibility.path});
  }
  return found;
}

constexpr auto kBackward = CheckDirection::kCandidateReadsExisting;
constexpr auto kForward = CheckDirection::kExistingReadsCandidate;

TEST(CompatibilityMode, NamesRoundTrip) {
  for (CompatibilityMode mode :
       {CompatibilityMode::kBackward, CompatibilityMode::kBackwardTransitive,
        CompatibilityMode::kForward, CompatibilityMode::kForwardTransitive,
        CompatibilityMode::kFull, CompatibilityMode::kFullTransitive, CompatibilityMode::kNone}) {
    absl::StatusOr<CompatibilityMode> parsed =
        ParseCompatibilityMode(CompatibilityModeName(mode));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, mode);
  }
  EXPECT_EQ(CompatibilityModeName(CompatibilityMode::kFullTransitive), "FULL_TRANSITIVE");
}

TEST(CompatibilityMode, UnknownNameIsInvalidArgument) {
  EXPECT_EQ(ParseCompatibilityMode("backward").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseCompatibilityMode("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CompatibilityPolicy, ActivationRefusesFieldWithoutDefault) {
  Schema v2 = MustParse(kV2);
  Schema v3 = MustParse(kV3);
  EXPECT_EQ(Check(v3, {&v2}, CompatibilityMode::kBackward),
            (std::vector<Found>{
                {0, kBackward, IncompatibilityKind::kReaderFieldMissingDefault,
                 "$.fields.calories"}}));
}

TEST(CompatibilityPolicy, BackwardAcceptsFieldWithDefault) {
  Schema v1 = MustParse(kV1);
  Schema v2 = MustParse(kV2);
  EXPECT_THAT(Check(v2, {&v1}, CompatibilityMode::kBackward), IsEmpty());
}

TEST(CompatibilityPolicy, NonTransitiveModesCompareOnlyWithTheNewest) {
  // The candidate drops `age`, which only the oldest schema required: the oldest's readers cannot
  // read the candidate's data, which only the transitive forward modes look at.
  Schema oldest = MustParse(kRequiredAge);
  Schema newest = MustParse(kV1);
  Schema candidate = MustParse(kV2);
  const std::vector<Found> oldest_objects = {
      {1, kForward, IncompatibilityKind::kReaderFieldMissingDefault, "$.fields.age"}};
  const std::vector<std::pair<CompatibilityMode, std::vector<Found>>> expected = {
      {CompatibilityMode::kBackward, {}},
      {CompatibilityMode::kBackwardTransitive, {}},
      {CompatibilityMode::kForward, {}},
      {CompatibilityMode::kForwardTransitive, oldest_objects},
      {CompatibilityMode::kFull, {}},
      {CompatibilityMode::kFullTransitive, oldest_objects},
  };
  for (const auto& [mode, found] : expected) {
    EXPECT_EQ(Check(candidate, {&newest, &oldest}, mode), found) << CompatibilityModeName(mode);
  }
}

TEST(CompatibilityPolicy, BackwardTransitiveChecksEveryExistingSchema) {
  // Reading int data as long is fine; the oldest schema wrote `age` as a string.
  Schema oldest = MustParse(R"({"type": "record", "name": "R",
                                "fields": [{"name": "age", "type": "string"}]})");
  Schema newest = MustParse(R"({"type": "record", "name": "R",
                                "fields": [{"name": "age", "type": "int"}]})");
  Schema candidate = MustParse(R"({"type": "record", "name": "R",
                                   "fields": [{"name": "age", "type": "long"}]})");
  EXPECT_THAT(Check(candidate, {&newest, &oldest}, CompatibilityMode::kBackward), IsEmpty());
  EXPECT_EQ(Check(candidate, {&newest, &oldest}, CompatibilityMode::kBackwardTransitive),
            (std::vector<Found>{
                {1, kBackward, IncompatibilityKind::kTypeMismatch, "$.fields.age"}}));
}

TEST(CompatibilityPolicy, ForwardHasTheExistingSchemaRead) {
  // Adding a required field is forward compatible (old readers skip it) but not backward.
  Schema v1 = MustParse(kV1);
  Schema with_age = MustParse(kRequiredAge);
  EXPECT_THAT(Check(with_age, {&v1}, CompatibilityMode::kForward), IsEmpty());
  EXPECT_EQ(Check(with_age, {&v1}, CompatibilityMode::kBackward),
            (std::vector<Found>{
                {0, kBackward, IncompatibilityKind::kReaderFieldMissingDefault, "$.fields.age"}}));
}

TEST(CompatibilityPolicy, FullReportsBothDirections) {
  // The candidate swaps a required field for another: neither side can read the other.
  Schema existing = MustParse(kRequiredAge);
  Schema candidate = MustParse(R"({"type": "record", "name": "FoodEntryCreated",
    "fields": [{"name": "id", "type": "string"}, {"name": "weight", "type": "int"}]})");
  EXPECT_EQ(Check(candidate, {&existing}, CompatibilityMode::kFull),
            (std::vector<Found>{
                {0, kBackward, IncompatibilityKind::kReaderFieldMissingDefault,
                 "$.fields.weight"},
                {0, kForward, IncompatibilityKind::kReaderFieldMissingDefault, "$.fields.age"}}));
}

TEST(CompatibilityPolicy, NoneChecksNothing) {
  Schema existing = MustParse(R"("int")");
  Schema candidate = MustParse(R"("string")");
  EXPECT_THAT(Check(candidate, {&existing}, CompatibilityMode::kNone), IsEmpty());
  EXPECT_THAT(Check(candidate, {&existing}, CompatibilityMode::kFull), ::testing::SizeIs(2));
}

TEST(CompatibilityPolicy, FirstSchemaOfAnEventTypeIsAlwaysCompatible) {
  Schema candidate = MustParse(kV3);
  EXPECT_THAT(Check(candidate, {}, CompatibilityMode::kFullTransitive), IsEmpty());
}

TEST(CompatibilityPolicy, LabelsNameTheExistingSchema) {
  Schema v2 = MustParse(kV2);
  Schema v3 = MustParse(kV3);
  const std::vector<const Schema*> existing = {&v2};
  const std::vector<std::string> labels = {"20afc5a8f9c017c1f4e82757a7a88f5b"};
  std::vector<PolicyIncompatibility> found =
      CheckCompatibility(v3, existing, CompatibilityMode::kBackward, labels);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].existing_label, labels[0]);
  EXPECT_EQ(CheckCompatibility(v3, existing, CompatibilityMode::kBackward)[0].existing_label,
            "existing[0]");
}

}  // namespace
}  // namespace causeway::avro
