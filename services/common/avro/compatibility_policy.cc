#include "common/avro/compatibility_policy.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/avro/compatibility.h"

namespace causeway::avro {
namespace {

struct ModeEntry {
  CompatibilityMode mode;
  std::string_view name;
  bool backward;
  bool forward;
  bool transitive;
};

constexpr std::array<ModeEntry, 7> kModes = {{
    {CompatibilityMode::kBackward, "BACKWARD", true, false, false},
    {CompatibilityMode::kBackwardTransitive, "BACKWARD_TRANSITIVE", true, false, true},
    {CompatibilityMode::kForward, "FORWARD", false, true, false},
    {CompatibilityMode::kForwardTransitive, "FORWARD_TRANSITIVE", false, true, true},
    {CompatibilityMode::kFull, "FULL", true, true, false},
    {CompatibilityMode::kFullTransitive, "FULL_TRANSITIVE", true, true, true},
    {CompatibilityMode::kNone, "NONE", false, false, false},
}};

const ModeEntry& EntryOf(CompatibilityMode mode) {
  for (const ModeEntry& e : kModes) {
    if (e.mode == mode) return e;
  }
  return kModes.back();
}

}  // namespace

std::string_view CompatibilityModeName(CompatibilityMode mode) { return EntryOf(mode).name; }

absl::StatusOr<CompatibilityMode> ParseCompatibilityMode(std::string_view name) {
  for (const ModeEntry& e : kModes) {
    if (e.name == name) return e.mode;
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "unknown compatibility mode \"%s\"; expected one of %s", name,
      absl::StrJoin(kModes, ", ",
                    [](std::string* out, const ModeEntry& e) { out->append(e.name); })));
}

std::string_view CheckDirectionName(CheckDirection direction) {
  return direction == CheckDirection::kCandidateReadsExisting ? "BACKWARD" : "FORWARD";
}

std::string PolicyIncompatibility::ToString() const {
  return absl::StrFormat("against %s (%s, %s): %s", existing_label, CheckDirectionName(direction),
                         IncompatibilityKindName(incompatibility.kind),
                         incompatibility.ToString());
}

std::vector<PolicyIncompatibility> CheckCompatibility(
    const Schema& candidate, std::span<const Schema* const> existing_newest_first,
    CompatibilityMode mode, std::span<const std::string> labels) {
  const ModeEntry& entry = EntryOf(mode);
  const size_t count = entry.transitive ? existing_newest_first.size()
                                        : std::min<size_t>(1, existing_newest_first.size());
  const bool labelled = labels.size() == existing_newest_first.size();
  std::vector<PolicyIncompatibility> result;
  for (size_t i = 0; i < count; ++i) {
    const Schema& existing = *existing_newest_first[i];
    auto add = [&](CheckDirection direction, std::vector<Incompatibility> found) {
      for (Incompatibility& incompatibility : found) {
        result.push_back({i, labelled ? labels[i] : absl::StrCat("existing[", i, "]"), direction,
                          std::move(incompatibility)});
      }
    };
    if (entry.backward) {
      add(CheckDirection::kCandidateReadsExisting, CheckReaderWriter(candidate, existing));
    }
    if (entry.forward) {
      add(CheckDirection::kExistingReadsCandidate, CheckReaderWriter(existing, candidate));
    }
  }
  return result;
}

}  // namespace causeway::avro
