#include "topology/history_reader.h"

namespace causeway::topology {

HistoryReader::HistoryReader(TopologyStore* store, int threads) : store_(store) {
  for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

HistoryReader::~HistoryReader() {
  std::deque<Request> left;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    left.swap(queue_);
  }
  cv_.notify_all();
  for (std::thread& t : workers_) t.join();
  for (Request& r : left) r.done(absl::UnavailableError("server stopping"));
}

absl::Status HistoryReader::Read(int64_t after, int limit, Done done) {
  std::lock_guard lock(mu_);
  if (stopping_) return absl::UnavailableError("server stopping");
  queue_.push_back(Request{after, limit, std::move(done)});
  cv_.notify_one();
  return absl::OkStatus();
}

void HistoryReader::Work() {
  while (true) {
    Request r;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      r = std::move(queue_.front());
      queue_.pop_front();
    }
    r.done(store_->ChangesAfter(r.after, r.limit));
  }
}

}  // namespace causeway::topology
