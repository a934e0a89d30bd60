#include "topology/watch_stream.h"

#include "absl/strings/str_cat.h"
#include "common/core/grpc_status.h"
#include "common/core/watch_limits.h"
#include "topology/access.h"

namespace causeway::topology {
namespace {

// Room for a WatchResponse's own fields (kind, revision) in kWatchMessageBytes.
constexpr size_t kHeaderBytes = 16;

}  // namespace

WatchStream* WatchStream::Start(const Shared* shared, int64_t since_revision,
                                Authorize authorize) {
  auto* stream = new WatchStream(shared, std::move(authorize));
  stream->Begin(since_revision);
  return stream;
}

WatchStream::WatchStream(const Shared* shared, Authorize authorize)
    : shared_(shared), authorize_(std::move(authorize)) {}

void WatchStream::Begin(int64_t since_revision) {
  // Subscribe before reading the revision so that no change can slip between the two.
  shared_->hub->Subscribe(this);
  std::lock_guard lock(mu_);
  auto caller = authorize_();
  if (!caller.ok()) {
    FinishLocked(ToGrpcStatus(caller.status()));
    return;
  }
  auto slot = shared_->quota->Acquire(caller->principal);
  if (!slot.ok()) {
    FinishLocked(ToGrpcStatus(slot.status()));
    return;
  }
  slot_.emplace(*std::move(slot));
  auto view = shared_->hub->view();
  if (!view) {
    FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                              "topology not loaded yet (PostgreSQL unavailable); retry"));
    return;
  }
  if (since_revision <= 0 || since_revision > view->revision()) {
    // A revision from the future means the client saw another database (or a restore): reset.
    StartSnapshotLocked(std::move(view));
  } else {
    revision_ = since_revision;
  }
  PumpLocked();
}

void WatchStream::StartSnapshotLocked(std::shared_ptr<const TopologyView> view) {
  cursor_.emplace(view->Begin());
  snapshot_ = std::move(view);
  phase_ = Phase::kReset;
}

void WatchStream::AddChange(const v1::Change& change, v1::WatchResponse* msg) const {
  v1::Change* added = msg->add_changes();
  *added = change;
  if (visibility_ == Visibility::kNoCredentials) ClearCredentials(added);
}

bool WatchStream::AppendLocked(const v1::Change& change, int64_t snapshot_revision,
                               size_t* bytes) {
  if (in_flight_.changes_size() >= shared_->options.batch) return false;
  AddChange(change, &in_flight_);
  v1::Change* added = in_flight_.mutable_changes(in_flight_.changes_size() - 1);
  if (snapshot_revision > 0) StampForSnapshot(snapshot_revision, added);
  // Measured as sent (stamped, redacted): an entity larger than the bound goes alone.
  const size_t size = ChangeWireBytes(*added);
  if (in_flight_.changes_size() > 1 && *bytes + size > kWatchMessageBytes) {
    in_flight_.mutable_changes()->RemoveLast();
    return false;
  }
  *bytes += size;
  return true;
}

bool WatchStream::NextMessageLocked() {
  auto caller = authorize_();
  if (!caller.ok()) {
    FinishLocked(ToGrpcStatus(caller.status()));
    return false;
  }
  visibility_ = caller->visibility;
  in_flight_.Clear();
  switch (phase_) {
    case Phase::kReset:
      in_flight_.set_kind(v1::WatchResponse::KIND_RESET);
      in_flight_.set_revision(snapshot_->revision());
      phase_ = Phase::kSnapshot;
      return true;
    case Phase::kSnapshot: {
      const int64_t revision = snapshot_->revision();
      in_flight_.set_revision(revision);
      if (cursor_->get() == nullptr) {
        in_flight_.set_kind(v1::WatchResponse::KIND_SNAPSHOT_COMPLETE);
        revision_ = revision;
        ReleasePlaceLocked();
        phase_ = Phase::kChanges;
        return true;
      }
      in_flight_.set_kind(v1::WatchResponse::KIND_SNAPSHOT);
      size_t bytes = kHeaderBytes;
      while (cursor_->get() != nullptr && AppendLocked(*cursor_->get(), revision, &bytes)) {
        cursor_->Advance();
      }
      return true;
    }
    case Phase::kChanges:
      return NextChangesLocked();
  }
  return false;
}

bool WatchStream::NextChangesLocked() {
  in_flight_.set_kind(v1::WatchResponse::KIND_CHANGES);
  size_t bytes = kHeaderBytes;
  if (!history_.empty()) {
    while (!history_.empty() && AppendLocked(history_.front(), 0, &bytes)) history_.pop_front();
  } else {
    if (reading_history_) return false;
    std::vector<std::shared_ptr<const v1::Change>> changes;
    switch (shared_->hub->Fetch(revision_, shared_->options.batch,
                                kWatchMessageBytes - kHeaderBytes, &changes)) {
      case WatchHub::FetchResult::kUpToDate:
        return false;
      case WatchHub::FetchResult::kTooOld:
        ReadHistoryLocked();
        return false;
      case WatchHub::FetchResult::kChanges:
        for (const auto& c : changes) {
          if (!AppendLocked(*c, 0, &bytes)) break;
        }
        break;
    }
  }
  revision_ = in_flight_.changes(in_flight_.changes_size() - 1).revision();
  in_flight_.set_revision(revision_);
  return true;
}

void WatchStream::ReadHistoryLocked() {
  // Older than the in-memory window: the full history is in PostgreSQL, read off this thread
  // (which may be the hub's follower, delivering to every stream).
  reading_history_ = true;
  absl::Status queued = shared_->history->Read(
      revision_, shared_->options.batch,
      [this](absl::StatusOr<std::vector<v1::Change>> changes) { OnHistory(std::move(changes)); });
  if (!queued.ok()) {
    reading_history_ = false;
    FinishLocked(ToGrpcStatus(queued));
  }
}

void WatchStream::OnHistory(absl::StatusOr<std::vector<v1::Change>> changes) {
  std::unique_lock lock(mu_);
  reading_history_ = false;
  if (done_) {
    lock.unlock();
    delete this;
    return;
  }
  if (finished_) return;
  if (!changes.ok()) {
    FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                              std::string(changes.status().message())));
    return;
  }
  for (v1::Change& c : *changes) {
    if (c.revision() > revision_) history_.push_back(std::move(c));
  }
  // PostgreSQL has nothing after the client's revision although the window starts later (a
  // restored database): the history is not kept, so the client starts over from a snapshot.
  if (history_.empty()) StartSnapshotLocked(shared_->hub->view());
  PumpLocked();
}

void WatchStream::PumpLocked() {
  if (writing_ || finished_) return;
  if (!NextMessageLocked()) return;
  writing_ = true;
  StartWrite(&in_flight_);
}

void WatchStream::OnWriteDone(bool ok) {
  std::lock_guard lock(mu_);
  writing_ = false;
  pending_changes_ = 0;
  pending_bytes_ = 0;
  if (pending_finish_) {
    Finish(*pending_finish_);
    pending_finish_.reset();
    return;
  }
  if (!ok) {
    FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE, "write failed"));
    return;
  }
  PumpLocked();
}

void WatchStream::OnNewRevision(const NewChanges& added) {
  std::lock_guard lock(mu_);
  if (finished_) return;
  if (!writing_) {
    PumpLocked();
    return;
  }
  pending_changes_ += added.changes;
  pending_bytes_ += added.bytes;
  const WatchOptions& o = shared_->options;
  if (pending_changes_ <= o.max_pending_changes && pending_bytes_ <= o.max_pending_bytes) return;
  // The client is not reading. Finish now, with the write still in flight: waiting for it would
  // keep the stream's place (a whole view, during a snapshot) for as long as the client likes.
  // The status reaches the client after the message it has not read.
  finished_ = true;
  ReleasePlaceLocked();
  Finish(grpc::Status(
      grpc::StatusCode::RESOURCE_EXHAUSTED,
      absl::StrCat("Watch client is not reading: ", pending_changes_, " changes (",
                   pending_bytes_, " bytes) were committed while a message waited for it (limits ",
                   o.max_pending_changes, " changes, ", o.max_pending_bytes,
                   " bytes); reconnect with since_revision of the last message read")));
}

void WatchStream::OnDrain() {
  std::lock_guard lock(mu_);
  FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                            "server draining; reconnect with your last revision"));
}

void WatchStream::OnCancel() {
  std::lock_guard lock(mu_);
  FinishLocked(grpc::Status::CANCELLED);
}

void WatchStream::ReleasePlaceLocked() {
  cursor_.reset();
  snapshot_.reset();
  history_.clear();
}

void WatchStream::FinishLocked(const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  ReleasePlaceLocked();
  // Never finish with a write in flight: OnWriteDone finishes instead.
  if (writing_) {
    pending_finish_ = status;
    return;
  }
  Finish(status);
}

void WatchStream::OnDone() {
  shared_->hub->Unsubscribe(this);
  {
    std::lock_guard lock(mu_);
    done_ = true;
    slot_.reset();
    ReleasePlaceLocked();
    // The history read's answer deletes the stream instead.
    if (reading_history_) return;
  }
  delete this;
}

}  // namespace causeway::topology
