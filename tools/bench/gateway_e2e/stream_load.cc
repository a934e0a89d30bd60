#include "stream_load.h"

#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "causeway/gateway/v1/gateway.grpc.pb.h"
#include "gateway_client.h"

namespace causeway::bench {
namespace {

namespace v1 = gateway::v1;

class StreamLoad {
 public:
  explicit StreamLoad(const StreamLoadOptions& options) : options_(options) {}

  StreamLoadResult Run() {
    auto stub = v1::Gateway::NewStub(options_.channel);
    grpc::ClientContext context;
    Authorize(context, options_.token);
    context.set_deadline(absl::ToChronoTime(absl::Now() + options_.warmup + options_.duration +
                                            absl::Minutes(2)));
    auto stream = stub->PublishStream(&context);
    window_ = LoadWindow::StartingNow(options_.warmup, options_.duration);
    std::thread reader([&] { Read(*stream); });

    StreamLoadResult result;
    v1::PublishRequest request = PersonRequest(options_.ns, "");
    bool broken = false;  // a write failed: the stream ended, its status says why
    auto write = [&](int64_t k, Clock::time_point due) {
      if (broken) return;
      request.set_event_id(options_.ids.Id(static_cast<uint64_t>(k)));
      {
        std::lock_guard lock(mu_);
        due_[static_cast<uint64_t>(k)] = due;
        ++in_flight_;
      }
      broken = !stream->Write(request);
      if (!broken) ++result.written;
    };
    int64_t unsent = 0;
    if (options_.offered_rate > 0) {
      unsent = PaceOpenLoop(window_.start, window_.window_start, window_.end,
                            options_.offered_rate, &result.load.send_lag, write);
    } else {
      for (int64_t k = 0; !broken; ++k) {
        {
          std::unique_lock lock(mu_);
          window_open_.wait(lock, [&] { return in_flight_ < options_.window || ended_; });
          if (ended_) break;
        }
        const Clock::time_point now = Clock::now();
        if (now >= window_.end) break;
        write(k, now);
      }
    }
    stream->WritesDone();
    reader.join();
    const grpc::Status status = stream->Finish();
    result.stream_status =
        status.ok() ? "OK" : absl::StrCat(status.error_code(), " ", status.error_message());
    result.load.elapsed = Since(window_.start, Clock::now());
    result.load.window = Since(window_.window_start, window_.end);
    result.load.Merge(tally_);
    result.load.AddUnsent(unsent);
    result.unmatched = unmatched_;
    result.acknowledged = std::move(acknowledged_);
    return result;
  }

 private:
  void Read(grpc::ClientReaderWriter<v1::PublishRequest, v1::PublishResult>& stream) {
    v1::PublishResult r;
    while (stream.Read(&r)) {
      const Clock::time_point now = Clock::now();
      const auto sequence = options_.ids.Sequence(r.event_id());
      std::lock_guard lock(mu_);
      auto it = sequence ? due_.find(*sequence) : due_.end();
      if (it == due_.end()) {
        ++unmatched_;
        continue;
      }
      tally_.Record(window_, it->second, now,
                    r.code() == 0 ? std::string() : absl::StrCat(r.code(), " ", r.message()));
      if (r.code() == 0 && options_.keep_acknowledged) acknowledged_.push_back(*sequence);
      due_.erase(it);
      --in_flight_;
      window_open_.notify_one();
    }
    std::lock_guard lock(mu_);
    ended_ = true;
    window_open_.notify_one();
  }

  const StreamLoadOptions& options_;
  LoadWindow window_;
  std::mutex mu_;
  std::condition_variable window_open_;
  // Guarded by mu_: written by the writer (due_, in_flight_) and the reader (the rest).
  std::unordered_map<uint64_t, Clock::time_point> due_;
  int in_flight_ = 0;
  bool ended_ = false;
  int64_t unmatched_ = 0;
  LoadTally tally_;
  std::vector<uint64_t> acknowledged_;
};

}  // namespace

StreamLoadResult RunStreamLoad(const StreamLoadOptions& options) {
  return StreamLoad(options).Run();
}

}  // namespace causeway::bench
