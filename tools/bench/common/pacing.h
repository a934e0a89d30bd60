#pragma once
// The clock of every load generator, and sleeping until an absolute time on it: open-loop pacers
// compute when request k is due (start + k/rate) and sleep until then, so that a late wake-up does
// not shift every later request (as repeated relative sleeps would).
#include <chrono>
#include <cstdint>
#include <functional>

#include "absl/time/time.h"

namespace causeway::bench {

using Clock = std::chrono::steady_clock;

inline absl::Duration Since(Clock::time_point from, Clock::time_point to) {
  return absl::FromChrono(to - from);
}

// Sleeps until `t` on CLOCK_MONOTONIC (steady_clock's clock on Linux).
void SleepUntil(Clock::time_point t);

// Asks the kernel to wake this thread on time (timer slack 1 ns instead of up to 50 µs late):
// for the pacer threads.
void WakeOnTime();

// Request k of a pacer at `rate` per second, started at `start`.
inline Clock::time_point DueTime(Clock::time_point start, double rate, int64_t k) {
  return start + std::chrono::nanoseconds(static_cast<int64_t>(static_cast<double>(k) * 1e9 / rate));
}

class LatencySamples;

// The open-loop schedule: request k is due at `start` + k/rate; `send(k, due)` is called for each
// request due before `end`, at its due time or, when the sender runs late, as soon as it can.
// Records each in-window request's lateness in `send_lag` (when not null). A sender that is still
// behind at `end` (plus 20 ms) stops there rather than send the backlog after the window (which, when the
// server is saturated, would stretch a 20 s phase into minutes): returns how many requests due in
// [window_start, end) were never sent, which the caller counts as failed.
int64_t PaceOpenLoop(Clock::time_point start, Clock::time_point window_start, Clock::time_point end,
                     double rate, LatencySamples* send_lag,
                     const std::function<void(int64_t k, Clock::time_point due)>& send);

}  // namespace causeway::bench
