#include "common/net/address_class.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace causeway::net {
namespace {

struct Block {
  uint32_t base;
  int prefix;
};

bool InBlock(uint32_t host_order, const Block& block) {
  const uint32_t mask = block.prefix == 0 ? 0 : ~uint32_t{0} << (32 - block.prefix);
  return (host_order & mask) == (block.base & mask);
}

// The embedded IPv4 address (network order) of a mapped, compatible or NAT64 IPv6 address.
bool EmbeddedIpv4(const in6_addr& a, uint32_t* out) {
  const uint8_t* b = a.s6_addr;
  static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr uint8_t kCompatible[12] = {0};
  static constexpr uint8_t kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kMapped, 12) == 0 || std::memcmp(b, kCompatible, 12) == 0 ||
      std::memcmp(b, kNat64, 12) == 0) {
    std::memcpy(out, b + 12, 4);
    return true;
  }
  return false;
}

bool IsPrivateOrLocalIpv6(const in6_addr& a) {
  const uint8_t* b = a.s6_addr;
  if (IN6_IS_ADDR_UNSPECIFIED(&a) || IN6_IS_ADDR_LOOPBACK(&a)) return true;
  if ((b[0] & 0xfe) == 0xfc) return true;                    // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return true;    // fe80::/10 link-local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return true;    // fec0::/10 site-local
  uint32_t v4;
  if (EmbeddedIpv4(a, &v4)) return IsPrivateOrLocalIpv4(v4);
  return false;
}

}  // namespace

bool IsPrivateOrLocalIpv4(uint32_t address_network_order) {
  static constexpr Block kBlocks[] = {
      {0x00000000, 8},  {0x0a000000, 8},   {0x64400000, 10}, {0x7f000000, 8},
      {0xa9fe0000, 16}, {0xac100000, 12},  {0xc0a80000, 16}, {0xffffffff, 32},
  };
  const uint32_t host_order = ntohl(address_network_order);
  for (const Block& block : kBlocks) {
    if (InBlock(host_order, block)) return true;
  }
  return false;
}

bool IsPrivateOrLocal(const sockaddr* address) {
  if (address == nullptr) return true;
  if (address->sa_family == AF_INET) {
    return IsPrivateOrLocalIpv4(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr);
  }
  if (address->sa_family == AF_INET6) {
    return IsPrivateOrLocalIpv6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  }
  return true;
}

bool IsPrivateOrLocalHost(absl::string_view host) {
  std::string lower = absl::AsciiStrToLower(host);
  absl::string_view name = lower;
  absl::ConsumeSuffix(&name, ".");
  if (name == "localhost" || absl::EndsWith(name, ".localhost")) return true;
  absl::string_view literal = lower;
  if (absl::ConsumePrefix(&literal, "[") && !absl::ConsumeSuffix(&literal, "]")) return false;
  if (const size_t zone = literal.find('%'); zone != absl::string_view::npos) {
    literal = literal.substr(0, zone);
  }
  const std::string text(literal);
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IsPrivateOrLocalIpv6(v6);
  // inet_aton takes every form a resolver treats as an IPv4 literal (127.1, 0x7f000001, ...),
  // which a stricter parser would let through as a "name".
  in_addr v4;
  if (inet_aton(text.c_str(), &v4) != 0) return IsPrivateOrLocalIpv4(v4.s_addr);
  return false;
}

}  // namespace causeway::net
