#pragma once
// Which resolved addresses a callback may not reach unless its subscription is allowed to: the
// relay posts to URLs that users give, so without this a subscription could point it at the
// cluster's own services (SSRF). CurlDispatcher checks every address it is about to connect to
// (and the address of a reused connection) with these.
//
// TO BE REPLACED by services/common/net/address_class (IsPrivateOrLocal, written by another
// change); this is the smallest version that lets the dispatcher and its tests stand alone.
// Pure functions, thread-safe.
#include <sys/socket.h>

#include <string_view>

namespace causeway::relay {

// True for addresses that are not on the public internet: IPv4 0/8, 10/8, 100.64/10 (CGNAT),
// 127/8, 169.254/16, 172.16/12, 192.168/16, 224/4 and above (multicast, reserved, broadcast);
// IPv6 ::, ::1, fc00::/7 (unique local), fe80::/10 (link-local), ff00::/8 (multicast), and
// IPv4-mapped (::ffff:a.b.c.d) by their IPv4 address. Families other than AF_INET/AF_INET6
// (and a null address) count as private: refusing is the safe answer.
bool IsPrivateOrLocal(const sockaddr* address);

// The same for an address in text ("10.1.2.3", "::1"); text that is not an address counts as
// private.
bool IsPrivateOrLocalText(std::string_view ip);

}  // namespace causeway::relay
