#pragma once
// Unary load: simulated clients calling one unary RPC through gRPC's async API, either as fast as
// the server answers (closed loop: each client sends its next request when the previous one
// returns) or at a fixed offered rate (open loop: requests leave on a schedule, whatever the replies
// do). The RPC itself is the caller's: a StartUnaryCall prepares one call on a completion queue.
//
// Open-loop latency is measured from the moment a request was *due*, not from when the client
// managed to send it, so a stalled client or server cannot hide its own queueing (no coordinated
// omission). The lateness of the sender itself is reported apart as `send_lag`.
//
// Threads: `poller_threads` threads each drain one completion queue (and, in closed loop, send the
// next request of the client whose reply they received); in open loop one pacer thread sends.
// StartUnaryCall is called from those threads, one call per client at a time in closed loop.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "grpcpp/completion_queue.h"
#include "grpcpp/support/async_unary_call.h"
#include "load_tally.h"
#include "pacing.h"

namespace causeway::bench {

struct UnaryLoadOptions {
  int clients = 64;
  int poller_threads = 2;
  // 0: closed loop (maximum throughput). Otherwise requests/s offered over all clients: request k
  // is due at k/rate and goes to client k % clients.
  double offered_rate = 0;
  absl::Duration warmup = absl::Seconds(2);     // run but not recorded
  absl::Duration duration = absl::Seconds(10);  // the recorded window
  absl::Duration call_timeout = absl::Seconds(5);
};

using UnaryLoadResult = LoadResult;

// Prepares (does not start) request number `sequence` of `client` on `queue`, with `context`
// (whose deadline is set) and returns its reader: e.g. stub.PrepareAsyncResolve(...).
template <typename Response>
using StartUnaryCall = std::function<std::unique_ptr<grpc::ClientAsyncResponseReader<Response>>(
    int client, uint64_t sequence, grpc::ClientContext* context, grpc::CompletionQueue* queue)>;

template <typename Response>
UnaryLoadResult RunUnaryLoad(const UnaryLoadOptions& options, StartUnaryCall<Response> start);

// --- implementation --------------------------------------------------------------------------

namespace internal {

template <typename Response>
class UnaryLoad {
 public:
  UnaryLoad(const UnaryLoadOptions& options, StartUnaryCall<Response> start)
      : options_(options), start_call_(std::move(start)), sequence_(options.clients) {
    for (int i = 0; i < options.poller_threads; ++i) {
      queues_.push_back(std::make_unique<grpc::CompletionQueue>());
    }
    tallies_.resize(options.poller_threads);
  }

  UnaryLoadResult Run() {
    window_ = LoadWindow::StartingNow(options_.warmup, options_.duration);
    std::vector<std::thread> pollers;
    for (int i = 0; i < options_.poller_threads; ++i) {
      pollers.emplace_back([this, i] { Poll(*queues_[i], tallies_[i]); });
    }
    UnaryLoadResult result;
    int64_t unsent = 0;
    if (options_.offered_rate > 0) {
      unsent = Pace(result.send_lag);
    } else {
      for (int c = 0; c < options_.clients; ++c) Send(c, Clock::now());
      SleepUntil(window_.end);
    }
    // Replies still in flight were due in the window: wait for them (each has a deadline).
    while (in_flight_.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    for (auto& q : queues_) q->Shutdown();
    for (auto& t : pollers) t.join();
    result.elapsed = Since(window_.start, Clock::now());
    result.window = Since(window_.window_start, window_.end);
    for (const LoadTally& t : tallies_) result.Merge(t);
    result.AddUnsent(unsent);
    return result;
  }

 private:
  // One call in flight; it is its own completion-queue tag.
  struct Call {
    grpc::ClientContext context;
    Response response;
    grpc::Status status;
    std::unique_ptr<grpc::ClientAsyncResponseReader<Response>> reader;
    Clock::time_point due;
    int client = 0;
  };

  void Send(int client, Clock::time_point due) {
    auto* call = new Call;
    call->client = client;
    call->due = due;
    call->context.set_deadline(absl::ToChronoTime(absl::Now() + options_.call_timeout));
    in_flight_.fetch_add(1);
    call->reader = start_call_(client, sequence_[client]++, &call->context,
                               queues_[client % queues_.size()].get());
    call->reader->StartCall();
    call->reader->Finish(&call->response, &call->status, call);
  }

  void Poll(grpc::CompletionQueue& queue, LoadTally& tally) {
    void* tag = nullptr;
    bool ok = false;
    while (queue.Next(&tag, &ok)) {
      std::unique_ptr<Call> call(static_cast<Call*>(tag));
      const Clock::time_point now = Clock::now();
      tally.Record(window_, call->due, now,
                   call->status.ok() ? std::string()
                                     : absl::StrCat(call->status.error_code(), " ",
                                                    call->status.error_message()));
      // Closed loop: this client's next request leaves now. Sent before the decrement below so
      // that in_flight_ cannot read zero while a client is still going.
      if (options_.offered_rate <= 0 && now < window_.end) Send(call->client, now);
      in_flight_.fetch_sub(1);
    }
  }

  // Open loop: request k goes to client k % clients, so each client sends at rate/clients with
  // evenly spread phases.
  int64_t Pace(LatencySamples& send_lag) {
    return PaceOpenLoop(window_.start, window_.window_start, window_.end, options_.offered_rate,
                        &send_lag, [this](int64_t k, Clock::time_point due) {
                          Send(static_cast<int>(k % options_.clients), due);
                        });
  }

  const UnaryLoadOptions& options_;
  StartUnaryCall<Response> start_call_;
  std::vector<std::unique_ptr<grpc::CompletionQueue>> queues_;
  std::vector<LoadTally> tallies_;
  // Per client; touched by one thread at a time (the client's poller, or the pacer).
  std::vector<uint64_t> sequence_;
  std::atomic<int64_t> in_flight_{0};
  LoadWindow window_;
};

}  // namespace internal

template <typename Response>
UnaryLoadResult RunUnaryLoad(const UnaryLoadOptions& options, StartUnaryCall<Response> start) {
  return internal::UnaryLoad<Response>(options, std::move(start)).Run();
}

}  // namespace causeway::bench
