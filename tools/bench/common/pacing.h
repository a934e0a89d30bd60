#pragma once
// The clock of every load generator, and sleeping until an absolute time on it: open-loop pacers
// compute when request k is due (start + k/rate) and sleep until then, so that a late wake-up does
// not shift every later request (as repeated relative sleeps would).
#include <chrono>

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

}  // namespace causeway::bench
