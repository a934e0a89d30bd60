#include "gateway/server/gateway_service.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/auth/grpc_credentials.h"
#include "gateway/server/publish_and_wait.h"
#include "grpcpp/alarm.h"

namespace causeway::gateway {
namespace {

// One unary Publish: answered by whichever comes first, the event's outcome (on the thread that
// learns it) or the alarm set just before the caller's deadline (NotAcknowledged). The reactor and
// `resp` belong to gRPC and are not touched after Finish.
class UnaryCall : public std::enable_shared_from_this<UnaryCall> {
 public:
  UnaryCall(grpc::ServerUnaryReactor* reactor, v1::PublishResponse* resp)
      : reactor_(reactor), resp_(resp) {}

  grpc::ServerUnaryReactor* reactor() const { return reactor_; }

  void Answer(const v1::PublishResult& r) {
    {
      std::lock_guard lock(mu_);
      if (answered_) return;
      answered_ = true;
      if (r.code() == 0) *resp_->mutable_result() = r;
    }
    alarm_.Cancel();  // no-op when not set or already fired
    reactor_->Finish(r.code() == 0 ? grpc::Status::OK
                                   : grpc::Status(static_cast<grpc::StatusCode>(r.code()),
                                                  r.message()));
  }

  // Arms the alarm unless the outcome is already known. The alarm's callback keeps this object
  // alive until it runs (fired, or cancelled by Answer).
  void AnswerBy(absl::Time until, const std::string& event_id) {
    std::lock_guard lock(mu_);
    if (answered_) return;
    alarm_.Set(absl::ToChronoTime(until),
               [self = shared_from_this(), event_id](bool fired) {
                 if (fired) self->Answer(NotAcknowledged(event_id));
               });
  }

 private:
  grpc::ServerUnaryReactor* const reactor_;
  v1::PublishResponse* const resp_;
  std::mutex mu_;
  bool answered_ = false;
  grpc::Alarm alarm_;
};

// Results held by every PublishStream of this process, produced but not yet written to their
// client (StreamPendingResults()).
std::atomic<int64_t> g_stream_pending_results{0};

// One PublishStream. Its window (max_in_flight) counts every event read and not yet written back:
// those awaiting their outcome and those whose result waits to be written. It reads only while
// the window has room, so a client that never reads its results stops being read once the window
// is full (gRPC flow control then pushes back on it) and the results held stay bounded; room is
// freed when a write completes. Refused events answer at once but occupy the window the same way.
// The first UNAUTHENTICATED result ends the stream with that status (after writing the results
// of the events before it): a caller without valid credentials learns it once, not per event.
// Deletes itself once gRPC is done with it and no outcome is pending.
//
// Threads: gRPC's callback threads (reads, writes) and whichever thread reports an outcome; every
// member below mu_ is guarded by it.
class StreamReactor final : public grpc::ServerBidiReactor<v1::PublishRequest, v1::PublishResult> {
 public:
  StreamReactor(Publisher* publisher, Credentials credentials, int max_in_flight)
      : publisher_(publisher), credentials_(std::move(credentials)), max_in_flight_(max_in_flight) {
    reading_ = true;
    StartRead(&incoming_);
  }

  ~StreamReactor() override { g_stream_pending_results -= held_; }

  void OnReadDone(bool ok) override {
    {
      std::lock_guard lock(mu_);
      if (!ok || refusal_) {
        // An event read after the stream was refused is dropped unanswered: the status says why.
        reading_ = false;
        read_done_ = true;
        MaybeFinishLocked();
        return;
      }
      ++in_flight_;
    }
    // Not under mu_: refused events call back synchronously.
    publisher_->Publish(incoming_, credentials_,
                        [this](const v1::PublishResult& r) { OnResult(r); });
    std::lock_guard lock(mu_);
    reading_ = false;
    MaybeReadLocked();
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard lock(mu_);
    writing_ = false;
    if (!ok) {
      broken_ = true;
      pending_writes_.clear();
    }
    CountHeldLocked();
    PumpLocked();
    MaybeReadLocked();
    MaybeFinishLocked();
  }

  void OnCancel() override {
    std::lock_guard lock(mu_);
    broken_ = true;
    MaybeFinishLocked();
  }

  void OnDone() override {
    bool destroy = false;
    {
      std::lock_guard lock(mu_);
      done_ = true;
      destroy = in_flight_ == 0;
    }
    if (destroy) delete this;
  }

 private:
  void OnResult(const v1::PublishResult& r) {
    bool destroy = false;
    {
      std::lock_guard lock(mu_);
      --in_flight_;
      if (done_) {
        destroy = in_flight_ == 0;
      } else {
        if (r.code() == static_cast<int>(grpc::StatusCode::UNAUTHENTICATED)) {
          if (!refusal_) {
            refusal_ = grpc::Status(grpc::StatusCode::UNAUTHENTICATED, r.message());
          }
        } else if (!broken_) {
          pending_writes_.push_back(r);
        }
        CountHeldLocked();
        PumpLocked();
        MaybeReadLocked();
        MaybeFinishLocked();
      }
    }
    if (destroy) delete this;
  }

  // Events read but not yet answered on the wire: awaiting an outcome, queued, being written.
  int WindowUsedLocked() const {
    return in_flight_ + static_cast<int>(pending_writes_.size()) + (writing_ ? 1 : 0);
  }

  void MaybeReadLocked() {
    if (reading_ || read_done_ || finished_ || broken_ || refusal_) return;
    if (WindowUsedLocked() >= max_in_flight_) return;  // back-pressure until a write completes
    reading_ = true;
    StartRead(&incoming_);
  }

  void PumpLocked() {
    if (writing_ || pending_writes_.empty() || finished_) return;
    writing_ = true;
    current_ = std::move(pending_writes_.front());
    pending_writes_.pop_front();
    // More results queued behind this one: let gRPC coalesce them into fewer frames and syscalls
    // (the last of a burst goes without the hint, which flushes).
    grpc::WriteOptions options;
    if (!pending_writes_.empty()) options.set_buffer_hint();
    StartWrite(&current_, options);
  }

  void MaybeFinishLocked() {
    if (finished_ || writing_) return;
    if (broken_) {
      finished_ = true;
      Finish(grpc::Status::CANCELLED);
    } else if ((read_done_ || refusal_) && in_flight_ == 0 && pending_writes_.empty()) {
      finished_ = true;
      Finish(refusal_ ? *refusal_ : grpc::Status::OK);
    }
  }

  // Keeps g_stream_pending_results in step with what this stream holds.
  void CountHeldLocked() {
    const int64_t held = static_cast<int64_t>(pending_writes_.size()) + (writing_ ? 1 : 0);
    g_stream_pending_results += held - held_;
    held_ = held;
  }

  Publisher* const publisher_;
  // Read once when the stream opens (the token's hash is computed once); checked against the
  // current topology on every event.
  const Credentials credentials_;
  const int max_in_flight_;
  std::mutex mu_;
  v1::PublishRequest incoming_;
  v1::PublishResult current_;
  std::deque<v1::PublishResult> pending_writes_;
  int in_flight_ = 0;
  int64_t held_ = 0;  // what this stream added to g_stream_pending_results
  std::optional<grpc::Status> refusal_;  // the first UNAUTHENTICATED: no more reads, then Finish
  bool reading_ = false;
  bool read_done_ = false;
  bool writing_ = false;
  bool finished_ = false;
  bool broken_ = false;
  bool done_ = false;
};

}  // namespace

int64_t StreamPendingResults() { return g_stream_pending_results.load(); }

int MaxRequestMessageBytes(int64_t max_record_bytes) {
  return static_cast<int>(std::min<int64_t>(
      kJsonToRecordFactor * max_record_bytes + kRequestEnvelopeBytes, INT32_MAX));
}

GatewayService::GatewayService(Publisher* publisher, GatewayServiceOptions options)
    : publisher_(publisher), options_(options) {}

absl::Time GatewayService::WaitUntil(const grpc::ServerContextBase& ctx) const {
  const absl::Time fallback = absl::Now() + options_.default_wait;
  const auto deadline = ctx.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return fallback;
  return std::min(fallback, absl::FromChrono(deadline) - options_.deadline_margin);
}

grpc::ServerUnaryReactor* GatewayService::Publish(grpc::CallbackServerContext* ctx,
                                                  const v1::PublishRequest* req,
                                                  v1::PublishResponse* resp) {
  auto call = std::make_shared<UnaryCall>(ctx->DefaultReactor(), resp);
  const std::string event_id = publisher_->Publish(
      *req, auth::GrpcCredentials(*ctx), [call](const v1::PublishResult& r) { call->Answer(r); });
  call->AnswerBy(WaitUntil(*ctx), event_id);
  return call->reactor();
}

grpc::Status GatewayService::PublishBatch(grpc::ServerContext* ctx,
                                          const v1::PublishBatchRequest* req,
                                          v1::PublishBatchResponse* resp) {
  if (req->events_size() > options_.max_in_flight) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        absl::StrCat("events: at most ", options_.max_in_flight, " per batch"));
  }
  std::vector<const v1::PublishRequest*> events;
  for (const auto& event : req->events()) events.push_back(&event);
  for (auto& r : PublishAndWait(*publisher_, events, auth::GrpcCredentials(*ctx), WaitUntil(*ctx))) {
    *resp->add_results() = std::move(r);
  }
  return grpc::Status::OK;
}

grpc::ServerBidiReactor<v1::PublishRequest, v1::PublishResult>* GatewayService::PublishStream(
    grpc::CallbackServerContext* ctx) {
  return new StreamReactor(publisher_, auth::GrpcCredentials(*ctx), options_.max_in_flight);
}

}  // namespace causeway::gateway
