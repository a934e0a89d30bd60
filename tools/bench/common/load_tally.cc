#include "load_tally.h"

namespace causeway::bench {

LoadWindow LoadWindow::StartingNow(absl::Duration warmup, absl::Duration duration) {
  LoadWindow w;
  w.start = Clock::now();
  w.window_start = w.start + absl::ToChronoNanoseconds(warmup);
  w.end = w.window_start + absl::ToChronoNanoseconds(duration);
  return w;
}

void LoadTally::Record(const LoadWindow& w, Clock::time_point due, Clock::time_point now,
                       absl::string_view error) {
  ++completed_all;
  if (error.empty() && w.Contains(now)) ++replied_in_window;
  if (!w.Contains(due)) return;
  if (error.empty()) {
    ++ok;
    latency.Add(Since(due, now));
  } else {
    ++failed;
    if (first_error.empty()) first_error = std::string(error);
  }
}

void LoadResult::Merge(const LoadTally& t) {
  completed_all += t.completed_all;
  ok += t.ok;
  replied_in_window += t.replied_in_window;
  failed += t.failed;
  if (first_error.empty()) first_error = t.first_error;
  latency.Merge(t.latency);
}

void LoadResult::AddUnsent(int64_t count) {
  if (count <= 0) return;
  unsent += count;
  failed += count;
  if (first_error.empty()) first_error = "not sent: the client fell behind the schedule";
}

}  // namespace causeway::bench
