#include "watch_fanout.h"

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "connections.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/support/async_stream.h"
#include "process_stats.h"

namespace causeway::bench {
namespace {

namespace v1 = topology::v1;
using Clock = std::chrono::steady_clock;

constexpr char kDescriptionPrefix[] = "fanout-";

int64_t Nanos(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

// Waits until `done` holds or `timeout` passes; returns `done`'s last value.
template <typename Done>
bool WaitFor(Done done, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (!done()) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

// The server's RSS once it stops moving: sampled every 250 ms until two samples agree within
// 0.5 %, at most 5 s (allocators and gRPC settle lazily after a burst of connections).
int64_t SteadyResidentKiB(pid_t pid) {
  int64_t last = ResidentKiB(pid).value_or(0);
  for (int i = 0; i < 20; ++i) {
    absl::SleepFor(absl::Milliseconds(250));
    const int64_t now = ResidentKiB(pid).value_or(0);
    const bool steady = std::abs(now - last) * 200 <= std::max<int64_t>(last, 1);
    last = now;
    if (steady) break;
  }
  return last;
}

// One Watch stream; it is its own completion-queue tag, with one operation in flight at a time.
struct Watcher {
  enum class Step { kStarting, kReading, kFinishing };
  int index = 0;
  grpc::ClientContext context;
  v1::WatchResponse message;
  std::unique_ptr<grpc::ClientAsyncReader<v1::WatchResponse>> reader;
  Step step = Step::kStarting;
  grpc::Status status;
};

class WatchFanout {
 public:
  explicit WatchFanout(const WatchFanoutOptions& options)
      : options_(options),
        arrivals_(static_cast<size_t>(options.changes) * options.watchers, 0),
        received_(new std::atomic<int>[options.changes]) {
    for (int i = 0; i < options.changes; ++i) received_[i] = 0;
  }

  WatchFanoutResult Run() {
    WatchFanoutResult result;
    result.watchers = options_.watchers;
    result.rss_before_kib = SteadyResidentKiB(options_.server_pid);

    std::vector<std::thread> pollers;
    for (int i = 0; i < options_.poller_threads; ++i) pollers.emplace_back([this] { Poll(); });
    OpenStreams(result);
    result.rss_open_kib = SteadyResidentKiB(options_.server_pid);

    CpuMeter cpu(options_.server_pid);
    Commit(result);
    const int last = options_.changes - 1;
    WaitFor([&] { return received_[last].load() >= options_.watchers; }, absl::Seconds(10));
    const CpuShare used = cpu.Read();
    result.server_cpu_per_change = used.server / std::max(options_.changes, 1);
    result.client_cpu_per_change = used.client / std::max(options_.changes, 1);
    result.rss_after_kib = ResidentKiB(options_.server_pid).value_or(0);

    for (auto& w : watchers_) w->context.TryCancel();
    WaitFor([&] { return finished_.load() >= options_.watchers; }, absl::Seconds(10));
    queue_.Shutdown();
    for (auto& t : pollers) t.join();

    Tally(result);
    return result;
  }

 private:
  void OpenStreams(WatchFanoutResult& result) {
    connections_ = OpenConnections(options_.target, options_.connections);
    std::vector<std::unique_ptr<v1::Topology::Stub>> stubs;
    for (const auto& c : connections_) stubs.push_back(v1::Topology::NewStub(c));
    v1::WatchRequest request;
    request.set_since_revision(0);
    const absl::Time start = absl::Now();
    for (int i = 0; i < options_.watchers; ++i) {
      auto w = std::make_unique<Watcher>();
      w->index = i;
      Authorize(w->context, options_.token);
      w->reader = stubs[i % stubs.size()]->PrepareAsyncWatch(&w->context, request, &queue_);
      w->reader->StartCall(w.get());
      watchers_.push_back(std::move(w));
    }
    WaitFor([&] { return snapshots_.load() + finished_.load() >= options_.watchers; },
            absl::Seconds(60));
    result.open_time = absl::Now() - start;
    result.snapshots = snapshots_.load();
    result.snapshot_changes = snapshot_changes_.load();
  }

  // The commits, `spacing` apart; the namespace's version is threaded through the updates.
  void Commit(WatchFanoutResult& result) {
    auto stub = v1::Topology::NewStub(OpenConnections(options_.target, 1)[0]);
    v1::GetNamespaceRequest get;
    get.set_name(options_.watched_namespace);
    v1::Namespace current;
    if (grpc::Status s = stub->GetNamespace(BenchContext(options_.token).get(), get, &current);
        !s.ok()) {
      NoteError(absl::StrCat("GetNamespace: ", s.error_message()));
      return;
    }
    sent_.assign(options_.changes, Clock::time_point());
    returned_.assign(options_.changes, Clock::time_point());
    for (int i = 0; i < options_.changes; ++i) {
      v1::UpdateNamespaceRequest update;
      *update.mutable_namespace_() = current;
      update.mutable_namespace_()->set_description(absl::StrCat(kDescriptionPrefix, i));
      v1::Namespace updated;
      sent_[i] = Clock::now();
      grpc::Status s = stub->UpdateNamespace(BenchContext(options_.token).get(), update, &updated);
      returned_[i] = Clock::now();
      if (!s.ok()) {
        NoteError(absl::StrCat("UpdateNamespace: ", s.error_message()));
        return;
      }
      result.commit.Add(absl::FromChrono(returned_[i] - sent_[i]));
      current = updated;
      std::this_thread::sleep_until(sent_[i] + absl::ToChronoNanoseconds(options_.spacing));
    }
  }

  void Poll() {
    void* tag = nullptr;
    bool ok = false;
    while (queue_.Next(&tag, &ok)) Advance(*static_cast<Watcher*>(tag), ok);
  }

  void Advance(Watcher& w, bool ok) {
    switch (w.step) {
      case Watcher::Step::kStarting:
      case Watcher::Step::kReading:
        if (ok) {
          if (w.step == Watcher::Step::kReading) Received(w);
          w.step = Watcher::Step::kReading;
          w.reader->Read(&w.message, &w);
        } else {
          w.step = Watcher::Step::kFinishing;
          w.reader->Finish(&w.status, &w);
        }
        return;
      case Watcher::Step::kFinishing:
        if (!w.status.ok() && w.status.error_code() != grpc::StatusCode::CANCELLED) {
          streams_failed_.fetch_add(1);
          NoteError(absl::StrCat("Watch: ", w.status.error_code(), " ", w.status.error_message()));
        }
        finished_.fetch_add(1);
        return;
    }
  }

  void Received(const Watcher& w) {
    const v1::WatchResponse& m = w.message;
    switch (m.kind()) {
      case v1::WatchResponse::KIND_SNAPSHOT:
        if (w.index == 0) snapshot_changes_.fetch_add(m.changes_size());
        return;
      case v1::WatchResponse::KIND_SNAPSHOT_COMPLETE:
        snapshots_.fetch_add(1);
        return;
      case v1::WatchResponse::KIND_CHANGES:
        break;
      default:
        return;
    }
    const int64_t now = Nanos(Clock::now());
    for (const v1::Change& c : m.changes()) {
      if (c.entity_case() != v1::Change::kNamespace ||
          c.namespace_().name() != options_.watched_namespace) {
        continue;
      }
      absl::string_view description = c.namespace_().description();
      int change = -1;
      if (!absl::ConsumePrefix(&description, kDescriptionPrefix) ||
          !absl::SimpleAtoi(description, &change) || change < 0 || change >= options_.changes) {
        continue;
      }
      int64_t& arrival = arrivals_[static_cast<size_t>(change) * options_.watchers + w.index];
      if (arrival == 0) {
        arrival = now;
        received_[change].fetch_add(1);
      }
    }
  }

  void NoteError(std::string error) {
    std::lock_guard lock(error_mu_);
    if (first_error_.empty()) first_error_ = std::move(error);
  }

  // Called once the pollers are joined: arrivals_ is no longer written.
  void Tally(WatchFanoutResult& result) {
    result.streams_failed = streams_failed_.load();
    result.first_error = first_error_;
    for (int i = 0; i < options_.changes && i < static_cast<int>(returned_.size()); ++i) {
      if (returned_[i] == Clock::time_point()) break;  // not committed
      std::vector<int64_t> got;
      for (int w = 0; w < options_.watchers; ++w) {
        const int64_t t = arrivals_[static_cast<size_t>(i) * options_.watchers + w];
        if (t == 0) {
          ++result.missed;
        } else {
          got.push_back(t);
        }
      }
      if (got.empty()) continue;
      std::sort(got.begin(), got.end());
      const int64_t last = got.back();
      const int64_t median = got[(got.size() - 1) / 2];
      result.last_from_return.Add(absl::Nanoseconds(last - Nanos(returned_[i])));
      result.first_from_return.Add(absl::Nanoseconds(got.front() - Nanos(returned_[i])));
      result.median_from_return.Add(absl::Nanoseconds(median - Nanos(returned_[i])));
      result.last_from_send.Add(absl::Nanoseconds(last - Nanos(sent_[i])));
    }
  }

  const WatchFanoutOptions& options_;
  grpc::CompletionQueue queue_;
  std::vector<std::shared_ptr<grpc::Channel>> connections_;
  std::vector<std::unique_ptr<Watcher>> watchers_;
  // arrivals_[change * watchers + watcher]: steady-clock ns of receipt, 0 until received. Each
  // cell is written by the one poller handling that watcher's current read.
  std::vector<int64_t> arrivals_;
  std::unique_ptr<std::atomic<int>[]> received_;  // per change: watchers that have it
  std::vector<Clock::time_point> sent_, returned_;
  std::atomic<int> snapshots_{0};
  std::atomic<int64_t> snapshot_changes_{0};
  std::atomic<int> finished_{0};
  std::atomic<int> streams_failed_{0};
  std::mutex error_mu_;
  std::string first_error_;
};

}  // namespace

double WatchFanoutResult::per_watcher_kib() const {
  if (watchers == 0) return 0;
  return static_cast<double>(rss_open_kib - rss_before_kib) / watchers;
}

WatchFanoutResult RunWatchFanout(const WatchFanoutOptions& options) {
  return WatchFanout(options).Run();
}

}  // namespace causeway::bench
