// Which hosts and addresses count as private or local (common/net/address_class.h): every block
// the header lists, at its edges, and the literal forms a resolver would accept.
#include "common/net/address_class.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <string>

namespace causeway::net {
namespace {

bool V4(const std::string& text) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  EXPECT_EQ(inet_pton(AF_INET, text.c_str(), &a.sin_addr), 1) << text;
  return IsPrivateOrLocal(reinterpret_cast<const sockaddr*>(&a));
}

bool V6(const std::string& text) {
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), &a.sin6_addr), 1) << text;
  return IsPrivateOrLocal(reinterpret_cast<const sockaddr*>(&a));
}

TEST(AddressClassTest, Ipv4BlocksAtTheirEdges) {
  for (const char* inside :
       {"0.0.0.0", "0.255.255.255", "10.0.0.0", "10.255.255.255", "100.64.0.0", "100.127.255.255",
        "127.0.0.1", "127.255.255.254", "169.254.169.254", "172.16.0.0", "172.31.255.255",
        "192.168.0.1", "192.168.255.255", "255.255.255.255"}) {
    EXPECT_TRUE(V4(inside)) << inside;
  }
  for (const char* outside : {"1.0.0.0", "9.255.255.255", "11.0.0.0", "100.63.255.255",
                              "100.128.0.0", "126.255.255.255", "128.0.0.0", "169.253.255.255",
                              "169.255.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255",
                              "192.169.0.0", "8.8.8.8", "223.255.255.255"}) {
    EXPECT_FALSE(V4(outside)) << outside;
  }
}

TEST(AddressClassTest, Ipv6BlocksAndEmbeddedIpv4) {
  for (const char* inside : {"::", "::1", "fc00::1", "fdff:ffff::1", "fe80::1", "febf::1",
                             "fec0::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::127.0.0.1",
                             "64:ff9b::192.168.1.1", "::ffff:169.254.169.254"}) {
    EXPECT_TRUE(V6(inside)) << inside;
  }
  for (const char* outside : {"2001:db8::1", "2606:4700::1111", "fbff::1", "fe00::1",
                              "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "::2"}) {
    // ::2 is IPv4-compatible 0.0.0.2, inside 0.0.0.0/8: checked below on its own.
    if (std::string(outside) == "::2") continue;
    EXPECT_FALSE(V6(outside)) << outside;
  }
  EXPECT_TRUE(V6("::2")) << "an IPv4-compatible address of 0.0.0.0/8";
}

TEST(AddressClassTest, OtherFamiliesAndNullCountAsLocal) {
  sockaddr unix_address{};
  unix_address.sa_family = AF_UNIX;
  EXPECT_TRUE(IsPrivateOrLocal(&unix_address));
  EXPECT_TRUE(IsPrivateOrLocal(nullptr));
}

TEST(AddressClassTest, HostLiteralsInEveryFormAResolverAccepts) {
  for (const char* host :
       {"localhost", "LOCALHOST", "localhost.", "api.localhost", "127.0.0.1", "127.1",
        "0x7f000001", "2130706433", "0177.0.0.1", "10.1.2.3", "169.254.169.254", "[::1]", "::1",
        "[fe80::1%eth0]", "[::ffff:192.168.0.1]", "0.0.0.0", "0"}) {
    EXPECT_TRUE(IsPrivateOrLocalHost(host)) << host;
  }
  for (const char* host : {"example.com", "hooks.example.com", "localhost.example.com",
                           "8.8.8.8", "[2001:db8::1]", "notlocalhost", "[::1", ""}) {
    EXPECT_FALSE(IsPrivateOrLocalHost(host)) << host;
  }
}

TEST(AddressClassTest, MulticastAndReservedAreNeverReached) {
  for (const char* ip : {"224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.255"}) {
    EXPECT_TRUE(V4(ip)) << ip;
  }
  EXPECT_TRUE(V6("ff02::1"));
  EXPECT_FALSE(V4("223.255.255.255"));
}

TEST(AddressClassTest, TextFormsClassifyAsTheirAddresses) {
  for (const char* ip : {"127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "fd00::1",
                         "::ffff:10.1.2.3", "224.0.0.1"}) {
    EXPECT_TRUE(IsPrivateOrLocalText(ip)) << ip;
  }
  for (const char* ip : {"8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8"}) {
    EXPECT_FALSE(IsPrivateOrLocalText(ip)) << ip;
  }
  // Not an address: refused.
  EXPECT_TRUE(IsPrivateOrLocalText(""));
  EXPECT_TRUE(IsPrivateOrLocalText("example.com"));
}

}  // namespace
}  // namespace causeway::net
