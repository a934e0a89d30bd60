#pragma once
// One Relay.Consume RPC: a callback-API bidi reactor (no gRPC thread is held while the stream is
// open). It reads one request at a time: the first must be `init` (completed by CompleteInit,
// admitted by the service: authentication, role, subscription PULL and active), which opens the
// stream in the StreamHub; then ack / nack / reject / extend, each bounded (CheckFollowUp) and
// handed to the hub. The hub sends through Send (started, batches, heartbeats): one write in
// flight, the others queued. The queue holds at most the stream's outstanding events (a batch
// holds only events counted as outstanding) and one heartbeat (a heartbeat is dropped when
// something is queued already). The stream ends when the client half-closes or cancels (its
// outstanding events go to the other streams), on a bad message (INVALID_ARGUMENT), or when the
// hub ends it (draining: UNAVAILABLE).
//
// Threads: gRPC's callback threads and the hub's (Send, End; they take only this stream's lock).
// The object deletes itself in OnDone, after closing its hub stream.
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

#include "causeway/relay/v1/relay.grpc.pb.h"
#include "relay/server/stream_hub.h"

namespace causeway::relay {

class ConsumeStream final
    : public grpc::ServerBidiReactor<relay::v1::ConsumeRequest, relay::v1::ConsumeResponse>,
      public ConsumeSink {
 public:
  // OK when the caller may consume the completed init's subscription; else the stream's status.
  using Admit = std::function<grpc::Status(const relay::v1::ConsumeInit& completed)>;

  static ConsumeStream* Start(StreamHub* hub, Admit admit);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

  void Send(relay::v1::ConsumeResponse message) override;
  void End(absl::Status status) override;

 private:
  ConsumeStream(StreamHub* hub, Admit admit);
  void FinishWith(const grpc::Status& status);
  void FinishLocked(const grpc::Status& status);

  StreamHub* const hub_;
  const Admit admit_;
  relay::v1::ConsumeRequest request_;  // the read in progress (one at a time)
  StreamId id_ = 0;                    // the reactor's reads only: 0 until opened

  std::mutex mu_;
  std::deque<relay::v1::ConsumeResponse> queue_;  // guarded by mu_; front is being written
  bool writing_ = false;                          // guarded by mu_
  bool finished_ = false;                         // guarded by mu_
  std::optional<grpc::Status> pending_finish_;    // guarded by mu_: after the write in flight
};

}  // namespace causeway::relay
