#pragma once
// The accounting every load generator shares: a run has an unrecorded warm-up and a recorded
// window; a request counts when it was *due* in the window (so the requests of the window are the
// same whatever the replies do), its latency runs from then to its reply, and throughput counts the
// replies received in the window.
//
// Threads: a LoadTally belongs to one thread (a poller, a delivery-report thread); tallies are
// merged into the LoadResult once those threads are done.
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "latency_samples.h"
#include "pacing.h"

namespace causeway::bench {

struct LoadWindow {
  Clock::time_point start, window_start, end;
  // Starting now: `warmup`, then the recorded `duration`.
  static LoadWindow StartingNow(absl::Duration warmup, absl::Duration duration);
  bool Contains(Clock::time_point t) const { return t >= window_start && t < end; }
};

struct LoadTally {
  int64_t completed_all = 0;      // every reply, warm-up included (for CPU per request)
  int64_t ok = 0;                 // requests due in the window that succeeded
  int64_t failed = 0;             // ... that did not
  int64_t replied_in_window = 0;  // successful replies received in the window, whenever due
  std::string first_error;
  LatencySamples latency;  // reply time minus due time, successful requests due in the window

  // One reply, received `now`, to a request due at `due`; `error` is empty on success.
  void Record(const LoadWindow& w, Clock::time_point due, Clock::time_point now,
              absl::string_view error);
};

struct LoadResult {
  absl::Duration elapsed;  // warm-up, window and the last replies
  absl::Duration window;
  int64_t completed_all = 0;
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t replied_in_window = 0;
  std::string first_error;
  LatencySamples latency;
  LatencySamples send_lag;  // open loop: send time minus due time
  int64_t unsent = 0;       // open loop: due in the window, never sent (also in `failed`)

  void Merge(const LoadTally& tally);
  // Counts what PaceOpenLoop left unsent as failed requests.
  void AddUnsent(int64_t count);
  // Achieved rate: replies received per second of the window (below the offered rate when the
  // client or the server falls behind).
  double throughput() const {
    return static_cast<double>(replied_in_window) / absl::ToDoubleSeconds(window);
  }
};

}  // namespace causeway::bench
