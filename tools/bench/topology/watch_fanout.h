#pragma once
// Watch fan-out: many Watch streams on one replica, then a series of committed changes; for each
// change, how long until the last stream received it, and what the streams cost the server in
// resident memory.
//
// Each change is an UpdateNamespace of the plan's watched namespace whose description carries the
// change's index ("fanout-7"), so a watcher knows which change arrived without any clock of the
// server's. Note that a mutation returns once the replica's own view holds it (read-your-writes),
// so "from the commit returning" starts after PostgreSQL's NOTIFY already reached the replica;
// "from the commit sent" is the whole path.
//
// Threads: `poller_threads` threads drain the streams' completion queue; the calling thread
// commits the changes.
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "causeway/topology/v1/topology.grpc.pb.h"
#include "latency_samples.h"
#include "process_stats.h"

namespace causeway::bench {

struct WatchFanoutOptions {
  std::string target;
  int watchers = 1000;
  int connections = 1000;  // watcher i uses connection i % connections
  int poller_threads = 2;
  int changes = 20;
  absl::Duration spacing = absl::Milliseconds(200);  // between the starts of two commits
  std::string watched_namespace;
  pid_t server_pid = 0;  // whose memory is read
  std::string token;     // bearer token of the watchers and of the commits (an admin's)
};

struct WatchFanoutResult {
  int watchers = 0;
  int snapshots = 0;               // streams that received their whole snapshot
  absl::Duration open_time;        // from the first Watch call to the last snapshot complete
  int64_t snapshot_changes = 0;    // entities in one snapshot
  int64_t rss_before_kib = 0;      // server, before the first stream
  int64_t rss_open_kib = 0;        // server, every stream open and idle (steady)
  int64_t rss_after_kib = 0;       // server, after the changes were delivered
  LatencySamples last_from_return;    // last watcher's receipt minus commit returned
  LatencySamples first_from_return;   // first watcher's receipt minus commit returned
  LatencySamples median_from_return;  // the 50th percentile watcher's, per change
  LatencySamples last_from_send;      // last watcher's receipt minus commit sent
  LatencySamples commit;              // UpdateNamespace round trip
  absl::Duration server_cpu_per_change;  // server CPU from the first commit to the last delivery
  absl::Duration client_cpu_per_change;  // the same for this process (commits and 1,000 readers)
  int64_t missed = 0;      // (change, watcher) pairs not delivered within 10 s of the last commit
  int streams_failed = 0;  // streams ended by anything but our own cancellation
  std::string first_error;
  double per_watcher_kib() const;
};

WatchFanoutResult RunWatchFanout(const WatchFanoutOptions& options);

}  // namespace causeway::bench
