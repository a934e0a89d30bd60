#include "common/kafka/java_properties.h"

#include <cstdint>
#include <optional>
#include <vector>

#include "common/core/utf8.h"

namespace causeway::kafka {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

absl::string_view StripLeadingBlanks(absl::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsBlank(s[i])) ++i;
  return s.substr(i);
}

// The physical lines of `text`, without their terminators (\n, \r\n or \r).
std::vector<absl::string_view> PhysicalLines(absl::string_view text) {
  std::vector<absl::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') continue;
    lines.push_back(text.substr(start, i - start));
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

// Joins continued lines into logical lines and drops comments and blank lines. The backslash that
// continues a line is removed; the escapes stay for Unescape.
std::vector<std::string> LogicalLines(absl::string_view text) {
  std::vector<std::string> logical;
  std::optional<std::string> pending;  // a logical line still being continued
  for (absl::string_view line : PhysicalLines(text)) {
    line = StripLeadingBlanks(line);
    if (!pending.has_value()) {
      if (line.empty() || line.front() == '#' || line.front() == '!') continue;
      pending.emplace();
    }
    size_t backslashes = 0;
    while (backslashes < line.size() && line[line.size() - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 1) {
      pending->append(line.data(), line.size() - 1);
      continue;
    }
    pending->append(line.data(), line.size());
    logical.push_back(*std::move(pending));
    pending.reset();
  }
  if (pending.has_value()) logical.push_back(*std::move(pending));
  return logical;
}

// The four hex digits of a \u escape at s[at..], or nothing.
std::optional<uint32_t> Hex4(absl::string_view s, size_t at) {
  if (at + 4 > s.size()) return std::nullopt;
  uint32_t v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    const char c = s[i];
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return std::nullopt;
    }
  }
  return v;
}

// Decodes the escape whose backslash is at s[*i - 1] into `out` and moves *i past it.
void DecodeEscape(absl::string_view s, size_t* i, std::string* out) {
  if (*i >= s.size()) return;  // a lone backslash at the very end spells nothing
  const char c = s[(*i)++];
  switch (c) {
    case 't': out->push_back('\t'); return;
    case 'n': out->push_back('\n'); return;
    case 'r': out->push_back('\r'); return;
    case 'f': out->push_back('\f'); return;
    case 'u': break;
    default: out->push_back(c); return;
  }
  std::optional<uint32_t> unit = Hex4(s, *i);
  if (!unit.has_value()) {  // Java refuses the file; reading it as a plain 'u' loses nothing secret
    out->push_back('u');
    return;
  }
  *i += 4;
  uint32_t cp = *unit;
  if (cp >= 0xD800 && cp <= 0xDBFF && *i + 6 <= s.size() && s[*i] == '\\' && s[*i + 1] == 'u') {
    std::optional<uint32_t> low = Hex4(s, *i + 2);  // UTF-16 surrogate pair, as Java writes them
    if (low.has_value() && *low >= 0xDC00 && *low <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
      *i += 6;
    }
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // a lone surrogate has no UTF-8 form
  AppendUtf8(cp, out);
}

}  // namespace

std::map<std::string, std::string> ParseJavaProperties(absl::string_view text) {
  std::map<std::string, std::string> properties;
  for (const std::string& line : LogicalLines(text)) {
    const absl::string_view s = line;
    size_t i = 0;
    std::string key;
    bool separated = false;
    while (i < s.size()) {
      const char c = s[i++];
      if (c == '\\') {
        DecodeEscape(s, &i, &key);
      } else if (c == '=' || c == ':') {
        separated = true;
        break;
      } else if (IsBlank(c)) {
        break;
      } else {
        key.push_back(c);
      }
    }
    while (i < s.size() && IsBlank(s[i])) ++i;
    if (!separated && i < s.size() && (s[i] == '=' || s[i] == ':')) ++i;
    while (i < s.size() && IsBlank(s[i])) ++i;

    std::string value;
    size_t kept = 0;  // the value's length up to its last non-blank or escaped character
    while (i < s.size()) {
      const char c = s[i++];
      if (c == '\\') {
        DecodeEscape(s, &i, &value);
        kept = value.size();
      } else {
        value.push_back(c);
        if (!IsBlank(c)) kept = value.size();
      }
    }
    value.resize(kept);
    properties[std::move(key)] = std::move(value);
  }
  return properties;
}

}  // namespace causeway::kafka
