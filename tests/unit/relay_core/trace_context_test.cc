#include "relay/core/trace_context.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace causeway::relay {
namespace {

// Returns the given values in turn, then repeats the last one. Callable as const, as
// RandomSource (absl::FunctionRef) requires.
class Sequence {
 public:
  explicit Sequence(std::vector<uint64_t> values) : values_(std::move(values)) {}
  uint64_t operator()() const { return values_[std::min(next_++, values_.size() - 1)]; }

 private:
  std::vector<uint64_t> values_;
  mutable size_t next_ = 0;
};

TEST(TraceContextTest, ValidTraceparentsPassThrough) {
  Sequence random({1});
  const char* kValid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  EXPECT_TRUE(IsValidTraceparent(kValid));
  EXPECT_EQ(TraceparentFor(kValid, random), kValid);
  // A later version may append fields.
  EXPECT_TRUE(IsValidTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x"));
}

TEST(TraceContextTest, InvalidTraceparentsAreRefused) {
  for (const char* v : {"", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
                        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}) {
    EXPECT_FALSE(IsValidTraceparent(v)) << v;
  }
}

TEST(TraceContextTest, GeneratedTraceparentIsValidAndDrawnFromTheSource) {
  Sequence random({0x0123456789abcdef, 0xfedcba9876543210, 0x1122334455667788});
  const std::string t = TraceparentFor("garbage", random);
  EXPECT_EQ(t, "00-0123456789abcdeffedcba9876543210-1122334455667788-00");
  EXPECT_TRUE(IsValidTraceparent(t));
}

TEST(TraceContextTest, GeneratedIdsAreNeverAllZero) {
  Sequence random({0, 0, 0, 5, 0, 7});
  const std::string t = NewTraceparent(random);
  EXPECT_TRUE(IsValidTraceparent(t)) << t;
}

}  // namespace
}  // namespace causeway::relay
