#pragma once
// Avro's decimal logical type: a decimal number held as its unscaled integer (value × 10^scale)
// in two's-complement big-endian bytes, either as `bytes` (minimal length, as Java's
// BigInteger.toByteArray() writes it) or sign-extended to a `fixed`'s size.
#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/avro/schema.h"

namespace causeway::codec {

// Decimals longer than this many significant digits are refused: no real schema needs them, and
// the conversions are quadratic in the length.
inline constexpr size_t kMaxDecimalDigits = 1000;

// `[+-]digits[.digits][(e|E)[+-]digits]` ("12.34", "-0.5", "1e3") as the minimal two's-complement
// bytes of its unscaled value at `spec.scale`. Digits after the point beyond the scale must be
// zeros, and the unscaled value may have at most `spec.precision` digits. INVALID_ARGUMENT says
// which rule the text breaks ("more than 2 digits after the point").
absl::StatusOr<std::string> DecimalTextToBytes(std::string_view text,
                                               const avro::DecimalSpec& spec);

// `bytes` sign-extended to `size` bytes, or INVALID_ARGUMENT when they do not fit.
absl::StatusOr<std::string> SignExtendDecimal(std::string_view bytes, size_t size);

// The decimal text of two's-complement `bytes` at `scale`: "12.34", "-0.05", "7". Empty bytes
// are zero.
std::string DecimalBytesToText(std::string_view bytes, int32_t scale);

}  // namespace causeway::codec
