#include "topology/watch_stream.h"

#include "common/core/grpc_status.h"
#include "topology/access.h"

namespace causeway::topology {

WatchStream* WatchStream::Start(WatchHub* hub, TopologyStore* store, int64_t since_revision,
                                int batch, Authorize authorize) {
  auto* stream = new WatchStream(hub, store, batch, std::move(authorize));
  stream->Begin(since_revision);
  return stream;
}

WatchStream::WatchStream(WatchHub* hub, TopologyStore* store, int batch, Authorize authorize)
    : hub_(hub), store_(store), batch_(batch), authorize_(std::move(authorize)) {}

void WatchStream::AddChange(const v1::Change& change, v1::WatchResponse* msg) const {
  v1::Change* added = msg->add_changes();
  *added = change;
  if (visibility_ == Visibility::kNoCredentials) ClearCredentials(added);
}

void WatchStream::Begin(int64_t since_revision) {
  // Subscribe before reading the revision so that no change can slip between the two.
  hub_->Subscribe(this);
  std::lock_guard lock(mu_);
  auto allowed = authorize_();
  if (!allowed.ok()) {
    FinishLocked(ToGrpcStatus(allowed.status()));
    return;
  }
  visibility_ = *allowed;
  auto view = hub_->view();
  if (!view) {
    FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                              "topology not loaded yet (PostgreSQL unavailable); retry"));
    return;
  }
  if (since_revision <= 0 || since_revision > view->revision()) {
    // A revision from the future means the client saw another database (or a restore): reset.
    QueueSnapshot();
  } else {
    revision_ = since_revision;
  }
  PumpLocked();
}

void WatchStream::QueueSnapshot() {
  auto view = hub_->view();
  v1::WatchResponse reset;
  reset.set_kind(v1::WatchResponse::KIND_RESET);
  reset.set_revision(view->revision());
  queued_.push_back(std::move(reset));
  v1::WatchResponse chunk;
  for (const auto& entity : view->Entities()) {
    if (chunk.changes_size() == batch_) {
      queued_.push_back(std::move(chunk));
      chunk = v1::WatchResponse();
    }
    chunk.set_kind(v1::WatchResponse::KIND_SNAPSHOT);
    chunk.set_revision(view->revision());
    AddChange(*entity, &chunk);
  }
  if (chunk.changes_size() > 0) queued_.push_back(std::move(chunk));
  v1::WatchResponse complete;
  complete.set_kind(v1::WatchResponse::KIND_SNAPSHOT_COMPLETE);
  complete.set_revision(view->revision());
  queued_.push_back(std::move(complete));
  revision_ = view->revision();
}

void WatchStream::PumpLocked() {
  if (writing_ || finished_) return;
  if (queued_.empty()) {
    if (auto allowed = authorize_(); !allowed.ok()) {
      FinishLocked(ToGrpcStatus(allowed.status()));
      return;
    } else {
      visibility_ = *allowed;
    }
    std::vector<std::shared_ptr<const v1::Change>> changes;
    switch (hub_->Fetch(revision_, batch_, &changes)) {
      case WatchHub::FetchResult::kUpToDate:
        return;
      case WatchHub::FetchResult::kTooOld: {
        // Older than the in-memory window: the full history is in PostgreSQL.
        auto older = store_->ChangesAfter(revision_, batch_);
        if (!older.ok()) {
          FinishLocked(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                    std::string(older.status().message())));
          return;
        }
        v1::WatchResponse msg;
        msg.set_kind(v1::WatchResponse::KIND_CHANGES);
        for (const auto& c : *older) AddChange(c, &msg);
        if (msg.changes_size() == 0) return;
        msg.set_revision(msg.changes(msg.changes_size() - 1).revision());
        queued_.push_back(std::move(msg));
        break;
      }
      case WatchHub::FetchResult::kChanges: {
        v1::WatchResponse msg;
        msg.set_kind(v1::WatchResponse::KIND_CHANGES);
        for (const auto& c : changes) AddChange(*c, &msg);
        msg.set_revision(changes.back()->revision());
        queued_.push_back(std::move(msg));
        break;
      }
    }
  }
  in_flight_ = std::move(queued_.front());
  queued_.pop_front();
  if (in_flight_.kind() == v1::WatchResponse::KIND_CHANGES) revision_ = in_flight_.revision();
  writing_ = true;
  StartWrite(&in_flight_);
}

void WatchStream::OnWriteDone(bool ok) {
  std::lock_guard lock(mu_);
  writing_ = false;
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

void WatchStream::OnNewRevision() {
  std::lock_guard lock(mu_);
  PumpLocked();
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

void WatchStream::FinishLocked(const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  // Never finish with a write in flight: OnWriteDone finishes instead.
  if (writing_) {
    pending_finish_ = status;
    return;
  }
  Finish(status);
}

void WatchStream::OnDone() {
  hub_->Unsubscribe(this);
  delete this;
}

}  // namespace causeway::topology
