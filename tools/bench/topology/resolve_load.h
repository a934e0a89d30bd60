#pragma once
// Resolve load: simulated clients calling Resolve over a few connections, either as fast as the
// replica answers (closed loop: each client sends its next request when the previous one returns)
// or at a fixed offered rate (open loop: requests leave on a schedule, whatever the replies do).
//
// Open-loop latency is measured from the moment a request was *due*, not from when the client
// managed to send it, so a stalled client or server cannot hide its own queueing (no coordinated
// omission). The lateness of the sender itself is reported apart as `send_lag`.
//
// Threads: `poller_threads` threads each drain one completion queue (and, in closed loop, send the
// next request of the client whose reply they received); in open loop one pacer thread sends.
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "causeway/topology/v1/topology.grpc.pb.h"
#include "grpcpp/channel.h"
#include "latency_samples.h"

namespace causeway::bench {

struct ResolveLoadOptions {
  std::vector<std::shared_ptr<grpc::Channel>> connections;  // client i uses connection i % size
  std::vector<topology::v1::ResolveRequest> requests;       // cycled through
  int clients = 64;
  int poller_threads = 2;
  // 0: closed loop (maximum throughput). Otherwise requests/s offered over all clients, client i
  // sending every clients/rate seconds at a phase of i/rate.
  double offered_rate = 0;
  absl::Duration warmup = absl::Seconds(2);    // run but not recorded
  absl::Duration duration = absl::Seconds(10);  // the recorded window
};

struct ResolveLoadResult {
  absl::Duration elapsed;     // warm-up, window and the last replies
  int64_t completed_all = 0;  // every reply received, warm-up included (for CPU per request)
  absl::Duration window;
  int64_t ok = 0;      // requests due in the window that succeeded
  int64_t failed = 0;  // ... that did not
  int64_t replied_in_window = 0;  // successful replies received in the window, whenever due
  std::string first_error;
  LatencySamples latency;   // reply time minus due time, successful requests
  LatencySamples send_lag;  // open loop: send time minus due time
  // Achieved rate: replies received per second of the window (below the offered rate when the
  // client or the server falls behind).
  double throughput() const {
    return static_cast<double>(replied_in_window) / absl::ToDoubleSeconds(window);
  }
};

ResolveLoadResult RunResolveLoad(const ResolveLoadOptions& options);

}  // namespace causeway::bench
