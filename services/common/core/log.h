#pragma once
// Structured logs: one JSON object per line on stderr, e.g.
//   {"ts":"2026-11-25T02:10:00.123Z","level":"info","svc":"topology","msg":"serving","grpc":":7070"}
// so log shippers need no parsing rules. Thread-safe; a line is written with a single write().
#include "absl/strings/string_view.h"
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace causeway::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Set once at start-up, before threads are spawned.
void Init(absl::string_view service, Level min_level);
bool ParseLevel(absl::string_view text, Level* out);

using Fields = std::initializer_list<std::pair<absl::string_view, std::string>>;

void Write(Level level, absl::string_view msg, Fields fields = {});
inline void Debug(absl::string_view msg, Fields f = {}) { Write(Level::kDebug, msg, f); }
inline void Info(absl::string_view msg, Fields f = {}) { Write(Level::kInfo, msg, f); }
inline void Warn(absl::string_view msg, Fields f = {}) { Write(Level::kWarn, msg, f); }
inline void Error(absl::string_view msg, Fields f = {}) { Write(Level::kError, msg, f); }

}  // namespace causeway::log
