#include "common/codec/decimal_bytes.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/strings/str_cat.h"

namespace causeway::codec {
namespace {

// A decimal exponent this large cannot describe a value that fits kMaxDecimalDigits anyway.
constexpr int64_t kMaxExponent = 100000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct DecimalText {
  bool negative = false;
  std::string digits;      // every digit written, integer part then fraction
  int64_t text_scale = 0;  // the value is digits × 10^-text_scale
};

bool ParseDecimalText(std::string_view text, DecimalText& out) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) out.negative = text[i++] == '-';
  size_t integer_digits = 0;
  for (; i < text.size() && IsDigit(text[i]); ++i, ++integer_digits) out.digits += text[i];
  size_t fraction_digits = 0;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && IsDigit(text[i]); ++i, ++fraction_digits) out.digits += text[i];
  }
  if (integer_digits + fraction_digits == 0) return false;
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative_exponent = text[i++] == '-';
    const size_t start = i;
    for (; i < text.size() && IsDigit(text[i]); ++i) {
      exponent = std::min(exponent * 10 + (text[i] - '0'), kMaxExponent);
    }
    if (i == start) return false;
    if (negative_exponent) exponent = -exponent;
  }
  if (i != text.size()) return false;
  out.text_scale = static_cast<int64_t>(fraction_digits) - exponent;
  return true;
}

// Big-endian magnitude bytes of a string of decimal digits without leading zeros.
std::vector<uint8_t> DigitsToMagnitude(std::string_view digits) {
  std::vector<uint8_t> little_endian;
  for (char c : digits) {
    unsigned carry = static_cast<unsigned>(c - '0');
    for (uint8_t& byte : little_endian) {
      const unsigned v = byte * 10u + carry;
      byte = static_cast<uint8_t>(v & 0xFF);
      carry = v >> 8;
    }
    if (carry != 0) little_endian.push_back(static_cast<uint8_t>(carry));
  }
  return {little_endian.rbegin(), little_endian.rend()};
}

// Minimal two's-complement bytes of ±magnitude.
std::string ToTwosComplement(const std::vector<uint8_t>& magnitude, bool negative) {
  std::string out;
  if (!negative || magnitude.empty()) {
    if (magnitude.empty() || (magnitude.front() & 0x80) != 0) out += '\0';
    out.append(magnitude.begin(), magnitude.end());
    return out;
  }
  // Negate 0x00 + magnitude: invert every byte, then add one.
  out.resize(magnitude.size() + 1);
  out[0] = static_cast<char>(0xFF);
  for (size_t i = 0; i < magnitude.size(); ++i) out[i + 1] = static_cast<char>(~magnitude[i]);
  for (size_t i = out.size(); i-- > 0;) {
    out[i] = static_cast<char>(static_cast<uint8_t>(out[i]) + 1);
    if (out[i] != 0) break;
  }
  // A leading 0xFF is redundant when the next byte already carries the sign.
  size_t start = 0;
  while (start + 1 < out.size() && static_cast<uint8_t>(out[start]) == 0xFF &&
         (static_cast<uint8_t>(out[start + 1]) & 0x80) != 0) {
    ++start;
  }
  return out.substr(start);
}

}  // namespace

absl::StatusOr<std::string> DecimalTextToBytes(std::string_view text,
                                               const avro::DecimalSpec& spec) {
  DecimalText parsed;
  if (!ParseDecimalText(text, parsed)) return absl::InvalidArgumentError("not a decimal number");
  std::string& digits = parsed.digits;
  const int64_t shift = spec.scale - parsed.text_scale;
  if (shift < 0) {
    // Digits below the scale may only be zeros.
    const size_t dropped = static_cast<size_t>(std::min<int64_t>(-shift, digits.size()));
    if (digits.find_first_not_of('0', digits.size() - dropped) != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("more than ", spec.scale, " digits after the point"));
    }
    digits.resize(digits.size() - dropped);
  }
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  const size_t significant =
      digits.empty() ? 0 : digits.size() + static_cast<size_t>(std::max<int64_t>(shift, 0));
  if (significant > static_cast<size_t>(spec.precision)) {
    return absl::InvalidArgumentError(absl::StrCat("more than ", spec.precision, " digits"));
  }
  if (significant > kMaxDecimalDigits) {
    return absl::InvalidArgumentError(absl::StrCat("more than ", kMaxDecimalDigits, " digits"));
  }
  if (!digits.empty() && shift > 0) digits.append(static_cast<size_t>(shift), '0');
  return ToTwosComplement(DigitsToMagnitude(digits), parsed.negative);
}

absl::StatusOr<std::string> SignExtendDecimal(std::string_view bytes, size_t size) {
  if (bytes.size() > size) {
    return absl::InvalidArgumentError(absl::StrCat("does not fit in ", size, " bytes"));
  }
  const bool negative = !bytes.empty() && (static_cast<uint8_t>(bytes.front()) & 0x80) != 0;
  std::string out(size - bytes.size(), negative ? static_cast<char>(0xFF) : '\0');
  out.append(bytes);
  return out;
}

std::string DecimalBytesToText(std::string_view bytes, int32_t scale) {
  const bool negative = !bytes.empty() && (static_cast<uint8_t>(bytes.front()) & 0x80) != 0;
  std::vector<uint8_t> magnitude(bytes.begin(), bytes.end());
  if (negative) {
    // |x| = ~x + 1
    for (uint8_t& byte : magnitude) byte = static_cast<uint8_t>(~byte);
    for (size_t i = magnitude.size(); i-- > 0;) {
      if (++magnitude[i] != 0) break;
    }
  }
  // Nine decimal digits per pass: divide the big-endian magnitude by 10^9.
  std::string reversed_digits;
  for (;;) {
    const auto first_nonzero = std::find_if(magnitude.begin(), magnitude.end(),
                                            [](uint8_t b) { return b != 0; });
    magnitude.erase(magnitude.begin(), first_nonzero);
    if (magnitude.empty()) break;
    uint64_t remainder = 0;
    for (uint8_t& byte : magnitude) {
      const uint64_t v = remainder * 256 + byte;
      byte = static_cast<uint8_t>(v / 1000000000);
      remainder = v % 1000000000;
    }
    const bool last = std::all_of(magnitude.begin(), magnitude.end(),
                                  [](uint8_t b) { return b == 0; });
    for (int i = 0; i < 9 && (!last || remainder != 0); ++i) {
      reversed_digits += static_cast<char>('0' + remainder % 10);
      remainder /= 10;
    }
  }
  std::string digits(reversed_digits.rbegin(), reversed_digits.rend());
  if (digits.empty()) digits = "0";
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) {
      digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  }
  return negative ? "-" + digits : digits;
}

}  // namespace causeway::codec
