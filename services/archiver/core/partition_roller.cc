#include "archiver/core/partition_roller.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "archiver/core/archive_layout.h"

namespace causeway::archiver {

const char* CloseReasonName(CloseReason reason) {
  switch (reason) {
    case CloseReason::kSize: return "size";
    case CloseReason::kRecords: return "records";
    case CloseReason::kAge: return "age";
    case CloseReason::kHour: return "hour";
    case CloseReason::kOpenFiles: return "open_files";
    case CloseReason::kRevoke: return "revoke";
    case CloseReason::kShutdown: return "shutdown";
  }
  return "unknown";
}

PartitionRoller::PartitionRoller(RollerOptions options, int64_t next_offset)
    : options_(options), committed_(next_offset), next_read_(next_offset) {}

absl::StatusOr<FileId> PartitionRoller::Add(int64_t offset, int32_t schema_id,
                                            absl::Time timestamp, int64_t bytes,
                                            absl::Time now) {
  if (offset < next_read_) {
    return absl::FailedPreconditionError(
        absl::StrCat("offset ", offset, " was placed already (next is ", next_read_, ")"));
  }
  const absl::Time hour = HourOf(absl::ToUnixMillis(timestamp));
  RolledFile* file = nullptr;
  for (auto& [id, f] : files_) {
    if (!f.closed && f.schema_id == schema_id && f.hour == hour) {
      file = &f;
      break;
    }
  }
  if (file == nullptr) {
    if (static_cast<int>(open_files()) >= options_.max_open_files) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "partition has ", options_.max_open_files, " files open (max_open_files): close one"));
    }
    const FileId id = next_id_++;
    file = &files_[id];
    file->id = id;
    file->schema_id = schema_id;
    file->hour = hour;
    file->first_offset = offset;
    file->opened_at = now;
    file->late = event_time_high_ != absl::InfinitePast() &&
                 hour < HourOf(absl::ToUnixMillis(event_time_high_));
  }
  file->last_offset = offset;
  file->records += 1;
  file->bytes += bytes;
  file->min_timestamp = std::min(file->min_timestamp, timestamp);
  file->max_timestamp = std::max(file->max_timestamp, timestamp);
  event_time_high_ = std::max(event_time_high_, timestamp);
  next_read_ = offset + 1;
  return file->id;
}

void PartitionRoller::Gap(int64_t to_offset) {
  if (to_offset <= next_read_) return;
  gaps_.push_back(RolledGap{next_read_, to_offset});
  next_read_ = to_offset;
}

std::vector<std::pair<FileId, CloseReason>> PartitionRoller::Due(absl::Time now) const {
  std::vector<std::pair<FileId, CloseReason>> out;
  for (const auto& [id, f] : files_) {
    if (f.closed) continue;
    if (f.bytes >= options_.max_file_bytes) {
      out.push_back({id, CloseReason::kSize});
    } else if (f.records >= options_.max_file_records) {
      out.push_back({id, CloseReason::kRecords});
    } else if (event_time_high_ >= f.hour + absl::Hours(1) + options_.hour_grace) {
      out.push_back({id, CloseReason::kHour});
    } else if (now - f.opened_at >= options_.max_file_age) {
      out.push_back({id, CloseReason::kAge});
    }
  }
  return out;
}

const RolledFile* PartitionRoller::Find(FileId id) const {
  auto it = files_.find(id);
  return it == files_.end() ? nullptr : &it->second;
}

std::optional<FileId> PartitionRoller::OldestOpen() const {
  for (const auto& [id, f] : files_) {
    if (!f.closed) return id;
  }
  return std::nullopt;
}

absl::StatusOr<RolledFile> PartitionRoller::Close(FileId id, CloseReason reason) {
  auto it = files_.find(id);
  if (it == files_.end() || it->second.closed) {
    return absl::NotFoundError(absl::StrCat("no open file ", id));
  }
  it->second.closed = reason;
  return it->second;
}

std::vector<RolledFile> PartitionRoller::CloseAll(CloseReason reason) {
  std::vector<RolledFile> out;
  for (auto& [id, f] : files_) {
    if (f.closed) continue;
    f.closed = reason;
    out.push_back(f);
  }
  return out;
}

absl::Status PartitionRoller::Uploaded(FileId id, std::string object_key, int64_t object_bytes,
                                       std::string sha256) {
  auto it = files_.find(id);
  if (it == files_.end() || !it->second.closed) {
    return absl::NotFoundError(absl::StrCat("no closed file ", id));
  }
  it->second.uploaded = true;
  it->second.object_key = std::move(object_key);
  it->second.object_bytes = object_bytes;
  it->second.sha256 = std::move(sha256);
  return absl::OkStatus();
}

std::optional<CommitPlan> PartitionRoller::PlanCommit() const {
  // Everything read is committable but what a file still open or not uploaded holds; a file
  // straddling the limit waits too, and lowers the limit to its first offset (repeat: lowering
  // may leave out another file).
  int64_t limit = next_read_;
  for (const auto& [id, f] : files_) {
    if (!f.uploaded) limit = std::min(limit, f.first_offset);
  }
  for (bool lowered = true; lowered;) {
    lowered = false;
    for (const auto& [id, f] : files_) {
      if (f.uploaded && f.first_offset < limit && f.last_offset >= limit) {
        limit = f.first_offset;
        lowered = true;
      }
    }
    for (const RolledGap& g : gaps_) {
      if (g.from_offset < limit && g.to_offset > limit) {
        limit = g.from_offset;
        lowered = true;
      }
    }
  }
  if (limit <= committed_) return std::nullopt;
  CommitPlan plan;
  plan.next_offset = limit;
  for (const auto& [id, f] : files_) {
    if (f.uploaded && f.last_offset < limit) plan.files.push_back(f);
  }
  for (const RolledGap& g : gaps_) {
    if (g.to_offset <= limit) plan.gaps.push_back(g);
  }
  return plan;
}

void PartitionRoller::Committed(const CommitPlan& plan) {
  for (const RolledFile& f : plan.files) files_.erase(f.id);
  std::erase_if(gaps_, [&](const RolledGap& g) { return g.to_offset <= plan.next_offset; });
  committed_ = std::max(committed_, plan.next_offset);
}

absl::Time PartitionRoller::OldestPending() const {
  absl::Time t = absl::InfiniteFuture();
  for (const auto& [id, f] : files_) t = std::min(t, f.min_timestamp);
  return t;
}

size_t PartitionRoller::open_files() const {
  return static_cast<size_t>(
      std::count_if(files_.begin(), files_.end(), [](const auto& e) { return !e.second.closed; }));
}

}  // namespace causeway::archiver
