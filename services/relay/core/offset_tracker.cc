#include "relay/core/offset_tracker.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace causeway::relay {

OffsetTracker::OffsetTracker(size_t max_uncommitted)
    : max_uncommitted_(std::max<size_t>(1, max_uncommitted)) {}

absl::Status OffsetTracker::Track(int64_t offset) {
  if (offset < 0) return absl::InvalidArgumentError(absl::StrCat("offset ", offset, " < 0"));
  if (highest_ && offset <= *highest_) {
    return absl::FailedPreconditionError(
        absl::StrCat("offset ", offset, " tracked after ", *highest_, " (offsets must increase)"));
  }
  if (Full()) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "offset ", offset, ": ", max_uncommitted_, " uncommitted offsets held (pause the partition)"));
  }
  window_.push_back({offset, false});
  highest_ = offset;
  return absl::OkStatus();
}

absl::Status OffsetTracker::MarkTerminal(int64_t offset) {
  if (window_.empty() || offset < window_.front().offset) {
    if (highest_ && offset <= *highest_) return absl::OkStatus();  // already below the watermark
    return absl::NotFoundError(absl::StrCat("offset ", offset, " was never tracked"));
  }
  // In-order completion is the common case: check the front before searching.
  auto it = window_.begin();
  if (it->offset != offset) {
    it = std::lower_bound(window_.begin(), window_.end(), offset,
                          [](const Entry& e, int64_t o) { return e.offset < o; });
    if (it == window_.end() || it->offset != offset) {
      return absl::NotFoundError(absl::StrCat("offset ", offset, " was never tracked"));
    }
  }
  it->terminal = true;
  Advance();
  return absl::OkStatus();
}

void OffsetTracker::Advance() {
  while (!window_.empty() && window_.front().terminal) window_.pop_front();
}

std::optional<int64_t> OffsetTracker::Committable() const {
  if (!highest_) return std::nullopt;
  if (window_.empty()) return *highest_ + 1;
  return window_.front().offset;
}

void OffsetTracker::Reset() {
  window_.clear();
  highest_.reset();
}

}  // namespace causeway::relay
