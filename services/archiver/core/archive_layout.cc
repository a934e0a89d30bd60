#include "archiver/core/archive_layout.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "common/core/names.h"

namespace causeway::archiver {
namespace {

constexpr absl::string_view kSuffix = ".avro";

absl::Status Validate(const ArchiveFileName& n) {
  if (auto s = ValidateResourceName("zone", n.zone); !s.ok()) return s;
  if (auto s = ValidateResourceName("namespace", n.ns); !s.ok()) return s;
  if (auto s = ValidateEventTypeName("event_type", n.event_type); !s.ok()) return s;
  if (auto s = ValidateResourceName("cluster", n.cluster); !s.ok()) return s;
  if (auto s = ValidateTopicName("topic", n.topic); !s.ok()) return s;
  if (n.partition < 0) return absl::InvalidArgumentError("partition: must not be negative");
  if (n.first_offset < 0) return absl::InvalidArgumentError("first_offset: must not be negative");
  if (n.last_offset < n.first_offset) {
    return absl::InvalidArgumentError("last_offset: must not be below first_offset");
  }
  if (n.schema_id < 0) return absl::InvalidArgumentError("schema_id: must not be negative");
  if (n.generation < 0) return absl::InvalidArgumentError("generation: must not be negative");
  return absl::OkStatus();
}

// Parses exactly `digits` decimal digits (the padded offsets), or any decimal when digits is 0.
template <typename Int>
bool ParseDecimal(absl::string_view text, size_t digits, Int* out) {
  if (text.empty() || (digits != 0 && text.size() != digits)) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(text, out);
}

}  // namespace

absl::Time HourOf(int64_t timestamp_ms) {
  absl::CivilHour hour = absl::ToCivilHour(absl::FromUnixMillis(timestamp_ms), absl::UTCTimeZone());
  return absl::FromCivil(hour, absl::UTCTimeZone());
}

std::string HourFolder(absl::string_view root, absl::string_view zone, absl::string_view ns,
                       absl::string_view event_type, absl::Time hour) {
  absl::CivilHour h = absl::ToCivilHour(hour, absl::UTCTimeZone());
  std::string folder = absl::StrFormat("%s/%s/%s/dt=%04d-%02d-%02d/hr=%02d", zone, ns, event_type,
                                       h.year(), h.month(), h.day(), h.hour());
  root = absl::StripSuffix(root, "/");
  return root.empty() ? folder : absl::StrCat(root, "/", folder);
}

absl::StatusOr<std::string> ArchiveFileKey(absl::string_view root, const ArchiveFileName& name) {
  if (auto s = Validate(name); !s.ok()) return s;
  return absl::StrFormat("%s/%s+%s+%d+%020d-%020d+s%d+g%d%s",
                         HourFolder(root, name.zone, name.ns, name.event_type, name.hour),
                         name.cluster, name.topic, name.partition, name.first_offset,
                         name.last_offset, name.schema_id, name.generation, kSuffix);
}

absl::StatusOr<ArchiveFileName> ParseArchiveFileKey(absl::string_view root, absl::string_view key) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat("archive key \"", key, "\": ", why));
  };
  root = absl::StripSuffix(root, "/");
  absl::string_view rest = key;
  if (!root.empty() && !absl::ConsumePrefix(&rest, root)) return bad("not under the root");
  if (!root.empty() && !absl::ConsumePrefix(&rest, "/")) return bad("not under the root");
  std::vector<absl::string_view> parts = absl::StrSplit(rest, '/');
  if (parts.size() != 6) return bad("not zone/namespace/event_type/dt=/hr=/file");

  ArchiveFileName n;
  n.zone = std::string(parts[0]);
  n.ns = std::string(parts[1]);
  n.event_type = std::string(parts[2]);
  absl::string_view dt = parts[3], hr = parts[4], file = parts[5];
  int year = 0, month = 0, day = 0, hour = 0;
  if (!absl::ConsumePrefix(&dt, "dt=") || dt.size() != 10 || dt[4] != '-' || dt[7] != '-' ||
      !ParseDecimal(dt.substr(0, 4), 4, &year) || !ParseDecimal(dt.substr(5, 2), 2, &month) ||
      !ParseDecimal(dt.substr(8, 2), 2, &day)) {
    return bad("the date folder is not dt=YYYY-MM-DD");
  }
  if (!absl::ConsumePrefix(&hr, "hr=") || !ParseDecimal(hr, 2, &hour) || hour > 23) {
    return bad("the hour folder is not hr=HH");
  }
  absl::CivilHour civil(year, month, day, hour);
  if (civil.year() != year || civil.month() != month || civil.day() != day) {
    return bad("the date does not exist");
  }
  n.hour = absl::FromCivil(civil, absl::UTCTimeZone());

  if (!absl::ConsumeSuffix(&file, kSuffix)) return bad("not an .avro file");
  std::vector<absl::string_view> fields = absl::StrSplit(file, '+');
  if (fields.size() != 6) return bad("the file name does not have 6 `+`-separated fields");
  n.cluster = std::string(fields[0]);
  n.topic = std::string(fields[1]);
  if (!ParseDecimal(fields[2], 0, &n.partition)) return bad("the partition is not a number");
  std::pair<absl::string_view, absl::string_view> range =
      absl::StrSplit(fields[3], absl::MaxSplits('-', 1));
  if (!ParseDecimal(range.first, 20, &n.first_offset) ||
      !ParseDecimal(range.second, 20, &n.last_offset)) {
    return bad("the offsets are not {first:020}-{last:020}");
  }
  absl::string_view schema = fields[4], generation = fields[5];
  if (!absl::ConsumePrefix(&schema, "s") || !ParseDecimal(schema, 0, &n.schema_id)) {
    return bad("the schema field is not s<id>");
  }
  if (!absl::ConsumePrefix(&generation, "g") || !ParseDecimal(generation, 0, &n.generation)) {
    return bad("the generation field is not g<generation>");
  }
  if (auto s = Validate(n); !s.ok()) return bad(s.message());
  return n;
}

}  // namespace causeway::archiver
