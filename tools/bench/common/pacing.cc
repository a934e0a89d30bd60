#include "pacing.h"

#include <sys/prctl.h>
#include <time.h>

#include <cerrno>

#include "latency_samples.h"

namespace causeway::bench {

void SleepUntil(Clock::time_point t) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

void WakeOnTime() { prctl(PR_SET_TIMERSLACK, 1UL); }

// A wake-up a little late for the window's last request is not a sender that fell behind.
constexpr std::chrono::milliseconds kPastEndGrace(20);

int64_t PaceOpenLoop(Clock::time_point start, Clock::time_point window_start, Clock::time_point end,
                     double rate, LatencySamples* send_lag,
                     const std::function<void(int64_t k, Clock::time_point due)>& send) {
  WakeOnTime();
  int64_t k = 0;
  for (;; ++k) {
    const Clock::time_point due = DueTime(start, rate, k);
    if (due >= end) return 0;
    SleepUntil(due);
    const Clock::time_point now = Clock::now();
    if (now >= end + kPastEndGrace) break;
    if (send_lag != nullptr && due >= window_start) send_lag->Add(Since(due, now));
    send(k, due);
  }
  // Requests k.. are unsent; count those due in the window.
  int64_t unsent = 0;
  for (; DueTime(start, rate, k) < end; ++k) {
    if (DueTime(start, rate, k) >= window_start) ++unsent;
  }
  return unsent;
}

}  // namespace causeway::bench
