#include "relay/server/stream_hub.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/core/log.h"
#include "relay/core/consume_init.h"
#include "google/protobuf/util/time_util.h"

namespace causeway::relay {
namespace {

namespace rv1 = ::causeway::relay::v1;

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(t));
}

void Inc(prometheus::Counter* c, double n = 1) {
  if (c != nullptr) c->Increment(n);
}

}  // namespace

StreamHub::StreamHub(StreamHubOptions options, RelayMetrics* metrics)
    : options_(options), metrics_(metrics) {
  thread_ = std::thread([this] { Run(); });
}

StreamHub::~StreamHub() {
  Drain();
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StreamHub::SetOnMembership(std::function<void()> fn) {
  std::lock_guard lock(mu_);
  on_membership_ = std::move(fn);
}

StreamHub::Sub& StreamHub::SubLocked(const std::string& name) {
  auto [it, added] = subs_.try_emplace(name);
  if (added && metrics_ != nullptr) it->second.metrics = metrics_->PullFor(name);
  return it->second;
}

absl::StatusOr<StreamId> StreamHub::Open(const rv1::ConsumeInit& completed, ConsumeSink* sink) {
  std::function<void()> poke;
  StreamId id = 0;
  {
    std::lock_guard lock(mu_);
    if (draining_) return absl::UnavailableError("the relay is draining: reconnect");
    if (static_cast<int>(streams_.size()) >= options_.max_streams) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "this relay has ", streams_.size(), " streams open (--max-streams ",
          options_.max_streams, "): try another replica or later"));
    }
    Sub& sub = SubLocked(completed.subscription());
    if (static_cast<int>(sub.streams.size()) >= options_.max_streams_per_subscription) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "subscription \"", completed.subscription(), "\" has ", sub.streams.size(),
          " streams open on this relay (--max-streams-per-subscription ",
          options_.max_streams_per_subscription, ")"));
    }
    id = next_stream_++;
    const absl::Time now = absl::Now();
    streams_[id] = Stream{completed.subscription(), sink, now + options_.heartbeat};
    const bool first = sub.streams.empty();
    sub.streams.insert(id);
    sub.tracker.AddStream(id, LimitsOf(completed));
    if (sub.metrics) sub.metrics->streams.Set(static_cast<double>(sub.streams.size()));
    rv1::ConsumeResponse started;
    started.mutable_started()->set_stream_id(absl::StrCat(id));
    *started.mutable_started()->mutable_settings() = completed;
    sink->Send(std::move(started));
    PumpLocked(sub, now);
    if (first) poke = on_membership_;
  }
  cv_.notify_all();  // the stream's heartbeat schedule
  if (poke) poke();
  return id;
}

void StreamHub::Close(StreamId id) {
  std::function<void()> poke;
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    auto it = streams_.find(id);
    if (it == streams_.end()) return;
    Sub& sub = SubLocked(it->second.subscription);
    streams_.erase(it);
    std::vector<PullToken> requeued;
    sub.tracker.RemoveStream(id, &requeued);
    sub.streams.erase(id);
    if (sub.metrics) {
      sub.metrics->streams.Set(static_cast<double>(sub.streams.size()));
      Inc(&sub.metrics->redelivered_stream_closed, static_cast<double>(requeued.size()));
    }
    const absl::Time now = absl::Now();
    if (sub.streams.empty()) {
      sub.last_closed = now;
      poke = on_membership_;
    }
    wake = PumpLocked(sub, now);
  }
  if (wake) cv_.notify_all();
  // Woken once now (nothing changes yet: it lingers) and again by its retry tick after linger.
  if (poke) poke();
}

void StreamHub::Handle(StreamId id, const rv1::ConsumeRequest& request) {
  After after;
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    auto it = streams_.find(id);
    if (it == streams_.end()) return;
    switch (request.kind_case()) {
      case rv1::ConsumeRequest::kAck:
        for (const std::string& ack : request.ack().ack_ids()) {
          Settle(id, ack, PullVerdict{PullVerdict::Kind::kDelivered}, after);
        }
        break;
      case rv1::ConsumeRequest::kNack: {
        PullVerdict v{PullVerdict::Kind::kRetry};
        v.retry_after_ms = request.nack().retry_after_ms();
        Settle(id, request.nack().ack_id(), v, after);
        break;
      }
      case rv1::ConsumeRequest::kReject: {
        PullVerdict v{PullVerdict::Kind::kReject};
        v.reason = request.reject().reason();
        Settle(id, request.reject().ack_id(), v, after);
        break;
      }
      case rv1::ConsumeRequest::kExtend: {
        Sub& sub = SubLocked(it->second.subscription);
        const absl::Time deadline = absl::Now() + absl::Seconds(request.extend().seconds());
        for (const std::string& ack : request.extend().ack_ids()) {
          sub.tracker.Extend(ack, deadline);  // unknown or late: nothing (later: no wake)
        }
        break;
      }
      default:
        break;  // checked by the stream (CheckFollowUp)
    }
    if (!after.empty()) wake = PumpLocked(SubLocked(it->second.subscription), absl::Now());
  }
  if (wake) cv_.notify_all();
  for (auto& [owner, report] : after) {
    if (report.first) report.first(std::move(report.second));
  }
}

void StreamHub::Settle(StreamId id, const std::string& ack_id, PullVerdict verdict,
                       After& after) {
  Sub& sub = SubLocked(streams_.at(id).subscription);
  std::optional<PullSettled> s = sub.tracker.Settle(ack_id);
  if (!s) return;  // late, repeated or unknown: a no-op
  auto e = sub.events.find(s->token);
  if (e == sub.events.end()) return;
  verdict.attempt = s->attempt;
  verdict.handle = e->second.handle;
  if (sub.metrics) {
    switch (verdict.kind) {
      case PullVerdict::Kind::kDelivered: Inc(&sub.metrics->acked); break;
      case PullVerdict::Kind::kRetry: Inc(&sub.metrics->nacked); break;
      case PullVerdict::Kind::kReject: Inc(&sub.metrics->rejected); break;
    }
  }
  auto [report, added] = after.try_emplace(e->second.owner);
  if (added) {
    auto owner = sub.owners.find(e->second.owner);
    if (owner != sub.owners.end()) report->second.first = owner->second;
  }
  report->second.second.push_back(std::move(verdict));
  sub.events.erase(e);
}

void StreamHub::Offer(const std::string& subscription, uint64_t owner,
                      std::vector<PullOffer> events, Verdicts verdicts) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    if (draining_) return;  // redelivered after the restart
    Sub& sub = SubLocked(subscription);
    sub.owners[owner] = std::move(verdicts);
    for (PullOffer& o : events) {
      const PullToken token = next_token_++;
      const size_t bytes = o.event.payload().size();
      sub.events.emplace(token, Event{owner, o.handle, std::move(o.event)});
      sub.tracker.Offer(token, bytes, o.attempt);
    }
    wake = PumpLocked(sub, absl::Now());
  }
  if (wake) cv_.notify_all();
}

void StreamHub::Forget(const std::string& subscription, uint64_t owner) {
  std::lock_guard lock(mu_);
  auto it = subs_.find(subscription);
  if (it == subs_.end()) return;
  Sub& sub = it->second;
  sub.tracker.ForgetIf([&](PullToken t) {
    auto e = sub.events.find(t);
    return e != sub.events.end() && e->second.owner == owner;
  });
  std::erase_if(sub.events, [&](const auto& e) { return e.second.owner == owner; });
  sub.owners.erase(owner);
}

bool StreamHub::PumpLocked(Sub& sub, absl::Time now) {
  sub.tracker.Assign(now, [this] { return absl::Uniform<uint64_t>(bitgen_); });
  for (PullBatch& b : sub.tracker.TakeDue(now)) {
    auto st = streams_.find(b.stream);
    if (st == streams_.end()) continue;
    rv1::ConsumeResponse msg;
    rv1::ConsumedEventBatch* batch = msg.mutable_events();
    for (PullSent& p : b.events) {
      auto e = sub.events.find(p.token);
      if (e == sub.events.end()) continue;
      rv1::ConsumedEvent* out = batch->add_events();
      *out = e->second.proto;
      out->set_ack_id(std::move(p.ack_id));
      out->set_attempt(p.attempt);
    }
    if (sub.metrics) Inc(&sub.metrics->sent, static_cast<double>(batch->events_size()));
    if (batch->events_size() == 0) continue;
    st->second.sink->Send(std::move(msg));
    // A batch counts as traffic: the next heartbeat is due a full period later.
    st->second.next_heartbeat = now + options_.heartbeat;
  }
  return sub.tracker.NextWake() < wake_;
}

void StreamHub::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    const absl::Time now = absl::Now();
    absl::Time wake = now + absl::Seconds(1);
    for (auto& [name, sub] : subs_) {
      std::vector<PullToken> expired;
      sub.tracker.Expire(now, &expired);
      if (sub.metrics) Inc(&sub.metrics->redelivered_deadline, static_cast<double>(expired.size()));
      PumpLocked(sub, now);
      wake = std::min(wake, sub.tracker.NextWake());
    }
    for (auto& [id, s] : streams_) {
      if (now >= s.next_heartbeat) {
        rv1::ConsumeResponse hb;
        *hb.mutable_heartbeat()->mutable_time() = ToTimestamp(now);
        s.sink->Send(std::move(hb));
        s.next_heartbeat = now + options_.heartbeat;
      }
      wake = std::min(wake, s.next_heartbeat);
    }
    wake_ = std::max(wake, now + absl::Milliseconds(1));
    cv_.wait_until(lock, absl::ToChronoTime(wake_));
    wake_ = absl::InfinitePast();  // awake: nobody needs to notify
  }
}

bool StreamHub::Wanted(const std::string& subscription) const {
  std::lock_guard lock(mu_);
  auto it = subs_.find(subscription);
  if (it == subs_.end() || draining_) return false;
  return !it->second.streams.empty() || absl::Now() < it->second.last_closed + options_.linger;
}

void StreamHub::Drain() {
  std::lock_guard lock(mu_);
  if (draining_) return;
  draining_ = true;
  for (auto& [id, s] : streams_) {
    s.sink->End(absl::UnavailableError(
        "the relay is draining: reconnect (acknowledged events are committed, the others are "
        "delivered again)"));
  }
  streams_.clear();
  for (auto& [name, sub] : subs_) {
    sub.tracker.ForgetIf([](PullToken) { return true; });
    for (StreamId id : sub.streams) sub.tracker.RemoveStream(id);
    sub.streams.clear();
    sub.events.clear();
    if (sub.metrics) sub.metrics->streams.Set(0);
  }
}

size_t StreamHub::streams() const {
  std::lock_guard lock(mu_);
  return streams_.size();
}

}  // namespace causeway::relay
