#include "pacing.h"

#include <sys/prctl.h>
#include <time.h>

#include <cerrno>

namespace causeway::bench {

void SleepUntil(Clock::time_point t) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

void WakeOnTime() { prctl(PR_SET_TIMERSLACK, 1UL); }

}  // namespace causeway::bench
