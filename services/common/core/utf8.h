#pragma once
// UTF-8 encoding of one code point, for decoders of escapes (Java properties' \uXXXX, XML's
// &#N;) that turn a number back into text. Pure.
#include <cstdint>
#include <string>

namespace causeway {

// Appends the 1 to 4 bytes of `code_point` (at most 0x10FFFF; the caller checks the range).
void AppendUtf8(uint32_t code_point, std::string* out);

}  // namespace causeway
