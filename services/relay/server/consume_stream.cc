#include "relay/server/consume_stream.h"

#include "common/core/grpc_status.h"
#include "relay/core/consume_init.h"

namespace causeway::relay {

namespace rv1 = ::causeway::relay::v1;

ConsumeStream* ConsumeStream::Start(StreamHub* hub, Admit admit) {
  return new ConsumeStream(hub, std::move(admit));
}

ConsumeStream::ConsumeStream(StreamHub* hub, Admit admit) : hub_(hub), admit_(std::move(admit)) {
  StartRead(&request_);
}

void ConsumeStream::OnReadDone(bool ok) {
  if (!ok) {
    // The client half-closed (or the call is cancelled): its outstanding events go elsewhere.
    if (id_ != 0) hub_->Close(id_);
    FinishWith(grpc::Status::OK);
    return;
  }
  if (id_ == 0) {
    if (!request_.has_init()) {
      FinishWith({grpc::StatusCode::INVALID_ARGUMENT,
                  "init: required as the first message of the stream"});
      return;
    }
    absl::StatusOr<rv1::ConsumeInit> completed = CompleteInit(request_.init());
    if (!completed.ok()) {
      FinishWith(ToGrpcStatus(completed.status()));
      return;
    }
    if (grpc::Status s = admit_(*completed); !s.ok()) {
      FinishWith(s);
      return;
    }
    absl::StatusOr<StreamId> id = hub_->Open(*completed, this);
    if (!id.ok()) {
      FinishWith(ToGrpcStatus(id.status()));
      return;
    }
    id_ = *id;
    StartRead(&request_);
    return;
  }
  if (absl::Status s = CheckFollowUp(request_); !s.ok()) {
    hub_->Close(id_);
    FinishWith(ToGrpcStatus(s));
    return;
  }
  hub_->Handle(id_, request_);
  StartRead(&request_);
}

void ConsumeStream::Send(rv1::ConsumeResponse message) {
  std::lock_guard lock(mu_);
  if (finished_) return;
  // A client that is not reading gets no pile of heartbeats: one queued message says enough.
  if (message.has_heartbeat() && !queue_.empty()) return;
  queue_.push_back(std::move(message));
  if (!writing_) {
    writing_ = true;
    StartWrite(&queue_.front());
  }
}

void ConsumeStream::OnWriteDone(bool ok) {
  std::lock_guard lock(mu_);
  writing_ = false;
  if (!queue_.empty()) queue_.pop_front();
  if (pending_finish_) {
    queue_.clear();
    Finish(*pending_finish_);
    pending_finish_.reset();
    return;
  }
  if (!ok) {
    // The client is gone; its read side ends too, and OnDone closes the hub stream.
    FinishLocked({grpc::StatusCode::UNAVAILABLE, "write failed"});
    return;
  }
  if (!queue_.empty() && !finished_) {
    writing_ = true;
    StartWrite(&queue_.front());
  }
}

void ConsumeStream::End(absl::Status status) {
  std::lock_guard lock(mu_);
  FinishLocked(ToGrpcStatus(status));
}

void ConsumeStream::OnCancel() {
  std::lock_guard lock(mu_);
  FinishLocked(grpc::Status::CANCELLED);
}

void ConsumeStream::FinishWith(const grpc::Status& status) {
  std::lock_guard lock(mu_);
  FinishLocked(status);
}

void ConsumeStream::FinishLocked(const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  // Never finish with a write in flight: OnWriteDone finishes instead.
  if (writing_) {
    pending_finish_ = status;
    return;
  }
  queue_.clear();
  Finish(status);
}

void ConsumeStream::OnDone() {
  if (id_ != 0) hub_->Close(id_);
  delete this;
}

}  // namespace causeway::relay
