#include "topology/watch_hub.h"

#include <google/protobuf/io/coded_stream.h>
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "common/core/log.h"
#include "common/pg/pg_errors.h"
#include "topology/pg_topology_store.h"

namespace causeway::topology {
namespace {

// Sets a flag when a notification arrives; the follower then reads the history itself, so the
// payloads only wake it up.
class ChangeListener : public pqxx::notification_receiver {
 public:
  ChangeListener(pqxx::connection_base& conn, bool* flag)
      : pqxx::notification_receiver(conn, kChangesChannel), flag_(flag) {}
  void operator()(const std::string&, int) override { *flag_ = true; }

 private:
  bool* flag_;
};

}  // namespace

size_t ChangeWireBytes(const v1::Change& change) {
  const size_t size = change.ByteSizeLong();
  return 1 + google::protobuf::io::CodedOutputStream::VarintSize64(size) + size;
}

WatchHub::WatchHub(TopologyStore* store, std::string listen_dsn, WatchHubOptions options)
    : store_(store), listen_dsn_(std::move(listen_dsn)), options_(options) {}

WatchHub::~WatchHub() { Stop(); }

void WatchHub::Start() {
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void WatchHub::Stop() {
  running_ = false;
  if (thread_.joinable()) thread_.join();
}

int64_t WatchHub::revision() const {
  auto v = view();
  return v ? v->revision() : -1;
}

bool WatchHub::WaitForRevision(int64_t revision, absl::Duration timeout) {
  std::unique_lock lock(log_mu_);
  return log_cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
                          [&] { return log_revision_ >= revision; });
}

WatchHub::FetchResult WatchHub::Fetch(int64_t after, size_t max, size_t max_bytes,
                                      std::vector<std::shared_ptr<const v1::Change>>* out) const {
  std::lock_guard lock(log_mu_);
  if (after >= log_revision_) return FetchResult::kUpToDate;
  const int64_t first = log_.empty() ? log_revision_ + 1 : log_.front().change->revision();
  if (after + 1 < first) return FetchResult::kTooOld;
  size_t bytes = 0;
  for (size_t i = static_cast<size_t>(after + 1 - first); i < log_.size() && out->size() < max;
       ++i) {
    bytes += log_[i].bytes;
    if (bytes > max_bytes && !out->empty()) break;
    out->push_back(log_[i].change);
  }
  return FetchResult::kChanges;
}

void WatchHub::Subscribe(WatchSubscriber* s) {
  std::lock_guard lock(subscribers_mu_);
  subscribers_.insert(s);
}

void WatchHub::Unsubscribe(WatchSubscriber* s) {
  std::lock_guard lock(subscribers_mu_);
  subscribers_.erase(s);
}

size_t WatchHub::subscriber_count() const {
  std::lock_guard lock(subscribers_mu_);
  return subscribers_.size();
}

void WatchHub::DrainSubscribers() {
  std::lock_guard lock(subscribers_mu_);
  for (WatchSubscriber* s : subscribers_) s->OnDrain();
}

void WatchHub::Publish(const std::vector<v1::Change>& changes) {
  if (changes.empty()) return;
  auto next = view()->Apply(changes);
  NewChanges added;
  {
    std::lock_guard lock(log_mu_);
    for (const v1::Change& c : changes) {
      if (c.revision() <= log_revision_) continue;
      const size_t bytes = ChangeWireBytes(c);
      log_.push_back(Logged{std::make_shared<const v1::Change>(c), bytes});
      log_bytes_ += bytes;
      log_revision_ = c.revision();
      ++added.changes;
      added.bytes += bytes;
    }
    while (!log_.empty() &&
           (log_.size() > options_.log_capacity || log_bytes_ > options_.log_bytes)) {
      log_bytes_ -= log_.front().bytes;
      log_.pop_front();
    }
    std::atomic_store(&view_, next);
  }
  log_cv_.notify_all();
  std::lock_guard lock(subscribers_mu_);
  for (WatchSubscriber* s : subscribers_) s->OnNewRevision(added);
}

absl::Status WatchHub::CatchUp() {
  if (!view()) {
    std::vector<v1::Change> entities;
    auto revision = store_->Snapshot(&entities);
    if (!revision.ok()) return revision.status();
    {
      std::lock_guard lock(log_mu_);
      std::atomic_store(&view_, TopologyView::FromSnapshot(*revision, entities));
      log_revision_ = *revision;
    }
    log_cv_.notify_all();
    log::Info("topology loaded", {{"revision", absl::StrCat(*revision)},
                                  {"entities", absl::StrCat(entities.size())}});
  }
  while (true) {
    auto changes = store_->ChangesAfter(view()->revision(), 1000);
    if (!changes.ok()) return changes.status();
    Publish(*changes);
    if (changes->size() < 1000) return absl::OkStatus();
  }
}

void WatchHub::Run() {
  while (running_) {
    try {
      pqxx::connection conn(listen_dsn_);
      bool notified = false;
      ChangeListener listener(conn, &notified);
      // Listen first, then read: a change committed in between is caught by the read.
      if (absl::Status s = CatchUp(); !s.ok()) throw std::runtime_error(std::string(s.message()));
      log::Info("following changes", {{"revision", absl::StrCat(revision())}});
      auto last_poll = absl::Now();
      while (running_) {
        const auto wait = absl::ToInt64Microseconds(absl::Milliseconds(200));
        conn.await_notification(0, static_cast<long>(wait));
        if (notified || absl::Now() - last_poll >= options_.poll) {
          notified = false;
          last_poll = absl::Now();
          if (absl::Status s = CatchUp(); !s.ok()) {
            throw std::runtime_error(std::string(s.message()));
          }
        }
      }
    } catch (const std::exception& e) {
      log::Warn("change follower lost PostgreSQL; retrying", {{"error", e.what()}});
      const auto deadline = absl::Now() + options_.retry;
      while (running_ && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(50));
    }
  }
}

}  // namespace causeway::topology
