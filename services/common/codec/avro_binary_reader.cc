#include "common/codec/avro_binary_reader.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/avro/compatibility.h"
#include "common/avro/json_value.h"
#include "common/codec/avro_json_text.h"
#include "common/codec/avro_binary_writer.h"
#include "common/codec/decimal_bytes.h"
#include "common/codec/default_value_writer.h"
#include "common/codec/logical_value_text.h"
#include "common/codec/value_path.h"
#include "simdjson.h"

namespace causeway::codec {
namespace {

using avro::Kind;
using avro::LogicalType;
using avro::Node;

// Items that take no bytes (nulls, empty records) cannot be bounded by the data's length; a
// datum may hold this many of them in all.
constexpr size_t kMaxEmptyItems = size_t{1} << 16;
// Longer decimals are shown as their bytes: their text would take quadratic time.
constexpr size_t kMaxNaturalDecimalBytes = 256;
// Records within records that CanBeEmpty follows; past it, it answers false (which only means
// that an array's items are bounded by the data's length). The registry refuses schemas nested
// deeper (avro::SchemaBounds::max_depth).
constexpr int kMaxEmptinessDepth = 64;
// Values one datum may hold: this many, plus kValuesPerByte for each byte of it, so that
// checking or rendering a datum costs a small multiple of its size. Every value but a null, an
// empty fixed or a record takes at least one byte, so only types that nest records without
// taking bytes (R<i> {a: R<i-1>, b: R<i-1>} holds 2^k nulls in zero bytes) come near it; the
// kMaxEmptyItems array items above fit.
constexpr size_t kMinValues = size_t{1} << 17;
constexpr size_t kValuesPerByte = 64;
// Units (a value, a byte) the reader's defaults may cost in one datum: as JsonToAvroOptions
// bounds the defaults one payload takes.
constexpr size_t kMinDefaultUnits = size_t{1} << 16;
constexpr size_t kDefaultUnitsPerByte = 16;

// Most strings are ASCII: checking eight bytes at a time for that is cheaper, for short strings,
// than simdjson's dispatched UTF-8 validation, which handles the rest.
bool IsValidUtf8(std::string_view text) {
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if ((word & kHighBits) != 0) return simdjson::validate_utf8(text.data(), text.size());
  }
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0x80) != 0) {
      return simdjson::validate_utf8(text.data(), text.size());
    }
  }
  return true;
}

class Decoder {
 public:
  // `json` is null when only checking.
  Decoder(std::string_view data, const AvroReadOptions& options, std::string* json)
      : data_(data),
        options_(options),
        json_(json),
        values_left_(kMinValues + kValuesPerByte * data.size()),
        default_budget_(kMinDefaultUnits + kDefaultUnitsPerByte * data.size()) {}

  // `reader` is the writer's root itself when nothing is resolved.
  bool Datum(const Node& root, const Node& reader) {
    if (!Value(root, reader, 0)) return false;
    if (pos_ != data_.size()) {
      return Fail(pos_, absl::StrCat(data_.size() - pos_, " bytes left over after the datum"));
    }
    return true;
  }

  const Violation& fault() const { return fault_; }

 private:
  // One more value at `depth`: false (with the error) past the nesting or the value bound.
  bool Enter(size_t depth) {
    if (depth > options_.max_depth) {
      return Fail(pos_, absl::StrCat("nested deeper than ", options_.max_depth, " levels"));
    }
    if (values_left_ == 0) {
      return Fail(pos_, absl::StrCat("more than ", kMinValues + kValuesPerByte * data_.size(),
                                     " values in a datum of ", data_.size(), " bytes"));
    }
    --values_left_;
    return true;
  }

  // Reads a value written as `type`, rendered as `reader` reads it (Avro's schema resolution);
  // `reader` is `type` itself when nothing is resolved, the fast path.
  bool Value(const Node& type, const Node& reader, size_t depth) {
    if (&type != &reader) return Resolve(type, reader, depth);
    if (!Enter(depth)) return false;
    switch (type.kind()) {
      case Kind::kNull:
        Emit("null");
        return true;
      case Kind::kBoolean:
        return Boolean();
      case Kind::kInt:
      case Kind::kLong:
        return Integer(type);
      case Kind::kFloat:
        return FloatingPoint<float>();
      case Kind::kDouble:
        return FloatingPoint<double>();
      case Kind::kString:
        return String();
      case Kind::kBytes: {
        std::string_view bytes;
        const size_t start = pos_;
        if (!Length("bytes", start, bytes)) return false;
        EmitBytes(type, bytes);
        return true;
      }
      case Kind::kFixed: {
        std::string_view bytes;
        if (!Take(static_cast<size_t>(type.fixed_size()), "fixed", bytes)) return false;
        EmitBytes(type, bytes);
        return true;
      }
      case Kind::kEnum:
        return Enum(type);
      case Kind::kArray:
      case Kind::kMap:
        return Blocks(type, type, depth);
      case Kind::kRecord:
        return Record(type, depth);
      case Kind::kUnion:
        return Union(type, depth);
    }
    return false;
  }

  bool Boolean() {
    const size_t start = pos_;
    if (pos_ >= data_.size()) return Truncated(start, "boolean");
    const auto byte = static_cast<unsigned char>(data_[pos_++]);
    if (byte > 1) {
      return Fail(start, absl::StrFormat("boolean byte 0x%02x is neither 0 nor 1", byte));
    }
    Emit(byte ? "true" : "false");
    return true;
  }

  bool Integer(const Node& type) {
    const size_t start = pos_;
    int64_t v;
    if (!ReadLong(v)) return false;
    if (type.kind() == Kind::kInt &&
        (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())) {
      return Fail(start, absl::StrCat("int ", v, " out of range"));
    }
    if (json_ == nullptr) return true;
    if (options_.logical_types == LogicalTypeRendering::kNatural && EmitTemporal(type, v)) {
      return true;
    }
    absl::StrAppend(json_, v);
    return true;
  }

  // A date, time or timestamp in its text form; false when `type` is none or `v` has no such
  // form.
  bool EmitTemporal(const Node& type, int64_t v) {
    std::string text;
    bool ok;
    switch (type.logical_type()) {
      case LogicalType::kDate:
        ok = AppendIsoDate(static_cast<int32_t>(v), text);
        break;
      case LogicalType::kTimeMillis:
        ok = AppendTimeOfDay(v, TimeUnit::kMillis, text);
        break;
      case LogicalType::kTimeMicros:
        ok = AppendTimeOfDay(v, TimeUnit::kMicros, text);
        break;
      case LogicalType::kTimestampMillis:
        ok = AppendIsoTimestamp(v, TimeUnit::kMillis, TimestampKind::kInstant, text);
        break;
      case LogicalType::kTimestampMicros:
        ok = AppendIsoTimestamp(v, TimeUnit::kMicros, TimestampKind::kInstant, text);
        break;
      case LogicalType::kLocalTimestampMillis:
        ok = AppendIsoTimestamp(v, TimeUnit::kMillis, TimestampKind::kLocal, text);
        break;
      case LogicalType::kLocalTimestampMicros:
        ok = AppendIsoTimestamp(v, TimeUnit::kMicros, TimestampKind::kLocal, text);
        break;
      default:
        return false;
    }
    if (ok) avro::AppendJsonString(*json_, text);
    return ok;
  }

  template <typename Real>
  bool FloatingPoint() {
    constexpr bool kIsFloat = sizeof(Real) == 4;
    using Bits = std::conditional_t<kIsFloat, uint32_t, uint64_t>;
    std::string_view bytes;
    if (!Take(sizeof(Real), kIsFloat ? "float" : "double", bytes)) return false;
    if (json_ == nullptr) return true;
    const Real value = std::bit_cast<Real>(LittleEndian<Bits>(bytes));
    if constexpr (kIsFloat) {
      AppendJsonFloat(value, *json_);
    } else {
      AppendJsonDouble(value, *json_);
    }
    return true;
  }

  bool String() {
    std::string_view text;
    if (!Utf8(text)) return false;
    if (json_ != nullptr) avro::AppendJsonString(*json_, text);
    return true;
  }

  void EmitBytes(const Node& type, std::string_view bytes) {
    if (json_ == nullptr) return;
    if (options_.logical_types == LogicalTypeRendering::kNatural &&
        type.logical_type() == LogicalType::kDecimal && bytes.size() <= kMaxNaturalDecimalBytes) {
      avro::AppendJsonString(*json_, DecimalBytesToText(bytes, type.decimal().scale));
      return;
    }
    AppendByteString(bytes, *json_);
  }

  bool Enum(const Node& type) {
    const size_t start = pos_;
    int64_t index;
    if (!ReadLong(index)) return false;
    if (index < 0 || static_cast<uint64_t>(index) >= type.symbols().size()) {
      return Fail(start, absl::StrCat("enum index ", index, " is not one of the ",
                                      type.symbols().size(), " symbols"));
    }
    if (json_ != nullptr) avro::AppendJsonString(*json_, type.symbols()[index]);
    return true;
  }

  bool Union(const Node& type, size_t depth) {
    const size_t start = pos_;
    int64_t index;
    if (!ReadLong(index)) return false;
    const auto branches = type.branches();
    if (index < 0 || static_cast<uint64_t>(index) >= branches.size()) {
      return Fail(start, absl::StrCat("union index ", index, " is not one of the ",
                                      branches.size(), " branches"));
    }
    const Node& branch = *branches[index];
    return Branch(branch, branch, branch, depth);
  }

  // A union's branch value, written as `written` and read as `read`, under the branch's name
  // unless the rendering is bare (or the value null).
  bool Branch(const Node& branch, const Node& written, const Node& read, size_t depth) {
    if (branch.kind() == Kind::kNull || json_ == nullptr ||
        options_.unions == UnionRendering::kBare) {
      return Value(written, read, depth + 1);
    }
    *json_ += '{';
    avro::AppendJsonString(*json_, branch.TypeName());
    *json_ += ':';
    if (!Value(written, read, depth + 1)) return false;
    *json_ += '}';
    return true;
  }

  bool Record(const Node& type, size_t depth) {
    Emit("{");
    bool first = true;
    for (const avro::Field& field : type.fields()) {
      auto scope = path_.Member(field.name);
      if (json_ != nullptr) {
        if (!first) *json_ += ',';
        avro::AppendJsonString(*json_, field.name);
        *json_ += ':';
      }
      first = false;
      if (!Value(field.type(), field.type(), depth + 1)) return false;
    }
    Emit("}");
    return true;
  }

  // --- Schema resolution: a value written as `writer`, read as `reader` (Avro specification,
  // "Schema Resolution"). Errors name the reader's path and say what does not resolve; a pair the
  // compatibility checker accepts (avro::CheckReaderWriter) never fails here on valid data.

  bool Resolve(const Node& writer, const Node& reader, size_t depth) {
    // Counted here and again by the Value a resolution hands on to: the bound stays linear.
    if (!Enter(depth)) return false;
    if (writer.kind() == Kind::kUnion) {
      const size_t start = pos_;
      int64_t index;
      if (!ReadLong(index)) return false;
      const auto branches = writer.branches();
      if (index < 0 || static_cast<uint64_t>(index) >= branches.size()) {
        return Fail(start, absl::StrCat("union index ", index, " is not one of the ",
                                        branches.size(), " branches"));
      }
      const Node& branch = *branches[index];
      if (reader.kind() == Kind::kUnion) return IntoReaderUnion(branch, reader, depth);
      return Value(branch, reader, depth + 1);
    }
    if (reader.kind() == Kind::kUnion) return IntoReaderUnion(writer, reader, depth);
    if (writer.kind() == reader.kind()) {
      switch (writer.kind()) {
        case Kind::kRecord:
          if (!avro::NamesMatch(reader, writer)) return NameMismatch(writer, reader);
          return ResolvedRecord(writer, reader, depth);
        case Kind::kEnum:
          if (!avro::NamesMatch(reader, writer)) return NameMismatch(writer, reader);
          return ResolvedEnum(writer, reader);
        case Kind::kFixed:
          if (!avro::NamesMatch(reader, writer)) return NameMismatch(writer, reader);
          if (writer.fixed_size() != reader.fixed_size()) {
            return Fail(pos_, absl::StrCat("fixed of ", writer.fixed_size(),
                                           " bytes cannot be read as fixed of ",
                                           reader.fixed_size()));
          }
          return Value(reader, reader, depth);  // the same bytes; the reader's rendering
        case Kind::kArray:
        case Kind::kMap:
          return Blocks(writer, reader, depth);
        default:
          // Primitives of one kind: the same encoding, rendered with the reader's logical type.
          return Value(reader, reader, depth);
      }
    }
    return Promoted(writer, reader);
  }

  // A value written as `writer` (not a union) read by the reader union's matching branch.
  bool IntoReaderUnion(const Node& writer, const Node& reader_union, size_t depth) {
    const std::optional<size_t> index = avro::ResolveUnionBranch(reader_union, writer);
    if (!index) {
      return Fail(pos_, absl::StrCat("a ", std::string(writer.TypeName()),
                                     " value has no branch to be read as in the reader's union"));
    }
    const Node& branch = *reader_union.branches()[*index];
    return Branch(branch, writer, branch, depth);
  }

  // The writer's fields in its order, each under its reader name (or skipped when the reader has
  // no such field), then the reader's fields the writer lacks, with their defaults. JSON members
  // are unordered, so writer order costs no buffering.
  bool ResolvedRecord(const Node& writer, const Node& reader, size_t depth) {
    Emit("{");
    bool first = true;
    for (const avro::Field& field : writer.fields()) {
      const avro::Field* target = ReaderFieldFor(reader, field.name);
      if (target == nullptr) {
        // Not read: decoded only to be checked and passed over.
        std::string* saved = json_;
        json_ = nullptr;
        auto scope = path_.Member(field.name);
        const bool ok = Value(field.type(), field.type(), depth + 1);
        json_ = saved;
        if (!ok) return false;
        continue;
      }
      auto scope = path_.Member(target->name);
      if (json_ != nullptr) {
        if (!first) *json_ += ',';
        avro::AppendJsonString(*json_, target->name);
        *json_ += ':';
      }
      first = false;
      if (!Value(field.type(), target->type(), depth + 1)) return false;
    }
    for (const avro::Field& field : reader.fields()) {
      if (WriterHasField(writer, field)) continue;
      if (!field.default_value) {
        auto scope = path_.Member(field.name);
        return Fail(pos_, "the reader's field has no default and the writer does not write it");
      }
      if (json_ == nullptr) continue;
      if (!first) *json_ += ',';
      first = false;
      avro::AppendJsonString(*json_, field.name);
      *json_ += ':';
      auto scope = path_.Member(field.name);
      if (!AppendDefault(field)) return false;
    }
    Emit("}");
    return true;
  }

  // The reader's field for a writer field: by name, else the one listing it among its aliases.
  static const avro::Field* ReaderFieldFor(const Node& reader, std::string_view writer_name) {
    if (const avro::Field* f = reader.FindField(writer_name)) return f;
    for (const avro::Field& f : reader.fields()) {
      for (const std::string& alias : f.aliases) {
        if (alias == writer_name) return &f;
      }
    }
    return nullptr;
  }

  static bool WriterHasField(const Node& writer, const avro::Field& reader_field) {
    if (writer.FindField(reader_field.name) != nullptr) return true;
    for (const std::string& alias : reader_field.aliases) {
      if (writer.FindField(alias) != nullptr) return true;
    }
    return false;
  }

  // A default is rendered as a value of the reader's type would be: written as Avro binary (as
  // the encoder writes a missing field), then read back with the field's type, so that the
  // options apply to it too (bare or annotated unions, natural timestamps and decimals).
  bool AppendDefault(const avro::Field& field) {
    default_bytes_.Clear();
    const DefaultWrite written =
        WriteDefaultValue(field.type(), *field.default_value, default_bytes_, default_budget_);
    if (written == DefaultWrite::kContainsItself) {
      return Fail(pos_, "the reader's default contains itself");
    }
    if (written == DefaultWrite::kOverBudget) {
      return Fail(pos_, absl::StrCat("the reader's defaults expand past the bound of ",
                                     kMinDefaultUnits + kDefaultUnitsPerByte * data_.size(),
                                     " values and bytes"));
    }
    // A plain read of the whole default (WriteDefaultValue wrote the defaults within it).
    Decoder nested(default_bytes_.view(), options_, json_);
    if (nested.Datum(field.type(), field.type())) return true;
    fault_ = {path_.ToString(), nested.fault().message};
    return false;
  }

  // The writer's symbol by name in the reader's enum, else the reader's default symbol.
  bool ResolvedEnum(const Node& writer, const Node& reader) {
    const size_t start = pos_;
    int64_t index;
    if (!ReadLong(index)) return false;
    if (index < 0 || static_cast<uint64_t>(index) >= writer.symbols().size()) {
      return Fail(start, absl::StrCat("enum index ", index, " is not one of the ",
                                      writer.symbols().size(), " symbols"));
    }
    const std::string& symbol = writer.symbols()[index];
    if (reader.SymbolIndex(symbol)) {
      if (json_ != nullptr) avro::AppendJsonString(*json_, symbol);
      return true;
    }
    if (!reader.enum_default()) {
      return Fail(start, absl::StrCat("symbol ", symbol,
                                      " is not in the reader's enum, which has no default"));
    }
    if (json_ != nullptr) avro::AppendJsonString(*json_, *reader.enum_default());
    return true;
  }

  // int -> long, float, double; long -> float, double; float -> double; string <-> bytes.
  bool Promoted(const Node& writer, const Node& reader) {
    const Kind w = writer.kind();
    const Kind r = reader.kind();
    if (!avro::IsPromotable(w, r)) {
      return Fail(pos_, absl::StrCat("a ", std::string(writer.TypeName()), " value cannot be read as ",
                                     std::string(reader.TypeName())));
    }
    if (w == Kind::kInt || w == Kind::kLong) {
      const size_t start = pos_;
      int64_t v;
      if (!ReadLong(v)) return false;
      if (w == Kind::kInt &&
          (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max())) {
        return Fail(start, absl::StrCat("int ", v, " out of range"));
      }
      if (json_ == nullptr) return true;
      if (r == Kind::kLong) {
        absl::StrAppend(json_, v);
      } else if (r == Kind::kFloat) {
        AppendJsonFloat(static_cast<float>(v), *json_);
      } else {
        AppendJsonDouble(static_cast<double>(v), *json_);
      }
      return true;
    }
    if (w == Kind::kFloat) {  // to double
      std::string_view bytes;
      if (!Take(4, "float", bytes)) return false;
      if (json_ != nullptr) {
        AppendJsonDouble(static_cast<double>(std::bit_cast<float>(LittleEndian<uint32_t>(bytes))),
                         *json_);
      }
      return true;
    }
    if (w == Kind::kString) {  // to bytes
      std::string_view text;
      if (!Utf8(text)) return false;
      if (json_ != nullptr) AppendByteString(text, *json_);
      return true;
    }
    // bytes to string: the bytes must be UTF-8 text.
    std::string_view bytes;
    if (!Utf8(bytes)) return false;
    if (json_ != nullptr) avro::AppendJsonString(*json_, bytes);
    return true;
  }

  bool NameMismatch(const Node& writer, const Node& reader) {
    return Fail(pos_, absl::StrCat("the writer's ", writer.full_name(),
                                   " does not match the reader's ", reader.full_name()));
  }

  // Arrays and maps: blocks of items, each a count (negative: its absolute value, followed by
  // the block's size in bytes), closed by an empty block.
  bool Blocks(const Node& type, const Node& reader, size_t depth) {
    const bool is_map = type.kind() == Kind::kMap;
    const Node& item_type = is_map ? type.values() : type.items();
    const Node& reader_item = is_map ? reader.values() : reader.items();
    // A map key is a string of at least one byte, so a map item never takes zero bytes.
    const bool items_can_be_empty = !is_map && CanBeEmpty(item_type);
    Emit(is_map ? "{" : "[");
    size_t index = 0;
    for (;;) {
      const size_t block_start = pos_;
      int64_t count;
      if (!ReadLong(count)) return false;
      if (count == 0) break;
      std::optional<size_t> block_end;
      if (count < 0) {
        if (count == std::numeric_limits<int64_t>::min()) {
          return Fail(block_start, "block count out of range");
        }
        count = -count;
        const size_t size_start = pos_;
        int64_t size;
        if (!ReadLong(size)) return false;
        if (size < 0 || static_cast<uint64_t>(size) > data_.size() - pos_) {
          return Fail(size_start, absl::StrCat("block size ", size, " does not fit in the ",
                                               data_.size() - pos_, " bytes left"));
        }
        block_end = pos_ + static_cast<size_t>(size);
      }
      const size_t items_start = pos_;
      const auto items = static_cast<uint64_t>(count);
      if (items_can_be_empty) {
        empty_items_ += std::min<uint64_t>(items, kMaxEmptyItems + 1);
        if (empty_items_ > kMaxEmptyItems) {
          return Fail(block_start, absl::StrCat("more than ", kMaxEmptyItems,
                                                " items that take no bytes"));
        }
      } else if (items > data_.size() - pos_) {
        return Fail(block_start, absl::StrCat("block of ", items, " items does not fit in the ",
                                              data_.size() - pos_, " bytes left"));
      }
      for (uint64_t i = 0; i < items; ++i, ++index) {
        if (json_ != nullptr && index > 0) *json_ += ',';
        if (is_map) {
          std::string_view key;
          if (!Utf8(key)) return false;
          auto scope = path_.Key(key);
          if (json_ != nullptr) {
            avro::AppendJsonString(*json_, key);
            *json_ += ':';
          }
          if (!Value(item_type, reader_item, depth + 1)) return false;
        } else {
          auto scope = path_.Index(index);
          if (!Value(item_type, reader_item, depth + 1)) return false;
        }
      }
      if (block_end && pos_ != *block_end) {
        return Fail(block_start, absl::StrCat("block's items take ", pos_ - items_start,
                                              " bytes, not the ", *block_end - items_start,
                                              " it gives"));
      }
    }
    Emit(is_map ? "}" : "]");
    return true;
  }

  // Whether a value of `type` can be encoded in zero bytes: a pure function of the type,
  // remembered per record so that a DAG of records costs its size, not its expansion.
  bool CanBeEmpty(const Node& type, int depth = 0) {
    switch (type.kind()) {
      case Kind::kNull:
        return true;
      case Kind::kFixed:
        return type.fixed_size() == 0;
      case Kind::kRecord: {
        if (depth > kMaxEmptinessDepth) return false;
        // A record being decided that is reached again contains itself through records alone:
        // it has no finite value at all.
        const auto [it, fresh] = can_be_empty_.try_emplace(&type, false);
        if (!fresh) return it->second;
        bool empty = true;
        for (const avro::Field& field : type.fields()) {
          if (!CanBeEmpty(field.type(), depth + 1)) {
            empty = false;
            break;
          }
        }
        can_be_empty_[&type] = empty;  // `it` may have moved
        return empty;
      }
      default:
        return false;
    }
  }

  // --- Primitive reads; each fails with the offset of what it reads.

  bool ReadLong(int64_t& value) {
    const size_t start = pos_;
    uint64_t n = 0;
    for (int shift = 0;; shift += 7) {
      if (pos_ >= data_.size()) return Truncated(start, "varint");
      const auto byte = static_cast<unsigned char>(data_[pos_++]);
      // The tenth byte holds the 64th bit only.
      if (shift == 63 && byte > 1) return Fail(start, "varint longer than 64 bits");
      n |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) break;
    }
    value = static_cast<int64_t>(n >> 1) ^ -static_cast<int64_t>(n & 1);
    return true;
  }

  bool Take(size_t size, std::string_view what, std::string_view& bytes) {
    if (size > data_.size() - pos_) return Truncated(pos_, what);
    bytes = data_.substr(pos_, size);
    pos_ += size;
    return true;
  }

  // A length-prefixed run of bytes.
  bool Length(std::string_view what, size_t start, std::string_view& bytes) {
    int64_t length;
    if (!ReadLong(length)) return false;
    if (length < 0) return Fail(start, absl::StrFormat("negative %s length %d", what, length));
    if (static_cast<uint64_t>(length) > data_.size() - pos_) {
      return Fail(start, absl::StrFormat("%s length %d does not fit in the %d bytes left", what,
                                         length, data_.size() - pos_));
    }
    bytes = data_.substr(pos_, static_cast<size_t>(length));
    pos_ += static_cast<size_t>(length);
    return true;
  }

  bool Utf8(std::string_view& text) {
    const size_t start = pos_;
    if (!Length("string", start, text)) return false;
    if (!IsValidUtf8(text)) {
      return Fail(start, "string is not valid UTF-8");
    }
    return true;
  }

  template <typename Unsigned>
  static Unsigned LittleEndian(std::string_view bytes) {
    Unsigned bits = 0;
    for (size_t i = 0; i < sizeof(Unsigned); ++i) {
      bits |= static_cast<Unsigned>(static_cast<unsigned char>(bytes[i])) << (8 * i);
    }
    return bits;
  }

  void Emit(std::string_view text) {
    if (json_ != nullptr) json_->append(text);
  }

  bool Truncated(size_t offset, std::string_view what) {
    return Fail(offset, absl::StrFormat("data ends inside a %s", what));
  }

  bool Fail(size_t offset, std::string message) {
    fault_ = {path_.ToString(), absl::StrCat("at byte ", offset, ": ", message)};
    return false;
  }

  std::string_view data_;
  size_t pos_ = 0;
  const AvroReadOptions& options_;
  std::string* json_;
  ValuePath path_;
  size_t empty_items_ = 0;
  size_t values_left_;  // before the datum holds too many values, see kMinValues
  absl::flat_hash_map<const Node*, bool> can_be_empty_;  // records decided so far
  Violation fault_;
  // Defaults the reader fills in cost units as JsonToAvroEncoder counts them (a value, a byte);
  // a DAG-shaped reader schema's defaults would otherwise expand to 2^k values per datum.
  size_t default_budget_;
  AvroBinaryWriter default_bytes_;
};

}  // namespace

absl::Status ValidateAvroBinary(const avro::Schema& schema, std::string_view datum,
                                const AvroReadOptions& options, Violation* fault) {
  Decoder decoder(datum, options, nullptr);
  if (decoder.Datum(schema.root(), schema.root())) return absl::OkStatus();
  if (fault != nullptr) *fault = decoder.fault();
  return absl::InvalidArgumentError(decoder.fault().ToString());
}

absl::Status AppendAvroBinaryAsJson(const avro::Schema& schema, std::string_view datum,
                                    std::string& out, const AvroReadOptions& options) {
  const size_t size_before = out.size();
  Decoder decoder(datum, options, &out);
  if (decoder.Datum(schema.root(), schema.root())) return absl::OkStatus();
  out.resize(size_before);
  return absl::InvalidArgumentError(decoder.fault().ToString());
}

absl::Status AppendResolvedAvroBinaryAsJson(const avro::Schema& writer, const avro::Schema& reader,
                                            std::string_view datum, std::string& out,
                                            const AvroReadOptions& options) {
  const size_t size_before = out.size();
  Decoder decoder(datum, options, &out);
  if (decoder.Datum(writer.root(), reader.root())) return absl::OkStatus();
  out.resize(size_before);
  return absl::InvalidArgumentError(decoder.fault().ToString());
}

absl::StatusOr<std::string> ResolveAvroBinaryToJson(const avro::Schema& writer,
                                                    const avro::Schema& reader,
                                                    std::string_view datum,
                                                    const AvroReadOptions& options) {
  std::string json;
  absl::Status status = AppendResolvedAvroBinaryAsJson(writer, reader, datum, json, options);
  if (!status.ok()) return status;
  return json;
}

absl::StatusOr<std::string> AvroBinaryToJson(const avro::Schema& schema, std::string_view datum,
                                             const AvroReadOptions& options) {
  std::string json;
  absl::Status status = AppendAvroBinaryAsJson(schema, datum, json, options);
  if (!status.ok()) return status;
  return json;
}

}  // namespace causeway::codec
