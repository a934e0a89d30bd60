#include "relay/server/address_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstdint>
#include <cstring>
#include <string>

namespace causeway::relay {
namespace {

// `ip` in host byte order.
bool IsPrivateV4(uint32_t ip) {
  auto in = [ip](uint32_t net, int bits) { return (ip >> (32 - bits)) == (net >> (32 - bits)); };
  return in(0x00000000, 8) ||   // 0.0.0.0/8 "this network"
         in(0x0A000000, 8) ||   // 10/8
         in(0x64400000, 10) ||  // 100.64/10 carrier-grade NAT
         in(0x7F000000, 8) ||   // 127/8 loopback
         in(0xA9FE0000, 16) ||  // 169.254/16 link-local (cloud metadata lives here)
         in(0xAC100000, 12) ||  // 172.16/12
         in(0xC0A80000, 16) ||  // 192.168/16
         ip >= 0xE0000000;      // 224/4 multicast and 240/4 reserved, broadcast
}

bool IsPrivateV6(const in6_addr& a) {
  const uint8_t* b = a.s6_addr;
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMappedPrefix, 12) == 0) {
    return IsPrivateV4((uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) |
                       b[15]);
  }
  bool zero_to_14 = true;
  for (int i = 0; i < 15; ++i) zero_to_14 = zero_to_14 && b[i] == 0;
  if (zero_to_14 && (b[15] == 0 || b[15] == 1)) return true;  // :: and ::1
  return (b[0] & 0xfe) == 0xfc ||                             // fc00::/7 unique local
         (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) ||           // fe80::/10 link-local
         b[0] == 0xff;                                        // ff00::/8 multicast
}

}  // namespace

bool IsPrivateOrLocal(const sockaddr* address) {
  if (address == nullptr) return true;
  if (address->sa_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof v4);
    return IsPrivateV4(ntohl(v4.sin_addr.s_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof v6);
    return IsPrivateV6(v6.sin6_addr);
  }
  return true;
}

bool IsPrivateOrLocalText(std::string_view ip) {
  const std::string text(ip);
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) return IsPrivateV4(ntohl(v4.s_addr));
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) return IsPrivateV6(v6);
  return true;
}

}  // namespace causeway::relay
