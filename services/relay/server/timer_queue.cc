#include "relay/server/timer_queue.h"

#include "absl/time/clock.h"

namespace causeway::relay {

TimerQueue::TimerQueue() : thread_([this] { Run(); }) {}

TimerQueue::~TimerQueue() { Stop(); }

void TimerQueue::Schedule(absl::Time due, std::function<void()> fn) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    entries_.push(Entry{due, seq_++, std::move(fn)});
  }
  cv_.notify_one();
}

size_t TimerQueue::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

void TimerQueue::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    entries_ = {};
  }
  cv_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void TimerQueue::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (entries_.empty()) {
      cv_.wait(lock);
      continue;
    }
    const absl::Time due = entries_.top().due;
    if (absl::Now() < due) {
      cv_.wait_until(lock, absl::ToChronoTime(due));
      continue;
    }
    std::function<void()> fn = std::move(const_cast<Entry&>(entries_.top()).fn);
    entries_.pop();
    lock.unlock();
    fn();
    lock.lock();
  }
}

}  // namespace causeway::relay
