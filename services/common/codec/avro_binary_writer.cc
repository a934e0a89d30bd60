#include "common/codec/avro_binary_writer.h"

#include <bit>

namespace causeway::codec {

size_t EncodeZigZagVarint(int64_t value, char* out) {
  // Zig-zag maps small magnitudes of either sign to small unsigned numbers: 0, -1, 1, -2 ...
  uint64_t n = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  size_t length = 0;
  while (n >= 0x80) {
    out[length++] = static_cast<char>((n & 0x7F) | 0x80);
    n >>= 7;
  }
  out[length++] = static_cast<char>(n);
  return length;
}

void AvroBinaryWriter::WriteLong(int64_t value) {
  char bytes[10];
  buffer_.append(bytes, EncodeZigZagVarint(value, bytes));
}

namespace {

template <typename Unsigned>
void AppendLittleEndian(std::string& buffer, Unsigned bits) {
  char bytes[sizeof(Unsigned)];
  for (size_t i = 0; i < sizeof(Unsigned); ++i) bytes[i] = static_cast<char>(bits >> (8 * i));
  buffer.append(bytes, sizeof(Unsigned));
}

}  // namespace

void AvroBinaryWriter::WriteFloat(float value) {
  AppendLittleEndian(buffer_, std::bit_cast<uint32_t>(value));
}

void AvroBinaryWriter::WriteDouble(double value) {
  AppendLittleEndian(buffer_, std::bit_cast<uint64_t>(value));
}

void AvroBinaryWriter::WriteBytes(std::string_view bytes) {
  WriteLong(static_cast<int64_t>(bytes.size()));
  buffer_.append(bytes);
}

}  // namespace causeway::codec
