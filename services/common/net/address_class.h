#pragma once
// Which addresses a webhook delivery must not reach unless an admin allowed it
// (Subscription.allow_private_endpoint): a push service that POSTs wherever a consumer points it
// would otherwise let that consumer probe the network it runs in (server-side request forgery).
// Topology refuses endpoints whose host is such a literal address; the relay checks the address a
// name resolved to again, at connect time. Pure (no look-ups).
//
// Private or local means:
//   IPv4: 0.0.0.0/8 (this network, unspecified), 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16
//         (RFC 1918), 100.64.0.0/10 (carrier-grade NAT), 127.0.0.0/8 (loopback), 169.254.0.0/16
//         (link-local, cloud metadata services), 255.255.255.255 (broadcast);
//   IPv6: :: and ::1, fc00::/7 (unique local), fe80::/10 (link-local), fec0::/10 (site-local),
//         and an IPv4 address embedded as ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible) or
//         64:ff9b::a.b.c.d (NAT64) when that IPv4 address is private or local.
#include <sys/socket.h>

#include <cstdint>

#include "absl/strings/string_view.h"

namespace causeway::net {

// Whether the address (AF_INET or AF_INET6) is private or local, as above. Another family (a
// Unix socket, nullptr) counts as local: a delivery never goes there.
bool IsPrivateOrLocal(const sockaddr* address);

// Whether an IPv4 address in network byte order is private or local.
bool IsPrivateOrLocalIpv4(uint32_t address_network_order);

// Whether a URL host names a private or local address by itself: `localhost` (any case, with or
// without a trailing dot, and any name under `.localhost`, RFC 6761), or a literal IPv4 address
// in any form a resolver accepts as one (`10.0.0.1`, `127.1`, `0x7f000001`, `2130706433`) or a
// literal IPv6 address (bare or in brackets, `[::1]`, with an optional `%zone`) that is private
// or local. A DNS name gives false: what it resolves to is checked at connect time.
bool IsPrivateOrLocalHost(absl::string_view host);

}  // namespace causeway::net
