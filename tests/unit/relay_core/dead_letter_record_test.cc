#include "relay/core/dead_letter_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"

namespace causeway::relay {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

DeadLetterInfo ClientError() {
  DeadLetterInfo info;
  info.reason = DeadLetterReason::kClientError;
  info.last_status = "422";
  info.attempts = 1;
  info.first_attempt = absl::FromUnixMillis(1764756000123);
  info.last_attempt = absl::FromUnixMillis(1764756000123);
  info.cluster = "local-1";
  info.topic = "mfp.person";
  info.partition = 3;
  info.offset = 1207;
  info.error = "endpoint answered 422 Unprocessable Entity";
  return info;
}

TEST(DeadLetterRecordTest, HeadersAreAppendedAfterTheOriginalOnesByteForByte) {
  const RecordHeaders original = {{"causeway-event-id", "e1"},
                                  {"bin", std::string("\x00\xff\x01", 3)},
                                  {"causeway-event-id", "dup"}};
  RecordHeaders out = WithDeadLetterHeaders(original, ClientError());
  ASSERT_EQ(out.size(), original.size() + 7);
  EXPECT_TRUE(std::equal(original.begin(), original.end(), out.begin()));
  EXPECT_THAT(RecordHeaders(out.begin() + 3, out.end()),
              ElementsAre(Pair("causeway-dl-reason", "client_error"),
                          Pair("causeway-dl-status", "422"), Pair("causeway-dl-attempts", "1"),
                          Pair("causeway-dl-first-attempt", "2025-12-03T10:00:00.123Z"),
                          Pair("causeway-dl-last-attempt", "2025-12-03T10:00:00.123Z"),
                          Pair("causeway-dl-source", "local-1/mfp.person/3/1207"),
                          Pair("causeway-dl-error", "endpoint answered 422 Unprocessable Entity")));
}

TEST(DeadLetterRecordTest, HeadersRoundTrip) {
  for (DeadLetterInfo info : {ClientError(), [] {
         DeadLetterInfo exhausted = ClientError();
         exhausted.reason = DeadLetterReason::kRetriesExhausted;
         exhausted.last_status = "timeout";
         exhausted.attempts = 31;
         exhausted.last_attempt = *exhausted.first_attempt + absl::Hours(1);
         return exhausted;
       }()}) {
    absl::StatusOr<DeadLetterInfo> parsed =
        ParseDeadLetterHeaders(WithDeadLetterHeaders({{"x", "y"}}, info));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, info);
  }
}

TEST(DeadLetterRecordTest, UndecodableRecordHasNoAttemptTimes) {
  DeadLetterInfo info;
  info.reason = DeadLetterReason::kUndecodable;
  info.cluster = "c";
  info.topic = "t";
  info.error = "unknown schema id 99";
  RecordHeaders h = DeadLetterHeaders(info);
  for (const auto& [name, value] : h) {
    EXPECT_NE(name, "causeway-dl-first-attempt");
    EXPECT_NE(name, "causeway-dl-last-attempt");
  }
  absl::StatusOr<DeadLetterInfo> parsed = ParseDeadLetterHeaders(h);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, info);
  EXPECT_EQ(parsed->last_status, "none");
  EXPECT_EQ(parsed->attempts, 0);
}

TEST(DeadLetterRecordTest, ErrorIsBoundedToOneKibOnACharacterBoundary) {
  DeadLetterInfo info = ClientError();
  info.error = std::string(1023, 'a') + "\xc3\xa9" + std::string(100, 'b');  // é straddles 1024
  RecordHeaders h = DeadLetterHeaders(info);
  EXPECT_EQ(h.back().first, "causeway-dl-error");
  EXPECT_EQ(h.back().second, std::string(1023, 'a'));
  info.error = std::string(5000, 'z');
  EXPECT_EQ(DeadLetterHeaders(info).back().second.size(), kMaxDeadLetterError);
}

TEST(DeadLetterRecordTest, ParserReadsTheLatestDeadLettering) {
  DeadLetterInfo first = ClientError();
  DeadLetterInfo second = ClientError();
  second.reason = DeadLetterReason::kRetriesExhausted;
  second.attempts = 9;
  second.topic = "causeway.sub.person-feed.redrive";
  absl::StatusOr<DeadLetterInfo> parsed =
      ParseDeadLetterHeaders(WithDeadLetterHeaders(DeadLetterHeaders(first), second));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, second);
}

TEST(DeadLetterRecordTest, ParserNamesAMissingOrMalformedHeader) {
  RecordHeaders h = DeadLetterHeaders(ClientError());
  auto without = [&](absl::string_view name) {
    RecordHeaders out;
    for (const auto& p : h) {
      if (p.first != name) out.push_back(p);
    }
    return out;
  };
  auto replaced = [&](absl::string_view name, std::string value) {
    RecordHeaders out = h;
    for (auto& p : out) {
      if (p.first == name) p.second = value;
    }
    return out;
  };
  auto fails_on = [](const RecordHeaders& headers, absl::string_view name) {
    absl::Status s = ParseDeadLetterHeaders(headers).status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << name;
    EXPECT_TRUE(absl::StartsWith(s.message(), name)) << s;
  };
  fails_on(without("causeway-dl-reason"), "causeway-dl-reason");
  fails_on(without("causeway-dl-source"), "causeway-dl-source");
  fails_on(replaced("causeway-dl-reason", "bored"), "causeway-dl-reason");
  fails_on(replaced("causeway-dl-attempts", "-1"), "causeway-dl-attempts");
  fails_on(replaced("causeway-dl-first-attempt", "yesterday"), "causeway-dl-first-attempt");
  fails_on(replaced("causeway-dl-source", "local-1/mfp.person/3"), "causeway-dl-source");
  fails_on(replaced("causeway-dl-source", "local-1/mfp.person/x/1"), "causeway-dl-source");
}

}  // namespace
}  // namespace causeway::relay
