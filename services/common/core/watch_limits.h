#pragma once
// Message sizes of Topology.Watch that causeway-topology (the sender) and its followers (gateway,
// CLI; later relay and archiver) agree on. gRPC clients refuse a message over their receive limit
// (4 MiB unless set) and the stream fails: a follower would reconnect, get the same message, fail
// again, and stay on stale state forever. So the sender keeps every message small and every
// follower accepts more than the largest message the sender can produce.
#include <cstddef>

namespace causeway {

// gRPC's default receive limit (GRPC_DEFAULT_MAX_RECV_MESSAGE_LENGTH): what a client that sets
// nothing accepts.
inline constexpr size_t kGrpcDefaultReceiveBytes = size_t{4} << 20;

// causeway-topology packs Watch changes (snapshot entities and live changes alike) into messages of
// at most this many bytes, and of at most the configured count. An entity larger than this alone
// goes alone in its message. Small, because a stream whose client does not read holds one message
// (as a protobuf and serialised in gRPC's buffer): 1,000 such streams hold ~128 MiB, not GiBs.
inline constexpr size_t kWatchMessageBytes = size_t{64} << 10;

// The largest entity causeway-topology stores, ASSUMED here (not enforced in this file): a schema,
// whose definition registration bounds at 256 KiB (avro::SchemaBounds), with its canonical form (the same types, without
// docs and whitespace: ~the definition's size or less) and a few hundred bytes of metadata. Every
// other entity is made of bounded text fields far under this. A single-entity Watch message is at
// most this plus a few bytes. Raising the schema bound means re-checking this and the asserts.
inline constexpr size_t kMaxEntityBytes = (size_t{2} << 20) + (size_t{64} << 10);

// The receive limit a follower sets on its channel to causeway-topology: room for the largest
// single-entity message with a wide margin, and equal to the largest request causeway-topology
// itself accepts (ServerOptions::max_message_bytes), so no entity it could ever store is refused.
inline constexpr int kTopologyReceiveBytes = 16 << 20;

static_assert(kWatchMessageBytes < kGrpcDefaultReceiveBytes,
              "a follower with gRPC's default receive limit must take every multi-entity message");
static_assert(kMaxEntityBytes < kGrpcDefaultReceiveBytes,
              "a follower with gRPC's default receive limit must take the largest entity");
static_assert(kMaxEntityBytes < static_cast<size_t>(kTopologyReceiveBytes));

}  // namespace causeway
