#include "common/codec/avro_json_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace causeway::codec {
namespace {

// "1" would read back as an integer; JSON readers keep "1.0" a floating-point number.
void MarkAsFloatingPoint(std::string& out, size_t start) {
  if (out.find_first_of(".eE", start) == std::string::npos) out += ".0";
}

bool AppendNonFinite(double value, std::string& out) {
  if (std::isnan(value)) {
    out += "\"NaN\"";
  } else if (std::isinf(value)) {
    out += value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  } else {
    return false;
  }
  return true;
}

}  // namespace

bool DecodeByteString(std::string_view utf8, std::string& bytes) {
  for (size_t i = 0; i < utf8.size(); ++i) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if (byte < 0x80) {
      bytes += static_cast<char>(byte);
      continue;
    }
    // U+0080..U+00FF are the two-byte sequences led by 0xC2 or 0xC3.
    if ((byte != 0xC2 && byte != 0xC3) || i + 1 >= utf8.size()) return false;
    const auto next = static_cast<unsigned char>(utf8[i + 1]);
    if ((next & 0xC0) != 0x80) return false;
    bytes += static_cast<char>(((byte & 0x03) << 6) | (next & 0x3F));
    ++i;
  }
  return true;
}

void AppendByteString(std::string_view bytes, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == '"' || byte == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    } else if (byte < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xC0 | (byte >> 6));
      out += static_cast<char>(0x80 | (byte & 0x3F));
    }
  }
  out += '"';
}

std::optional<double> NonFiniteFromString(std::string_view text) {
  if (text == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (text == "Infinity") return std::numeric_limits<double>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<double>::infinity();
  return std::nullopt;
}

void AppendJsonDouble(double value, std::string& out) {
  if (AppendNonFinite(value, out)) return;
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  const size_t start = out.size();
  out.append(text, result.ptr);
  MarkAsFloatingPoint(out, start);
}

void AppendJsonFloat(float value, std::string& out) {
  if (AppendNonFinite(value, out)) return;
  char text[32];
  auto result = std::to_chars(text, text + sizeof text, value);
  // Readers parse JSON numbers as doubles; a shortest float text can, rarely, round to another
  // float through the double. Nine significant digits always come back exactly.
  double back = 0;
  std::from_chars(text, result.ptr, back);
  if (static_cast<float>(back) != value) {
    result.ptr = text + std::snprintf(text, sizeof text, "%.9g", static_cast<double>(value));
  }
  const size_t start = out.size();
  out.append(text, result.ptr);
  MarkAsFloatingPoint(out, start);
}

}  // namespace causeway::codec
