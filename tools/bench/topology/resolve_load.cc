#include "resolve_load.h"

#include <sys/prctl.h>
#include <time.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/support/async_unary_call.h"

namespace causeway::bench {
namespace {

namespace v1 = topology::v1;
using Clock = std::chrono::steady_clock;

absl::Duration Since(Clock::time_point from, Clock::time_point to) {
  return absl::FromChrono(to - from);
}

// Sleeps until `t` on CLOCK_MONOTONIC (steady_clock's clock on Linux), without the relative
// sleep's drift.
void SleepUntil(Clock::time_point t) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr) == EINTR) {
  }
}

// One Resolve in flight; it is its own completion-queue tag.
struct Call {
  grpc::ClientContext context;
  v1::ResolveResponse response;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::ResolveResponse>> reader;
  Clock::time_point due;
  int client = 0;
};

// What one poller thread records; merged once the threads are joined.
struct PollerTally {
  int64_t completed_all = 0;
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t replied_in_window = 0;
  std::string first_error;
  LatencySamples latency;
};

class ResolveLoad {
 public:
  explicit ResolveLoad(const ResolveLoadOptions& options) : options_(options) {
    for (const auto& channel : options.connections) stubs_.push_back(v1::Topology::NewStub(channel));
    for (int i = 0; i < options.poller_threads; ++i) {
      queues_.push_back(std::make_unique<grpc::CompletionQueue>());
    }
    tallies_.resize(options.poller_threads);
    sequence_.resize(options.clients);
  }

  ResolveLoadResult Run() {
    start_ = Clock::now();
    window_start_ = start_ + absl::ToChronoNanoseconds(options_.warmup);
    end_ = window_start_ + absl::ToChronoNanoseconds(options_.duration);
    std::vector<std::thread> pollers;
    for (int i = 0; i < options_.poller_threads; ++i) {
      pollers.emplace_back([this, i] { Poll(*queues_[i], tallies_[i]); });
    }
    ResolveLoadResult result;
    if (options_.offered_rate > 0) {
      Pace(result.send_lag);
    } else {
      for (int c = 0; c < options_.clients; ++c) Send(c, Clock::now());
      SleepUntil(end_);
    }
    // Replies still in flight were due in the window: wait for them (each has a deadline).
    while (in_flight_.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    for (auto& q : queues_) q->Shutdown();
    for (auto& t : pollers) t.join();

    result.elapsed = absl::FromChrono(Clock::now() - start_);
    result.window = absl::FromChrono(end_ - window_start_);
    for (const PollerTally& t : tallies_) {
      result.completed_all += t.completed_all;
      result.ok += t.ok;
      result.replied_in_window += t.replied_in_window;
      result.failed += t.failed;
      if (result.first_error.empty()) result.first_error = t.first_error;
      result.latency.Merge(t.latency);
    }
    return result;
  }

 private:
  bool InWindow(Clock::time_point t) const { return t >= window_start_ && t < end_; }

  void Send(int client, Clock::time_point due) {
    auto* call = new Call;
    call->client = client;
    call->due = due;
    call->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    const auto& request =
        options_.requests[(client * 7 + sequence_[client]++) % options_.requests.size()];
    auto& stub = *stubs_[client % stubs_.size()];
    in_flight_.fetch_add(1);
    call->reader = stub.PrepareAsyncResolve(&call->context, request,
                                            queues_[client % queues_.size()].get());
    call->reader->StartCall();
    call->reader->Finish(&call->response, &call->status, call);
  }

  void Poll(grpc::CompletionQueue& queue, PollerTally& tally) {
    void* tag = nullptr;
    bool ok = false;
    while (queue.Next(&tag, &ok)) {
      std::unique_ptr<Call> call(static_cast<Call*>(tag));
      const Clock::time_point now = Clock::now();
      ++tally.completed_all;
      if (call->status.ok() && InWindow(now)) ++tally.replied_in_window;
      if (InWindow(call->due)) {
        if (call->status.ok()) {
          ++tally.ok;
          tally.latency.Add(Since(call->due, now));
        } else {
          ++tally.failed;
          if (tally.first_error.empty()) {
            tally.first_error = absl::StrCat(call->status.error_code(), " ",
                                             call->status.error_message());
          }
        }
      }
      // Closed loop: this client's next request leaves now. Sent before the decrement below so
      // that in_flight_ cannot read zero while a client is still going.
      if (options_.offered_rate <= 0 && now < end_) Send(call->client, now);
      in_flight_.fetch_sub(1);
    }
  }

  // Open loop: request k is due at start + k/rate and goes to client k % clients, so each client
  // sends at rate/clients with evenly spread phases.
  void Pace(LatencySamples& send_lag) {
    prctl(PR_SET_TIMERSLACK, 1UL);  // wake on time, not up to 50 µs late
    const std::chrono::nanoseconds interval(
        static_cast<int64_t>(1e9 / options_.offered_rate));
    for (int64_t k = 0;; ++k) {
      const Clock::time_point due = start_ + k * interval;
      if (due >= end_) break;
      SleepUntil(due);
      if (InWindow(due)) send_lag.Add(Since(due, Clock::now()));
      Send(static_cast<int>(k % options_.clients), due);
    }
  }

  const ResolveLoadOptions& options_;
  std::vector<std::unique_ptr<v1::Topology::Stub>> stubs_;
  std::vector<std::unique_ptr<grpc::CompletionQueue>> queues_;
  std::vector<PollerTally> tallies_;
  // Per client; touched by one thread at a time (the client's poller, or the pacer).
  std::vector<uint64_t> sequence_;
  std::atomic<int64_t> in_flight_{0};
  Clock::time_point start_, window_start_, end_;
};

}  // namespace

ResolveLoadResult RunResolveLoad(const ResolveLoadOptions& options) {
  return ResolveLoad(options).Run();
}

}  // namespace causeway::bench
