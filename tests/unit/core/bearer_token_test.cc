#include "common/core/bearer_token.h"

#include <gtest/gtest.h>

#include <set>

namespace causeway {
namespace {

TEST(BearerToken, IssuedTokensAreRandomAndIdentifiedByTheirHash) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    IssuedToken t = NewBearerToken();
    ASSERT_EQ(t.text.size(), 4u + 43u) << t.text;
    EXPECT_EQ(t.text.substr(0, 4), "cwt_");
    EXPECT_EQ(t.text.find_first_not_of(
                  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 4),
              std::string::npos)
        << "base64url without padding: safe in headers and shells";
    EXPECT_EQ(t.sha256, Sha256Hex(t.text));
    EXPECT_EQ(t.id, t.sha256.substr(0, 12));
    EXPECT_TRUE(seen.insert(t.text).second);
  }
}

TEST(BearerToken, Sha256MatchesTheStandardVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace causeway
