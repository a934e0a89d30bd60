#include "common/codec/logical_value_text.h"

#include <cstdio>

namespace causeway::codec {
namespace {

constexpr int64_t kSecondsPerDay = 86400;

int64_t UnitsPerSecond(TimeUnit unit) { return unit == TimeUnit::kMillis ? 1000 : 1000000; }
int FractionDigits(TimeUnit unit) { return unit == TimeUnit::kMillis ? 3 : 6; }

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

struct CivilDate {
  int64_t year;
  int month;
  int day;
};

CivilDate CivilFromDays(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {year_of_era + era * 400 + (month <= 2), month, day};
}

bool IsLeapYear(int64_t year) { return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0); }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// Reads the text left to right; every method returns false, consuming nothing useful, when the
// text does not continue as asked.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ == text_.size(); }

  // Exactly `count` decimal digits.
  bool Digits(int count, int& value) {
    if (text_.size() - pos_ < static_cast<size_t>(count)) return false;
    value = 0;
    for (int i = 0; i < count; ++i) {
      const char c = text_[pos_ + i];
      if (c < '0' || c > '9') return false;
      value = value * 10 + (c - '0');
    }
    pos_ += count;
    return true;
  }

  bool Char(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  // `.` and 1 to 9 digits, as units of `unit`; refused when a non-zero digit is finer than the
  // unit. Absent fraction: 0.
  bool Fraction(TimeUnit unit, int64_t& units) {
    units = 0;
    if (!Char('.')) return true;
    const int kept = FractionDigits(unit);
    int digits = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      const int digit = text_[pos_] - '0';
      if (digits < kept) {
        units = units * 10 + digit;
      } else if (digit != 0) {
        return false;
      }
      ++digits;
      ++pos_;
    }
    if (digits == 0 || digits > 9) return false;
    for (int i = digits; i < kept; ++i) units *= 10;
    return true;
  }

  // YYYY-MM-DD as days since the epoch.
  bool Date(int64_t& days) {
    int year, month, day;
    if (!Digits(4, year) || !Char('-') || !Digits(2, month) || !Char('-') || !Digits(2, day)) {
      return false;
    }
    if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
    days = DaysFromCivil(year, month, day);
    return true;
  }

  // HH:MM:SS[.fraction] as units since midnight.
  bool Time(TimeUnit unit, int64_t& units) {
    int hour, minute, second;
    int64_t fraction;
    if (!Digits(2, hour) || !Char(':') || !Digits(2, minute) || !Char(':') ||
        !Digits(2, second) || !Fraction(unit, fraction)) {
      return false;
    }
    if (hour > 23 || minute > 59 || second > 59) return false;
    units = (hour * 3600 + minute * 60 + second) * UnitsPerSecond(unit) + fraction;
    return true;
  }

  // Z, or ±HH:MM / ±HHMM, as seconds east of UTC.
  bool Offset(int64_t& seconds) {
    if (Char('Z') || Char('z')) {
      seconds = 0;
      return true;
    }
    int sign;
    if (Char('+')) {
      sign = 1;
    } else if (Char('-')) {
      sign = -1;
    } else {
      return false;
    }
    int hours, minutes;
    if (!Digits(2, hours)) return false;
    Char(':');
    if (!Digits(2, minutes) || hours > 23 || minutes > 59) return false;
    seconds = sign * (hours * 3600 + minutes * 60);
    return true;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

void AppendDigits(int64_t value, int count, std::string& out) {
  char digits[24];
  std::snprintf(digits, sizeof digits, "%0*lld", count, static_cast<long long>(value));
  out += digits;
}

void AppendDate(const CivilDate& date, std::string& out) {
  AppendDigits(date.year, 4, out);
  out += '-';
  AppendDigits(date.month, 2, out);
  out += '-';
  AppendDigits(date.day, 2, out);
}

// HH:MM:SS[.fraction] of `units` since midnight, 0 <= units < one day.
void AppendClock(int64_t units, TimeUnit unit, std::string& out) {
  const int64_t per_second = UnitsPerSecond(unit);
  const int64_t seconds = units / per_second;
  AppendDigits(seconds / 3600, 2, out);
  out += ':';
  AppendDigits(seconds / 60 % 60, 2, out);
  out += ':';
  AppendDigits(seconds % 60, 2, out);
  if (const int64_t fraction = units % per_second; fraction != 0) {
    out += '.';
    AppendDigits(fraction, FractionDigits(unit), out);
  }
}

bool YearFitsFourDigits(int64_t year) { return year >= 0 && year <= 9999; }

}  // namespace

std::optional<int64_t> ParseIsoTimestamp(std::string_view text, TimeUnit unit,
                                         TimestampKind kind) {
  Scanner scan(text);
  int64_t days, time_units;
  if (!scan.Date(days)) return std::nullopt;
  if (!scan.Char('T') && !scan.Char('t') && !scan.Char(' ')) return std::nullopt;
  if (!scan.Time(unit, time_units)) return std::nullopt;
  int64_t offset_seconds = 0;
  if (kind == TimestampKind::kInstant && !scan.Offset(offset_seconds)) return std::nullopt;
  if (!scan.AtEnd()) return std::nullopt;
  // Years 0000-9999 keep every intermediate well inside int64, even in microseconds.
  return (days * kSecondsPerDay - offset_seconds) * UnitsPerSecond(unit) + time_units;
}

std::optional<int32_t> ParseIsoDate(std::string_view text) {
  Scanner scan(text);
  int64_t days;
  if (!scan.Date(days) || !scan.AtEnd()) return std::nullopt;
  return static_cast<int32_t>(days);
}

std::optional<int64_t> ParseTimeOfDay(std::string_view text, TimeUnit unit) {
  Scanner scan(text);
  int64_t units;
  if (!scan.Time(unit, units) || !scan.AtEnd()) return std::nullopt;
  return units;
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

bool AppendIsoTimestamp(int64_t value, TimeUnit unit, TimestampKind kind, std::string& out) {
  const int64_t units_per_day = kSecondsPerDay * UnitsPerSecond(unit);
  const int64_t days = FloorDiv(value, units_per_day);
  const CivilDate date = CivilFromDays(days);
  if (!YearFitsFourDigits(date.year)) return false;
  AppendDate(date, out);
  out += 'T';
  AppendClock(value - days * units_per_day, unit, out);
  if (kind == TimestampKind::kInstant) out += 'Z';
  return true;
}

bool AppendIsoDate(int32_t days, std::string& out) {
  const CivilDate date = CivilFromDays(days);
  if (!YearFitsFourDigits(date.year)) return false;
  AppendDate(date, out);
  return true;
}

bool AppendTimeOfDay(int64_t value, TimeUnit unit, std::string& out) {
  if (value < 0 || value >= kSecondsPerDay * UnitsPerSecond(unit)) return false;
  AppendClock(value, unit, out);
  return true;
}

}  // namespace causeway::codec
