#pragma once
// PublishStream load: one stream of Person events, closed loop (at most `window` events awaiting
// their acknowledgement: the maximum throughput of one stream) or open loop at a steady rate (the
// RSS phase and the soak). Each event's latency runs from when it was written (closed loop) or due
// (open loop) to its PublishResult, matched by event id; results arrive in completion order.
//
// Threads: the caller's thread writes (sync gRPC stream); one thread reads the results.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "load_tally.h"
#include "person_events.h"

namespace causeway::bench {

struct StreamLoadOptions {
  std::shared_ptr<grpc::Channel> channel;
  std::string token;  // bearer token, empty for none
  std::string ns;     // namespace of the Person event type
  EventIds ids{"stream"};
  int window = 1000;        // closed loop: unacknowledged events at most
  double offered_rate = 0;  // > 0: open loop at this many events/s
  absl::Duration warmup = absl::Seconds(2);
  absl::Duration duration = absl::Seconds(20);
  bool keep_acknowledged = false;  // remember the sequence of every event acknowledged OK
};

struct StreamLoadResult {
  LoadResult load;
  int64_t written = 0;
  int64_t unmatched = 0;               // results whose event id was not one written (a bug)
  std::string stream_status;           // how the stream ended: "OK" or the gRPC error
  std::vector<uint64_t> acknowledged;  // keep_acknowledged: sequences acknowledged OK
};

StreamLoadResult RunStreamLoad(const StreamLoadOptions& options);

}  // namespace causeway::bench
