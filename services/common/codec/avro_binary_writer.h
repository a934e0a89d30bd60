#pragma once
// Avro binary encoding (specification, "Binary Encoding") into a buffer that is reused from one
// datum to the next: zig-zag varints, little-endian floats, length-prefixed bytes and strings,
// block-encoded arrays and maps, union and enum indexes, fixed.
//
// The writer knows nothing of schemas: the caller writes the values in schema order. It can be
// rolled back to an earlier size, so that an encoder trying a union branch can undo what it wrote.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace causeway::codec {

class AvroBinaryWriter {
 public:
  // Empties the buffer, keeping its capacity.
  void Clear() { buffer_.clear(); }
  // Drops everything written after the buffer had `size` bytes.
  void Truncate(size_t size) { buffer_.resize(size); }
  size_t size() const { return buffer_.size(); }
  std::string_view view() const { return buffer_; }

  // null is written as nothing.
  void WriteBoolean(bool value) { buffer_.push_back(value ? '\1' : '\0'); }
  void WriteInt(int32_t value) { WriteLong(value); }
  void WriteLong(int64_t value);
  void WriteFloat(float value);
  void WriteDouble(double value);
  // Length, then the bytes.
  void WriteBytes(std::string_view bytes);
  void WriteString(std::string_view utf8) { WriteBytes(utf8); }
  // Exactly the bytes: a fixed's size is in the schema, not in the data.
  void WriteFixed(std::string_view bytes) { buffer_.append(bytes); }
  // The zero-based position of the symbol in the enum's declaration.
  void WriteEnum(size_t index) { WriteLong(static_cast<int64_t>(index)); }
  // The zero-based position of the branch in the union's declaration.
  void WriteUnionIndex(size_t index) { WriteLong(static_cast<int64_t>(index)); }

  // Arrays and maps are a series of blocks, each a count and that many items (map items are a
  // string key and a value), closed by an empty block. Writers that know the item count write
  // one block: WriteBlockCount(n) when n > 0, the items, then WriteBlockEnd().
  void WriteBlockCount(size_t count) { WriteLong(static_cast<int64_t>(count)); }
  void WriteBlockEnd() { buffer_.push_back('\0'); }

 private:
  std::string buffer_;
};

// Zig-zag varint of `value` into `out`, which must hold 10 bytes; returns the bytes written.
size_t EncodeZigZagVarint(int64_t value, char* out);

}  // namespace causeway::codec
