#include "relay/core/pull_tracker.h"

#include "absl/strings/str_format.h"

namespace causeway::relay {

void PullTracker::AddStream(StreamId id, StreamLimits limits) {
  if (limits.max_events == 0) limits.max_events = 1;
  if (limits.max_batch == 0) limits.max_batch = 1;
  streams_.try_emplace(id, Stream{limits});
}

void PullTracker::Release(Stream& s, const Out& o) {
  s.events -= std::min(s.events, size_t{1});
  s.bytes -= std::min(s.bytes, o.bytes);
}

void PullTracker::RemoveStream(StreamId id, std::vector<PullToken>* requeued) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  Stream& s = it->second;
  std::set<std::string> unsent;
  for (const PullSent& p : s.batch) unsent.insert(p.ack_id);
  // Front of the queue, in the order they were assigned (ack ids of one stream sort by
  // sequence only within the same hex length, so collect by sequence instead).
  std::vector<std::pair<uint64_t, Queued>> back;
  for (const std::string& ack : s.ack_ids) {
    auto o = by_ack_.find(ack);
    if (o == by_ack_.end()) continue;
    const bool sent = unsent.count(ack) == 0;
    const int attempt = sent ? o->second.attempt + 1 : o->second.attempt;
    uint64_t seq = 0;
    const size_t dot = ack.find('.');
    if (dot != std::string::npos) {
      seq = std::strtoull(ack.c_str() + dot + 1, nullptr, 16);
    }
    back.push_back({seq, Queued{o->second.token, o->second.bytes, attempt}});
    held_[o->second.token] = attempt;
    deadlines_.erase({o->second.deadline, ack});
    by_ack_.erase(o);
  }
  std::sort(back.begin(), back.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto r = back.rbegin(); r != back.rend(); ++r) {
    queue_.push_front(r->second);
    if (requeued) requeued->push_back(r->second.token);
  }
  streams_.erase(it);
}

void PullTracker::Offer(PullToken token, size_t bytes, int attempt) {
  if (!held_.emplace(token, attempt).second) return;
  queue_.push_back(Queued{token, bytes, attempt});
}

bool PullTracker::Room(const Stream& s, size_t bytes) const {
  if (s.events >= s.limits.max_events) return false;
  return s.events == 0 || s.bytes + bytes <= s.limits.max_bytes;
}

void PullTracker::Assign(absl::Time now, RandomSource random) {
  while (!queue_.empty()) {
    const Queued& q = queue_.front();
    Stream* best = nullptr;
    StreamId best_id = 0;
    for (auto& [id, s] : streams_) {
      if (!Room(s, q.bytes)) continue;
      if (best == nullptr || s.events < best->events) {
        best = &s;
        best_id = id;
      }
    }
    if (best == nullptr) return;  // every stream is full: the head waits (FIFO)
    std::string ack = absl::StrFormat("%x.%x.%016x", best_id, ++best->sequence, random());
    best->events += 1;
    best->bytes += q.bytes;
    best->ack_ids.insert(ack);
    if (best->batch.empty()) best->batch_since = now;
    best->batch.push_back(PullSent{ack, q.token, q.attempt});
    held_[q.token] = q.attempt;
    by_ack_.emplace(ack, Out{q.token, best_id, q.bytes, q.attempt, absl::InfiniteFuture()});
    queue_.pop_front();
  }
}

std::vector<PullBatch> PullTracker::TakeDue(absl::Time now) {
  std::vector<PullBatch> out;
  for (auto& [id, s] : streams_) {
    while (!s.batch.empty() &&
           (s.batch.size() >= s.limits.max_batch || now >= s.batch_since + s.limits.batch_flush)) {
      PullBatch b;
      b.stream = id;
      const size_t n = std::min(s.batch.size(), s.limits.max_batch);
      b.events.assign(std::make_move_iterator(s.batch.begin()),
                      std::make_move_iterator(s.batch.begin() + static_cast<ptrdiff_t>(n)));
      s.batch.erase(s.batch.begin(), s.batch.begin() + static_cast<ptrdiff_t>(n));
      // The rest (at most a batch's worth) is flushed at the same time limit.
      if (s.batch.empty()) s.batch_since = absl::InfiniteFuture();
      const absl::Time deadline = now + s.limits.ack_deadline;
      for (const PullSent& p : b.events) {
        auto o = by_ack_.find(p.ack_id);
        if (o == by_ack_.end()) continue;
        o->second.deadline = deadline;
        deadlines_.insert({deadline, p.ack_id});
      }
      out.push_back(std::move(b));
    }
  }
  return out;
}

std::optional<PullSettled> PullTracker::Settle(absl::string_view ack_id) {
  auto it = by_ack_.find(ack_id);
  if (it == by_ack_.end()) return std::nullopt;
  const Out o = it->second;
  // An event not sent yet cannot be acknowledged (its id is not known outside).
  if (o.deadline == absl::InfiniteFuture()) return std::nullopt;
  const std::string id(ack_id);
  by_ack_.erase(it);
  deadlines_.erase({o.deadline, id});
  held_.erase(o.token);
  if (auto s = streams_.find(o.stream); s != streams_.end()) {
    Release(s->second, o);
    s->second.ack_ids.erase(id);
  }
  return PullSettled{o.token, o.attempt};
}

bool PullTracker::Extend(absl::string_view ack_id, absl::Time deadline) {
  auto it = by_ack_.find(ack_id);
  if (it == by_ack_.end() || it->second.deadline == absl::InfiniteFuture()) return false;
  const std::string id(ack_id);
  deadlines_.erase({it->second.deadline, id});
  it->second.deadline = deadline;
  deadlines_.insert({deadline, id});
  return true;
}

void PullTracker::Expire(absl::Time now, std::vector<PullToken>* expired) {
  std::vector<Queued> again;
  while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
    const std::string id = deadlines_.begin()->second;
    deadlines_.erase(deadlines_.begin());
    auto it = by_ack_.find(id);
    if (it == by_ack_.end()) continue;
    const Out o = it->second;
    by_ack_.erase(it);
    if (auto s = streams_.find(o.stream); s != streams_.end()) {
      Release(s->second, o);
      s->second.ack_ids.erase(id);
    }
    held_[o.token] = o.attempt + 1;
    again.push_back(Queued{o.token, o.bytes, o.attempt + 1});
    if (expired) expired->push_back(o.token);
  }
  // Oldest first, ahead of events never sent.
  for (auto r = again.rbegin(); r != again.rend(); ++r) queue_.push_front(*r);
}

absl::Time PullTracker::NextWake() const {
  absl::Time t = deadlines_.empty() ? absl::InfiniteFuture() : deadlines_.begin()->first;
  for (const auto& [id, s] : streams_) {
    if (!s.batch.empty()) t = std::min(t, s.batch_since + s.limits.batch_flush);
  }
  return t;
}

size_t PullTracker::outstanding_on(StreamId id) const {
  auto it = streams_.find(id);
  return it == streams_.end() ? 0 : it->second.events;
}

int PullTracker::attempt_of(PullToken token) const {
  auto it = held_.find(token);
  return it == held_.end() ? 0 : it->second;
}

}  // namespace causeway::relay
