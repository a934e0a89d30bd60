#pragma once
// The natural text forms of logical-type values, which JSON payloads use and which decoded events
// can be shown in: ISO-8601 timestamps, dates and times of day, and UUIDs. Decimals are in
// decimal_bytes.h.
//
// Parsing is strict (a form either means one value or is refused); formatting returns false when
// a value has no such form (a year outside 0000-9999, a time of day outside 00:00-24:00), and the
// caller shows the number instead.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace causeway::codec {

enum class TimeUnit : uint8_t { kMillis, kMicros };

// timestamp-* types are instants, written with their offset from UTC; local-timestamp-* types
// are a calendar date and a wall-clock time in no particular zone, written without one.
enum class TimestampKind : uint8_t { kInstant, kLocal };

// `YYYY-MM-DDTHH:MM:SS[.fraction]` followed, for an instant, by `Z` or `±HH:MM` (also `±HHMM`);
// a space may stand for the `T`. The fraction has up to 9 digits, and any beyond the unit's
// precision must be zeros (nothing is silently truncated). Returns the count of units since
// 1970-01-01T00:00:00 (UTC for instants).
std::optional<int64_t> ParseIsoTimestamp(std::string_view text, TimeUnit unit, TimestampKind kind);

// `YYYY-MM-DD`: days since 1970-01-01.
std::optional<int32_t> ParseIsoDate(std::string_view text);

// `HH:MM:SS[.fraction]` (fraction as for timestamps): units since midnight.
std::optional<int64_t> ParseTimeOfDay(std::string_view text, TimeUnit unit);

// 8-4-4-4-12 hexadecimal digits, either case.
bool IsUuid(std::string_view text);

// `2026-11-25T02:10:00Z`, with `.fff` or `.ffffff` when the fraction is not zero; no `Z` for
// local timestamps.
bool AppendIsoTimestamp(int64_t value, TimeUnit unit, TimestampKind kind, std::string& out);
bool AppendIsoDate(int32_t days, std::string& out);
// `HH:MM:SS`, with `.fff` or `.ffffff` when the fraction is not zero.
bool AppendTimeOfDay(int64_t value, TimeUnit unit, std::string& out);

}  // namespace causeway::codec
