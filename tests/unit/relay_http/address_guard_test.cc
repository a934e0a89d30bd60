#include "relay/server/address_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

#include "gtest/gtest.h"

namespace causeway::relay {
namespace {

bool PrivateSockaddr(const char* ip) {
  sockaddr_storage storage{};
  if (std::strchr(ip, ':') != nullptr) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    v6->sin6_family = AF_INET6;
    EXPECT_EQ(inet_pton(AF_INET6, ip, &v6->sin6_addr), 1) << ip;
  } else {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    v4->sin_family = AF_INET;
    EXPECT_EQ(inet_pton(AF_INET, ip, &v4->sin_addr), 1) << ip;
  }
  return IsPrivateOrLocal(reinterpret_cast<sockaddr*>(&storage));
}

TEST(AddressGuard, RefusesLoopbackPrivateLinkLocalAndSpecialRanges) {
  for (const char* ip : {"127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255",
                         "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1",
                         "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc00::1", "ff02::1",
                         "::ffff:127.0.0.1", "::ffff:10.1.2.3"}) {
    EXPECT_TRUE(PrivateSockaddr(ip)) << ip;
    EXPECT_TRUE(IsPrivateOrLocalText(ip)) << ip;
  }
}

TEST(AddressGuard, AllowsPublicAddresses) {
  for (const char* ip : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "192.169.0.1",
                         "100.128.0.1", "11.0.0.1", "2001:4860:4860::8888", "::ffff:8.8.8.8",
                         "fec0::1"}) {
    EXPECT_FALSE(PrivateSockaddr(ip)) << ip;
    EXPECT_FALSE(IsPrivateOrLocalText(ip)) << ip;
  }
}

TEST(AddressGuard, RefusesWhatIsNotAnAddress) {
  EXPECT_TRUE(IsPrivateOrLocal(nullptr));
  EXPECT_TRUE(IsPrivateOrLocalText(""));
  EXPECT_TRUE(IsPrivateOrLocalText("example.com"));
  sockaddr unix_address{};
  unix_address.sa_family = AF_UNIX;
  EXPECT_TRUE(IsPrivateOrLocal(&unix_address));
}

}  // namespace
}  // namespace causeway::relay
