#include "topology/watch_quota.h"

#include "absl/strings/str_cat.h"

namespace causeway::topology {

WatchQuota::Slot::~Slot() {
  if (quota_ != nullptr) quota_->Release(principal_);
}

absl::StatusOr<WatchQuota::Slot> WatchQuota::Acquire(const std::string& principal) {
  std::lock_guard lock(mu_);
  if (open_ >= limits_.total) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "this replica already serves ", open_, " Watch streams, its limit (--watch-streams); "
        "retry later or on another replica"));
  }
  auto it = by_principal_.find(principal);
  const int mine = it == by_principal_.end() ? 0 : it->second;
  if (mine >= limits_.per_principal) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "principal \"", principal, "\" already has ", mine,
        " Watch streams open on this replica, its limit (--watch-streams-per-principal); close "
        "one first"));
  }
  ++by_principal_[principal];
  ++open_;
  return Slot(this, principal);
}

void WatchQuota::Release(const std::string& principal) {
  std::lock_guard lock(mu_);
  --open_;
  auto it = by_principal_.find(principal);
  if (it != by_principal_.end() && --it->second == 0) by_principal_.erase(it);
}

int WatchQuota::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

int WatchQuota::open_by(const std::string& principal) const {
  std::lock_guard lock(mu_);
  auto it = by_principal_.find(principal);
  return it == by_principal_.end() ? 0 : it->second;
}

}  // namespace causeway::topology
