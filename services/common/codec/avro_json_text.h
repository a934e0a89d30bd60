#pragma once
// The textual pieces of Avro's JSON encoding that plain JSON lacks: bytes and fixed as strings of
// code points 0-255 (one per byte), and floating-point numbers, including NaN and the infinities
// (written as the strings "NaN", "Infinity" and "-Infinity", as Avro's Java implementation reads
// them).
#include <optional>
#include <string>
#include <string_view>

namespace causeway::codec {

// The bytes a JSON string (already unescaped, UTF-8) stands for, appended to `bytes`; false when
// a code point is above 255 (then `bytes` holds a partial result).
bool DecodeByteString(std::string_view utf8, std::string& bytes);

// `bytes` as a quoted JSON string of code points 0-255.
void AppendByteString(std::string_view bytes, std::string& out);

// NaN, +infinity or -infinity for "NaN", "Infinity" and "-Infinity"; nullopt otherwise.
std::optional<double> NonFiniteFromString(std::string_view text);

// The shortest text that reads back as the same value, always with a point or an exponent so
// that JSON readers see a floating-point number ("1.0", "-0.0", "1e+300"); non-finite values as
// the strings above.
void AppendJsonDouble(double value, std::string& out);
// The same for a float: the shortest text that reads back (through a double) as the same float.
void AppendJsonFloat(float value, std::string& out);

}  // namespace causeway::codec
