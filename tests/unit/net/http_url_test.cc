// Endpoint URLs (common/net/http_url.h): what parses into which host and port, and each refusal
// with its field path.
#include "common/net/http_url.h"

#include <gtest/gtest.h>

namespace causeway::net {
namespace {

TEST(HttpUrlTest, ParsesHostPortAndTarget) {
  auto url = ParseHttpUrl("f", "https://hooks.example.com/in?x=1");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "hooks.example.com");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->target, "/in?x=1");

  url = ParseHttpUrl("f", "HTTP://10.0.0.1:8080");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->scheme, "http");
  EXPECT_EQ(url->host, "10.0.0.1");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->target, "/");

  url = ParseHttpUrl("f", "http://[::1]:9/p");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 9);

  url = ParseHttpUrl("f", "http://h?q");
  ASSERT_TRUE(url.ok()) << url.status();
  EXPECT_EQ(url->target, "/?q");
}

TEST(HttpUrlTest, RefusesWhatIsNotAPlainHttpUrl) {
  const std::pair<const char*, const char*> bad[] = {
      {"ftp://h/", "f: must be an http:// or https:// URL"},
      {"hooks.example.com", "f: must be an http:// or https:// URL"},
      {"https://user:pw@h/", "f: must not contain user info (user:password@); the relay signs "
                             "every request instead"},
      {"https://h/@x", nullptr},  // an @ in the path is not user info
      {"https:///p", "f: has no host"},
      {"https://h:0/", "f: the port must be 1..65535"},
      {"https://h:65536/", "f: the port must be 1..65535"},
      {"https://h:80a/", "f: the port must be 1..65535"},
      {"https://h:/", "f: the port after ':' is empty"},
      {"https://h/a b", "f: must not contain spaces, control or non-ASCII characters "
                        "(percent-encode them)"},
      {"https://h/#frag", "f: must not have a fragment (#...): it is never sent"},
      {"https://h%41/", "f: the host must be a DNS name of [A-Za-z0-9._-] or an IP address"},
      {"https://[::1/", "f: an IPv6 host lacks its ]"},
      {"https://[::1]x/", "f: unexpected text after the IPv6 host"},
  };
  for (const auto& [text, message] : bad) {
    auto url = ParseHttpUrl("f", text);
    if (message == nullptr) {
      EXPECT_TRUE(url.ok()) << text << ": " << url.status();
      continue;
    }
    ASSERT_FALSE(url.ok()) << text;
    EXPECT_EQ(url.status().code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(url.status().message(), message) << text;
  }
}

}  // namespace
}  // namespace causeway::net
