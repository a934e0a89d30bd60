#include "gateway/server/dedup.h"

#include <openssl/evp.h>

#include <cstring>

namespace causeway::gateway {
namespace {

// SHA-256 over length-prefixed parts (so no two different part lists hash the same bytes).
class Sha256 {
 public:
  Sha256() : ctx_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr); }
  ~Sha256() { EVP_MD_CTX_free(ctx_); }
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& Add(absl::string_view part) {
    const uint64_t size = part.size();
    EVP_DigestUpdate(ctx_, &size, sizeof(size));
    EVP_DigestUpdate(ctx_, part.data(), part.size());
    return *this;
  }
  Sha256& Add(int64_t n) {
    EVP_DigestUpdate(ctx_, &n, sizeof(n));
    return *this;
  }
  Digest128 Finish() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    EVP_DigestFinal_ex(ctx_, out, &size);
    Digest128 d;
    std::memcpy(&d.hi, out, 8);
    std::memcpy(&d.lo, out + 8, 8);
    return d;
  }

 private:
  EVP_MD_CTX* ctx_;
};

int64_t UnixMillis(absl::Time t) { return absl::ToUnixMillis(t); }

}  // namespace

EventFingerprint FingerprintOf(const FingerprintParts& p) {
  EventFingerprint f;
  f.key = Sha256()
              .Add(p.producer)
              .Add(p.namespace_)
              .Add(p.event_type)
              .Add(p.event_id)
              .Finish();
  f.content = Sha256()
                  .Add(int64_t{p.avro ? 1 : 0})
                  .Add(p.payload)
                  .Add(p.kafka_key)
                  .Add(p.named_schema_global_id)
                  .Finish()
                  .hi;
  return f;
}

Dedup::Dedup(absl::Duration window, size_t max_entries)
    : window_(window),
      max_entries_(max_entries),
      index_(0, SeqHash{this}, SeqEq{this}) {}

Dedup::Claim Dedup::Begin(const EventFingerprint& event, absl::string_view event_id, Waiter waiter,
                          absl::Time now, std::vector<v1::ZoneResult>* written) {
  v1::PublishResult answer;
  {
    std::lock_guard lock(mu_);
    Expire(now);
    if (auto done = index_.find(event.key); done != index_.end()) {
      if (Record(*done).content != event.content) return Claim::kConflict;
      answer = Answer(*done, event_id);
    } else {
      auto partial = partial_.find(event.key);
      if (partial != partial_.end() && partial->second.content != event.content) {
        return Claim::kConflict;  // some zones have the first content already
      }
      auto [it, inserted] = in_flight_.try_emplace(event.key);
      if (inserted) {
        it->second.content = event.content;
        if (partial != partial_.end()) {
          if (written != nullptr) *written = std::move(partial->second.written);
          partial_.erase(partial);
        }
        return Claim::kNew;
      }
      if (it->second.content != event.content) return Claim::kConflict;
      it->second.waiters.push_back(std::move(waiter));
      return Claim::kWaiting;
    }
  }
  answer.set_duplicate(true);
  waiter(answer);
  return Claim::kAnswered;
}

void Dedup::Finish(const EventFingerprint& event, const v1::PublishResult& result,
                   absl::Time now) {
  std::vector<Waiter> waiters;
  {
    std::lock_guard lock(mu_);
    auto it = in_flight_.find(event.key);
    if (it == in_flight_.end()) return;
    waiters = std::move(it->second.waiters);
    in_flight_.erase(it);
    if (result.code() == 0) {
      if (max_entries_ > 0) Remember(event, result, now);
    } else {
      // Forgotten, but for the zones it wrote: the retry writes for real where it failed.
      std::vector<v1::ZoneResult> written;
      for (const v1::ZoneResult& z : result.zones()) {
        if (z.code() == 0) written.push_back(z);
      }
      if (!written.empty() && max_entries_ > 0) {
        while (partial_order_.size() >= max_entries_) PopOldestPartial();
        const int64_t at_ms = UnixMillis(now);
        partial_[event.key] = Partial{event.content, at_ms, std::move(written)};
        partial_order_.emplace_back(at_ms, event.key);
      }
    }
  }
  v1::PublishResult shared = result;
  shared.set_duplicate(result.code() == 0);
  for (auto& w : waiters) w(shared);
}

size_t Dedup::size() const {
  std::lock_guard lock(mu_);
  return done_.size() + in_flight_.size() + partial_.size();
}

void Dedup::Remember(const EventFingerprint& event, const v1::PublishResult& result,
                     absl::Time now) {
  while (done_.size() >= max_entries_) PopOldest();
  Done d{};
  d.key = event.key;
  d.content = event.content;
  d.at_ms = UnixMillis(now);
  d.shape = InternShape(result);
  if (result.zones_size() > 0) {
    d.partition = result.zones(0).partition();
    d.offset = result.zones(0).offset();
  }
  const uint32_t seq = front_seq_ + static_cast<uint32_t>(done_.size());
  done_.push_back(d);
  index_.insert(seq);
  if (result.zones_size() > 1) {
    std::vector<Position>& more = more_zones_[seq];
    more.reserve(result.zones_size() - 1);
    for (int i = 1; i < result.zones_size(); ++i) {
      more.push_back({result.zones(i).partition(), result.zones(i).offset()});
    }
  }
}

v1::PublishResult Dedup::Answer(uint32_t seq, absl::string_view event_id) const {
  const Done& d = Record(seq);
  v1::PublishResult r;
  (void)r.ParseFromString(shapes_[d.shape]);  // our own serialization
  r.set_event_id(std::string(event_id));
  auto more = more_zones_.find(seq);
  for (int i = 0; i < r.zones_size(); ++i) {
    v1::ZoneResult* z = r.mutable_zones(i);
    if (i == 0) {
      z->set_partition(d.partition);
      z->set_offset(d.offset);
    } else if (more != more_zones_.end() && static_cast<size_t>(i - 1) < more->second.size()) {
      z->set_partition(more->second[i - 1].partition);
      z->set_offset(more->second[i - 1].offset);
    }
  }
  return r;
}

uint32_t Dedup::InternShape(const v1::PublishResult& result) {
  v1::PublishResult shape = result;
  shape.clear_event_id();
  shape.clear_duplicate();
  for (v1::ZoneResult& z : *shape.mutable_zones()) {
    z.clear_partition();
    z.clear_offset();
  }
  std::string bytes = shape.SerializeAsString();
  auto [it, inserted] = shape_ids_.try_emplace(std::move(bytes), static_cast<uint32_t>(shapes_.size()));
  if (inserted) shapes_.push_back(it->first);
  return it->second;
}

void Dedup::PopOldest() {
  index_.erase(front_seq_);  // while the record is there to hash
  more_zones_.erase(front_seq_);
  done_.pop_front();
  ++front_seq_;
}

void Dedup::PopOldestPartial() {
  auto it = partial_.find(partial_order_.front().second);
  // Only the entry this record was for: a key can be retried, fail again and be remembered anew.
  if (it != partial_.end() && it->second.at_ms == partial_order_.front().first) partial_.erase(it);
  partial_order_.pop_front();
}

void Dedup::Expire(absl::Time now) {
  const int64_t oldest_kept = UnixMillis(now - window_);
  while (!done_.empty() && done_.front().at_ms < oldest_kept) PopOldest();
  while (!partial_order_.empty() && partial_order_.front().first < oldest_kept) PopOldestPartial();
}

}  // namespace causeway::gateway
