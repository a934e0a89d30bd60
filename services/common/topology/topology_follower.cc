#include "common/topology/topology_follower.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "common/core/log.h"
#include "common/core/watch_limits.h"

namespace causeway::topology {

TopologyFollower::TopologyFollower(FollowerOptions options, OnView on_view)
    : options_(std::move(options)), on_view_(std::move(on_view)) {}

TopologyFollower::~TopologyFollower() { Stop(); }

void TopologyFollower::Start() {
  if (!options_.snapshot_path.empty()) {
    if (absl::Status s = LoadSnapshot(); s.ok()) {
      log::Info("topology loaded from snapshot file", {{"path", options_.snapshot_path},
                                                       {"revision", absl::StrCat(view()->revision())}});
    } else if (!absl::IsNotFound(s)) {
      log::Warn("snapshot file unusable; waiting for topology", {{"error", s.ToString()}});
    }
  }
  running_ = true;
  thread_ = std::thread([this] { Run(); });
}

void TopologyFollower::Stop() {
  running_ = false;
  {
    std::lock_guard lock(context_mu_);
    if (context_ != nullptr) context_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

bool TopologyFollower::WaitForRevision(int64_t revision, absl::Duration timeout) const {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    auto v = view();
    if (v && v->revision() >= revision) return true;
    absl::SleepFor(absl::Milliseconds(10));
  }
  return false;
}

void TopologyFollower::Install(std::shared_ptr<const TopologyView> view) {
  if (on_view_) on_view_(view);
  std::atomic_store(&view_, std::move(view));
}

void TopologyFollower::Run() {
  absl::Duration backoff = options_.retry;
  while (running_) {
    grpc::Status ended = Follow();
    // A stream that delivered something was healthy (e.g. ended by the server's maximum
    // connection age): reconnect at once-ish rather than after the last failures' backoff.
    if (connected_.exchange(false)) backoff = options_.retry;
    if (!running_) break;
    log::Warn("topology watch ended; serving from the last state and reconnecting",
              {{"code", absl::StrCat(ended.error_code())}, {"error", ended.error_message()},
               {"revision", absl::StrCat(view() ? view()->revision() : -1)}});
    const absl::Time until = absl::Now() + backoff;
    while (running_ && absl::Now() < until) absl::SleepFor(absl::Milliseconds(50));
    backoff = std::min(backoff * 2, options_.max_retry);
  }
}

grpc::Status TopologyFollower::Follow() {
  ChannelOptions channel_options = options_.topology;
  // Topology keeps each Watch message small, but one entity goes whole in its message: accept the
  // largest one topology can store (a freeze on stale state would follow a refusal).
  channel_options.max_receive_message_bytes = kTopologyReceiveBytes;
  if (!options_.token_file.empty()) {
    auto token = ReadTokenFile("--topology-token-file", options_.token_file);
    if (!token.ok()) return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                                         std::string(token.status().message()));
    channel_options.token = *std::move(token);
  }
  auto channel = NewChannel(channel_options, "topology-");
  if (!channel.ok()) {
    return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION,
                        std::string(channel.status().message()));
  }
  auto stub = v1::Topology::NewStub(*channel);
  grpc::ClientContext context;
  AddCallCredentials(channel_options, &context);
  {
    std::lock_guard lock(context_mu_);
    if (!running_) return grpc::Status::CANCELLED;
    context_ = &context;
  }
  v1::WatchRequest request;
  auto current = view();
  request.set_since_revision(current ? current->revision() : 0);
  auto reader = stub->Watch(&context, request);
  std::vector<v1::Change> snapshot;
  v1::WatchResponse msg;
  while (reader->Read(&msg)) {
    connected_ = true;
    switch (msg.kind()) {
      case v1::WatchResponse::KIND_RESET:
        snapshot.clear();
        break;
      case v1::WatchResponse::KIND_SNAPSHOT:
        for (auto& c : *msg.mutable_changes()) snapshot.push_back(std::move(c));
        break;
      case v1::WatchResponse::KIND_SNAPSHOT_COMPLETE: {
        auto fresh = TopologyView::FromSnapshot(msg.revision(), snapshot);
        snapshot.clear();
        Install(fresh);
        if (absl::Status s = WriteSnapshot(*fresh); !s.ok()) {
          log::Warn("cannot write snapshot file", {{"error", s.ToString()}});
        }
        break;
      }
      case v1::WatchResponse::KIND_CHANGES: {
        auto now = view();
        if (!now) break;  // changes before any snapshot cannot happen; ignore defensively
        std::vector<v1::Change> changes(msg.changes().begin(), msg.changes().end());
        auto next = now->Apply(changes);
        Install(next);
        if (absl::Status s = WriteSnapshot(*next); !s.ok()) {
          log::Warn("cannot write snapshot file", {{"error", s.ToString()}});
        }
        break;
      }
      default:
        break;
    }
  }
  grpc::Status status = reader->Finish();
  std::lock_guard lock(context_mu_);
  context_ = nullptr;
  return status;
}

absl::Status TopologyFollower::WriteSnapshot(const TopologyView& view) const {
  if (options_.snapshot_path.empty()) return absl::OkStatus();
  v1::WatchResponse file;
  file.set_kind(v1::WatchResponse::KIND_SNAPSHOT);
  file.set_revision(view.revision());
  for (const auto& entity : view.Entities()) *file.add_changes() = *entity;
  // Write then rename: a crash never leaves a torn file behind.
  const std::string tmp = options_.snapshot_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out || !file.SerializeToOstream(&out)) {
      return absl::UnavailableError(absl::StrCat("writing ", tmp));
    }
  }
  if (std::rename(tmp.c_str(), options_.snapshot_path.c_str()) != 0) {
    return absl::UnavailableError(absl::StrCat("renaming ", tmp));
  }
  return absl::OkStatus();
}

absl::Status TopologyFollower::LoadSnapshot() {
  std::ifstream in(options_.snapshot_path, std::ios::binary);
  if (!in) return absl::NotFoundError(options_.snapshot_path);
  v1::WatchResponse file;
  if (!file.ParseFromIstream(&in) || file.kind() != v1::WatchResponse::KIND_SNAPSHOT) {
    return absl::DataLossError(absl::StrCat(options_.snapshot_path, " is not a topology snapshot"));
  }
  std::vector<v1::Change> entities(file.changes().begin(), file.changes().end());
  Install(TopologyView::FromSnapshot(file.revision(), entities));
  return absl::OkStatus();
}

}  // namespace causeway::topology
