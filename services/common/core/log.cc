#include "common/core/log.h"

#include <unistd.h>

#include <atomic>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace causeway::log {
namespace {

std::atomic<int> g_min_level{static_cast<int>(Level::kInfo)};
std::string* g_service = new std::string("causeway");  // leaked: outlives static destructors

constexpr absl::string_view kLevelNames[] = {"debug", "info", "warn", "error"};

void AppendQuoted(std::string* out, absl::string_view text) {
  absl::StrAppend(out, "\"", absl::Utf8SafeCEscape(text), "\"");
}

}  // namespace

void Init(absl::string_view service, Level min_level) {
  *g_service = std::string(service);
  g_min_level = static_cast<int>(min_level);
}

bool ParseLevel(absl::string_view text, Level* out) {
  for (int i = 0; i < 4; ++i) {
    if (text == kLevelNames[i]) {
      *out = static_cast<Level>(i);
      return true;
    }
  }
  return false;
}

void Write(Level level, absl::string_view msg, Fields fields) {
  if (static_cast<int>(level) < g_min_level.load(std::memory_order_relaxed)) return;
  std::string line = absl::StrCat(
      "{\"ts\":\"", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
      "\",\"level\":\"", kLevelNames[static_cast<int>(level)], "\",\"svc\":");
  AppendQuoted(&line, *g_service);
  line += ",\"msg\":";
  AppendQuoted(&line, msg);
  for (const auto& [key, value] : fields) {
    line += ",";
    AppendQuoted(&line, key);
    line += ":";
    AppendQuoted(&line, value);
  }
  line += "}\n";
  // One write() per line keeps lines whole when threads log at once.
  [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace causeway::log
