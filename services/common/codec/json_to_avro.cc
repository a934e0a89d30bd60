#include "common/codec/json_to_avro.h"

#include <algorithm>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "common/avro/default_value.h"
#include "common/avro/string_map.h"
#include "common/codec/avro_binary_writer.h"
#include "common/codec/avro_json_text.h"
#include "common/codec/decimal_bytes.h"
#include "common/codec/default_value_writer.h"
#include "common/codec/expected_form.h"
#include "common/codec/json_preview.h"
#include "common/codec/logical_value_text.h"
#include "common/codec/simdjson_dom.h"
#include "common/codec/value_path.h"

namespace causeway::codec {
namespace {

using avro::Field;
using avro::Kind;
using avro::LogicalType;
using avro::Node;
using dom::element_type;

// Matching a JSON object to one of several record branches tries each in turn, and unions nested
// inside the branch tried do the same; a hostile payload against a schema of nested multi-record
// unions could make that exponential. The values visited while trying are counted against this
// budget, generous for real payloads (each value is visited a few times at most).
constexpr size_t kTrialStepsPerByte = 64;
constexpr size_t kMinTrialSteps = size_t{1} << 16;

// Maps with more keys than this check for repeated keys with a hash set rather than a scan.
constexpr size_t kSmallMap = 8;

bool FitsInt32(int64_t v) {
  return v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max();
}

bool IsNumber(element_type t) {
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

bool IsDecimal(const Node& type) { return type.logical_type() == LogicalType::kDecimal; }

// Logical types over int and long that also read a string: dates, times and timestamps.
bool IsTemporal(const Node& type) {
  switch (type.logical_type()) {
    case LogicalType::kDate:
    case LogicalType::kTimeMillis:
    case LogicalType::kTimeMicros:
    case LogicalType::kTimestampMillis:
    case LogicalType::kTimestampMicros:
    case LogicalType::kLocalTimestampMillis:
    case LogicalType::kLocalTimestampMicros:
      return true;
    default:
      return false;
  }
}

// The int or long a temporal logical type's text form stands for; nullopt when `text` is not in
// that form (or `type` is not temporal).
std::optional<int64_t> TemporalFromText(const Node& type, std::string_view text) {
  switch (type.logical_type()) {
    case LogicalType::kDate:
      return ParseIsoDate(text);
    case LogicalType::kTimeMillis:
      return ParseTimeOfDay(text, TimeUnit::kMillis);
    case LogicalType::kTimeMicros:
      return ParseTimeOfDay(text, TimeUnit::kMicros);
    case LogicalType::kTimestampMillis:
      return ParseIsoTimestamp(text, TimeUnit::kMillis, TimestampKind::kInstant);
    case LogicalType::kTimestampMicros:
      return ParseIsoTimestamp(text, TimeUnit::kMicros, TimestampKind::kInstant);
    case LogicalType::kLocalTimestampMillis:
      return ParseIsoTimestamp(text, TimeUnit::kMillis, TimestampKind::kLocal);
    case LogicalType::kLocalTimestampMicros:
      return ParseIsoTimestamp(text, TimeUnit::kMicros, TimestampKind::kLocal);
    default:
      return std::nullopt;
  }
}

// The decimal's bytes as they go on the wire (sign-extended for a fixed), or why not.
absl::StatusOr<std::string> DecimalFromText(const Node& type, std::string_view text) {
  absl::StatusOr<std::string> bytes = DecimalTextToBytes(text, type.decimal());
  if (!bytes.ok() || type.kind() != Kind::kFixed) return bytes;
  return SignExtendDecimal(*bytes, static_cast<size_t>(type.fixed_size()));
}

// The text of a JSON number or string that a decimal reads; nullopt for other JSON.
std::optional<std::string> DecimalText(dom::element value) {
  switch (value.type()) {
    case element_type::STRING:
      return std::string(dom::AsString(value));
    case element_type::INT64:
      return std::to_string(dom::AsInt64(value));
    case element_type::UINT64:
      return std::to_string(dom::AsUint64(value));
    case element_type::DOUBLE: {
      // The shortest text that reads back as this double: what the payload most likely said.
      char text[32];
      const auto result = std::to_chars(text, text + sizeof text, dom::AsDouble(value));
      return std::string(text, result.ptr);
    }
    default:
      return std::nullopt;
  }
}

bool IsByteString(std::string_view s) { return avro::Latin1Length(s).has_value(); }

// Whether `branch` takes JSON of type `t` at all (whatever the value). When exactly one branch
// of a union does and the value still fits none, that branch words the violation: "expected int,
// got 3000000000 (out of range)" says more than "expected int or null".
bool TakesJsonType(const Node& branch, element_type t) {
  switch (branch.kind()) {
    case Kind::kNull:
      return t == element_type::NULL_VALUE;
    case Kind::kBoolean:
      return t == element_type::BOOL;
    case Kind::kInt:
    case Kind::kLong:
      return IsNumber(t) || (t == element_type::STRING && IsTemporal(branch));
    case Kind::kFloat:
    case Kind::kDouble:
      return IsNumber(t);
    case Kind::kString:
    case Kind::kEnum:
      return t == element_type::STRING;
    case Kind::kBytes:
    case Kind::kFixed:
      return t == element_type::STRING || (IsNumber(t) && IsDecimal(branch));
    case Kind::kArray:
      return t == element_type::ARRAY;
    case Kind::kMap:
    case Kind::kRecord:
      return t == element_type::OBJECT;
    case Kind::kUnion:
      return false;
  }
  return false;
}

template <typename Predicate>
std::optional<size_t> FirstBranch(const Node& type, Predicate&& matches) {
  const auto branches = type.branches();
  for (size_t i = 0; i < branches.size(); ++i) {
    if (matches(*branches[i])) return i;
  }
  return std::nullopt;
}

std::optional<size_t> FirstBranchOfKind(const Node& type, Kind kind) {
  return FirstBranch(type, [kind](const Node& b) { return b.kind() == kind; });
}

// The branch a bare number goes to: int when it fits, then Avro's promotions (long, float,
// double); a number with a fraction to double before float (nothing lost); decimals last.
std::optional<size_t> NumberBranch(const Node& type, dom::element value) {
  static constexpr Kind kIntegerOrder[] = {Kind::kLong, Kind::kFloat, Kind::kDouble};
  static constexpr Kind kUnsignedOrder[] = {Kind::kFloat, Kind::kDouble};
  static constexpr Kind kFractionOrder[] = {Kind::kDouble, Kind::kFloat};
  std::span<const Kind> order = kFractionOrder;
  if (value.type() == element_type::INT64) {
    if (FitsInt32(dom::AsInt64(value))) {
      if (auto b = FirstBranchOfKind(type, Kind::kInt)) return b;
    }
    order = kIntegerOrder;
  } else if (value.type() == element_type::UINT64) {
    order = kUnsignedOrder;
  }
  for (Kind kind : order) {
    if (auto b = FirstBranchOfKind(type, kind)) return b;
  }
  return FirstBranch(type, [](const Node& b) { return IsDecimal(b); });
}

// The branch a bare string goes to: a string (a valid UUID for a uuid string), an enum naming
// it, a logical type reading it, "NaN" and the infinities for floating point, then bytes or a
// fixed of its length as a last resort, and finally an enum with a default.
std::optional<size_t> StringBranch(const Node& type, std::string_view s) {
  if (auto b = FirstBranch(type, [s](const Node& b) {
        return b.kind() == Kind::kString &&
               (b.logical_type() != LogicalType::kUuid || IsUuid(s));
      })) {
    return b;
  }
  if (auto b = FirstBranch(type, [s](const Node& b) {
        return b.kind() == Kind::kEnum && b.SymbolIndex(s).has_value();
      })) {
    return b;
  }
  if (auto b = FirstBranch(
          type, [s](const Node& b) { return TemporalFromText(b, s).has_value(); })) {
    return b;
  }
  if (auto b = FirstBranch(
          type, [s](const Node& b) { return IsDecimal(b) && DecimalFromText(b, s).ok(); })) {
    return b;
  }
  if (NonFiniteFromString(s)) {
    if (auto b = FirstBranchOfKind(type, Kind::kDouble)) return b;
    if (auto b = FirstBranchOfKind(type, Kind::kFloat)) return b;
  }
  if (auto b = FirstBranch(type, [s](const Node& b) {
        return b.kind() == Kind::kBytes && !IsDecimal(b) && IsByteString(s);
      })) {
    return b;
  }
  if (auto b = FirstBranch(type, [s](const Node& b) {
        return b.kind() == Kind::kFixed && !IsDecimal(b) &&
               avro::Latin1Length(s) == static_cast<size_t>(b.fixed_size());
      })) {
    return b;
  }
  return FirstBranch(type, [](const Node& b) {
    return b.kind() == Kind::kEnum && b.enum_default().has_value();
  });
}

// The branch a bare value other than an object goes to, or nullopt when none takes it as it is.
std::optional<size_t> BareBranch(const Node& type, dom::element value) {
  switch (value.type()) {
    case element_type::NULL_VALUE:
      return FirstBranchOfKind(type, Kind::kNull);
    case element_type::BOOL:
      return FirstBranchOfKind(type, Kind::kBoolean);
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return NumberBranch(type, value);
    case element_type::STRING:
      return StringBranch(type, dom::AsString(value));
    case element_type::ARRAY:
      return FirstBranchOfKind(type, Kind::kArray);
    case element_type::OBJECT:
      return std::nullopt;
  }
  return std::nullopt;
}

// The branch an annotation key names: a type name as Avro's JSON encoding writes it ("string",
// "com.example.Rec"), or the simple name of exactly one named branch ("Rec").
std::optional<size_t> AnnotatedBranch(const Node& type, std::string_view key) {
  if (auto b = type.FindBranch(key)) return b;
  std::optional<size_t> found;
  const auto branches = type.branches();
  for (size_t i = 0; i < branches.size(); ++i) {
    if (avro::IsNamed(branches[i]->kind()) && branches[i]->name() == key) {
      if (found) return std::nullopt;  // ambiguous: the full name is needed
      found = i;
    }
  }
  return found;
}

}  // namespace

class JsonToAvroEncoder::Impl {
 public:
  explicit Impl(JsonToAvroOptions options) : options_(options) {
    // simdjson counts the document itself as a level (an innermost empty array or object it does
    // not count). Should allocating fail, parsing allocates again and reports the failure.
    const simdjson::error_code ignored = parser_.allocate(4096, options_.max_depth + 1);
    (void)ignored;
  }

  absl::Status Encode(const avro::Schema& schema, std::string_view json, std::string& out,
                      Violations& violations) {
    violations.clear();
    violations_ = &violations;
    failures_ = 0;
    unknown_fields_ = 0;
    trial_depth_ = 0;
    trial_steps_ = 0;
    trial_budget_ = std::max(kMinTrialSteps, json.size() * kTrialStepsPerByte);
    default_limit_ =
        options_.min_default_expansion + json.size() * options_.default_expansion_per_byte;
    default_budget_ = default_limit_;
    gave_up_ = false;
    path_.Clear();
    writer_.Clear();
    slots_.clear();

    if (json.size() > options_.max_json_bytes) {
      ListViolation(PayloadTooLarge(json.size(), options_.max_json_bytes));
      return ViolationsToStatus(violations);
    }
    // simdjson reads up to SIMDJSON_PADDING bytes past the text; a reused padded copy saves
    // the allocation parse() would otherwise make for every payload.
    const size_t padded_size = json.size() + simdjson::SIMDJSON_PADDING;
    if (padded_.size() < padded_size) padded_.resize(padded_size);
    if (!json.empty()) std::memcpy(padded_.data(), json.data(), json.size());
    dom::element root;
    const simdjson::error_code error =
        parser_.parse(padded_.data(), json.size(), /*realloc_if_needed=*/false).get(root);
    if (error) {
      ListViolation(error == simdjson::DEPTH_ERROR ? NestedTooDeep(options_.max_depth)
                                            : InvalidJson(simdjson::error_message(error)));
      return ViolationsToStatus(violations);
    }

    Value(schema.root(), root);
    if (failures_ == 0) {
      out.append(writer_.view());
      return absl::OkStatus();
    }
    return ViolationsToStatus(violations);
  }

 private:
  struct FieldSlot {
    dom::element value;
    bool present = false;
  };

  void Value(const Node& type, dom::element value) {
    if (gave_up_) return;
    if (trial_depth_ > 0 && ++trial_steps_ > trial_budget_) {
      gave_up_ = true;
      ++failures_;
      return;
    }
    switch (type.kind()) {
      case Kind::kNull:
        if (!value.is_null()) FailExpected(type, value);
        return;
      case Kind::kBoolean:
        if (value.type() != element_type::BOOL) return FailExpected(type, value);
        writer_.WriteBoolean(dom::AsBool(value));
        return;
      case Kind::kInt:
      case Kind::kLong:
        return Integer(type, value);
      case Kind::kFloat:
      case Kind::kDouble:
        return FloatingPoint(type, value);
      case Kind::kString:
        return String(type, value);
      case Kind::kBytes:
      case Kind::kFixed:
        return IsDecimal(type) ? Decimal(type, value) : ByteString(type, value);
      case Kind::kEnum:
        return Enum(type, value);
      case Kind::kArray:
        return Array(type, value);
      case Kind::kMap:
        return Map(type, value);
      case Kind::kRecord:
        return RecordValue(type, value);
      case Kind::kUnion:
        return Union(type, value);
    }
  }

  void Integer(const Node& type, dom::element value) {
    const bool is_int = type.kind() == Kind::kInt;
    int64_t v;
    switch (value.type()) {
      case element_type::INT64:
        v = dom::AsInt64(value);
        if (is_int && !FitsInt32(v)) return FailExpected(type, value, kOutOfRange);
        break;
      case element_type::UINT64:
        return FailExpected(type, value, kOutOfRange);
      case element_type::STRING:
        if (std::optional<int64_t> parsed = TemporalFromText(type, dom::AsString(value))) {
          v = *parsed;  // dates and times of day in milliseconds always fit an int
          break;
        }
        return FailExpected(type, value);
      default:
        return FailExpected(type, value);
    }
    writer_.WriteLong(v);  // int and long share the varint encoding
  }

  void FloatingPoint(const Node& type, dom::element value) {
    std::optional<double> number;
    switch (value.type()) {
      case element_type::INT64:
        number = static_cast<double>(dom::AsInt64(value));
        break;
      case element_type::UINT64:
        number = static_cast<double>(dom::AsUint64(value));
        break;
      case element_type::DOUBLE:
        number = dom::AsDouble(value);
        break;
      case element_type::STRING:
        number = NonFiniteFromString(dom::AsString(value));
        break;
      default:
        break;
    }
    if (!number) return FailExpected(type, value);
    if (type.kind() == Kind::kDouble) return writer_.WriteDouble(*number);
    if (std::isfinite(*number) && std::fabs(*number) > FLT_MAX) {
      return FailExpected(type, value, kOutOfRange);
    }
    writer_.WriteFloat(static_cast<float>(*number));
  }

  void String(const Node& type, dom::element value) {
    if (value.type() != element_type::STRING) return FailExpected(type, value);
    const std::string_view s = dom::AsString(value);
    if (type.logical_type() != LogicalType::kUuid) return writer_.WriteString(s);
    if (!IsUuid(s)) return FailExpected(type, value);
    scratch_.assign(s);
    std::transform(scratch_.begin(), scratch_.end(), scratch_.begin(),
                   [](char c) { return c >= 'A' && c <= 'F' ? static_cast<char>(c + 32) : c; });
    writer_.WriteString(scratch_);
  }

  // bytes and fixed without a logical type: a string of code points 0-255.
  void ByteString(const Node& type, dom::element value) {
    if (value.type() != element_type::STRING) return FailExpected(type, value);
    scratch_.clear();
    if (!DecodeByteString(dom::AsString(value), scratch_)) return FailExpected(type, value);
    if (type.kind() == Kind::kBytes) return writer_.WriteBytes(scratch_);
    if (static_cast<int64_t>(scratch_.size()) != type.fixed_size()) {
      return FailExpected(type, value);
    }
    writer_.WriteFixed(scratch_);
  }

  void Decimal(const Node& type, dom::element value) {
    const std::optional<std::string> text = DecimalText(value);
    if (!text) return FailExpected(type, value);
    const absl::StatusOr<std::string> bytes = DecimalFromText(type, *text);
    if (!bytes.ok()) return FailExpected(type, value, std::string(bytes.status().message()));
    if (type.kind() == Kind::kBytes) return writer_.WriteBytes(*bytes);
    writer_.WriteFixed(*bytes);
  }

  void Enum(const Node& type, dom::element value) {
    if (value.type() != element_type::STRING) return FailExpected(type, value);
    std::optional<size_t> index = type.SymbolIndex(dom::AsString(value));
    // A symbol this schema does not know reads as the enum's default, as a reader would.
    if (!index && type.enum_default()) index = type.SymbolIndex(*type.enum_default());
    if (!index) return FailExpected(type, value);
    writer_.WriteEnum(*index);
  }

  void Array(const Node& type, dom::element value) {
    if (value.type() != element_type::ARRAY) return FailExpected(type, value);
    const dom::array items = dom::AsArray(value);
    if (const size_t count = dom::Count(items); count > 0) writer_.WriteBlockCount(count);
    size_t index = 0;
    for (dom::element item : items) {
      auto scope = path_.Index(index++);
      Value(type.items(), item);
    }
    writer_.WriteBlockEnd();
  }

  void Map(const Node& type, dom::element value) {
    if (value.type() != element_type::OBJECT) return FailExpected(type, value);
    const dom::object members = dom::AsObject(value);
    const size_t count = dom::Count(members);
    if (count > 0) writer_.WriteBlockCount(count);
    // Repeated keys: small maps scan the keys seen so far, larger ones hash them.
    std::string_view small_seen[kSmallMap];
    absl::flat_hash_set<std::string_view, avro::StringViewHash, avro::StringViewEq> seen;
    size_t index = 0;
    for (dom::key_value_pair member : members) {
      auto scope = path_.Key(member.key);
      bool repeated;
      if (count <= kSmallMap) {
        repeated = std::find(small_seen, small_seen + index, member.key) != small_seen + index;
        small_seen[index] = member.key;
      } else {
        repeated = !seen.insert(member.key).second;
      }
      ++index;
      if (repeated) Fail([] { return std::string(kDuplicateKey); });
      writer_.WriteString(member.key);
      Value(type.values(), member.value);
    }
    writer_.WriteBlockEnd();
  }

  void RecordValue(const Node& type, dom::element value) {
    if (value.type() != element_type::OBJECT) return FailExpected(type, value);
    const auto fields = type.fields();
    // The members, by field position: JSON may list them in any order, Avro writes them in the
    // schema's. Slots are a stack shared by nested records.
    const size_t base = slots_.size();
    slots_.resize(base + fields.size());
    size_t next = 0;  // members usually come in schema order: try the next field first
    for (dom::key_value_pair member : dom::AsObject(value)) {
      const Field* field = next < fields.size() && fields[next].name == member.key
                               ? &fields[next]
                               : type.FindField(member.key);
      if (field == nullptr) {
        auto scope = path_.Member(member.key);
        ++unknown_fields_;
        Fail([] { return std::string(kUnknownField); });
        continue;
      }
      FieldSlot& slot = slots_[base + field->position];
      if (slot.present) {
        auto scope = path_.Member(member.key);
        Fail([] { return std::string(kDuplicateField); });
        continue;
      }
      slot = {member.value, true};
      next = field->position + 1;
    }
    for (const Field& field : fields) {
      auto scope = path_.Member(field.name);
      // A copy: nested records grow the slot stack, which may move it.
      const FieldSlot slot = slots_[base + field.position];
      if (slot.present) {
        Value(field.type(), slot.value);
      } else {
        MissingField(field);
      }
    }
    slots_.resize(base);
  }

  void MissingField(const Field& field) {
    if (field.default_value) {
      const size_t start = writer_.size();
      const DefaultWrite written =
          WriteDefaultValue(field.type(), *field.default_value, writer_, default_budget_);
      if (written == DefaultWrite::kWritten) return;
      writer_.Truncate(start);
      if (written == DefaultWrite::kOverBudget) {
        return Fail([this] { return DefaultsTooLarge(default_limit_); });
      }
      return Fail([] {
        return std::string("the field's default cannot be written: it contains itself");
      });
    }
    if (field.type().kind() == Kind::kUnion) {
      if (std::optional<size_t> null_branch = FirstBranchOfKind(field.type(), Kind::kNull)) {
        writer_.WriteUnionIndex(*null_branch);
        return;
      }
    }
    Fail([] { return std::string(kRequiredFieldMissing); });
  }

  void Union(const Node& type, dom::element value) {
    if (value.type() == element_type::OBJECT) {
      const dom::object members = dom::AsObject(value);
      if (members.size() == 1) {
        const dom::key_value_pair only = *members.begin();
        if (std::optional<size_t> branch = AnnotatedBranch(type, only.key)) {
          auto scope = path_.Member(only.key);
          return Branch(type, *branch, only.value);
        }
      }
      return ObjectInUnion(type, value);
    }
    std::optional<size_t> branch = BareBranch(type, value);
    if (!branch) {
      // None takes the value as it is. When one branch takes its JSON type, that branch says
      // what is wrong with it.
      std::optional<size_t> taker;
      const auto branches = type.branches();
      for (size_t i = 0; i < branches.size(); ++i) {
        if (!TakesJsonType(*branches[i], value.type())) continue;
        if (taker) return FailExpected(type, value);
        taker = i;
      }
      if (!taker) return FailExpected(type, value);
      branch = taker;
    }
    Branch(type, *branch, value);
  }

  // A bare JSON object: records by shape, the first that the object validates against; failing
  // that, the map branch, or else the record that came closest (the fewest unknown fields, then
  // the fewest violations) says what is wrong.
  void ObjectInUnion(const Node& type, dom::element value) {
    const auto branches = type.branches();
    const std::optional<size_t> map_branch = FirstBranchOfKind(type, Kind::kMap);
    const std::optional<size_t> first_record = FirstBranchOfKind(type, Kind::kRecord);
    const size_t records = static_cast<size_t>(
        std::count_if(branches.begin(), branches.end(),
                      [](const Node* b) { return b->kind() == Kind::kRecord; }));
    if (!first_record && !map_branch) return FailExpected(type, value);
    if (!first_record) return Branch(type, *map_branch, value);
    if (records == 1 && !map_branch) return Branch(type, *first_record, value);

    const size_t start = writer_.size();
    const size_t failures_before = failures_;
    const size_t unknown_before = unknown_fields_;
    size_t closest = *first_record;
    std::pair<size_t, size_t> closest_score = {std::numeric_limits<size_t>::max(), 0};
    ++trial_depth_;
    for (size_t record = *first_record; record < branches.size(); ++record) {
      if (branches[record]->kind() != Kind::kRecord) continue;
      Branch(type, record, value);
      const size_t failures = failures_ - failures_before;
      if (failures == 0 && !gave_up_) {
        --trial_depth_;
        return;
      }
      const std::pair<size_t, size_t> score = {unknown_fields_ - unknown_before, failures};
      writer_.Truncate(start);
      failures_ = failures_before;
      unknown_fields_ = unknown_before;
      if (gave_up_) break;
      if (score < closest_score) {
        closest = record;
        closest_score = score;
      }
    }
    --trial_depth_;
    if (gave_up_) {
      ++failures_;
      if (trial_depth_ == 0) ListViolation(UnionTooAmbiguous());
      return;
    }
    Branch(type, map_branch.value_or(closest), value);
  }

  void Branch(const Node& type, size_t branch, dom::element value) {
    writer_.WriteUnionIndex(branch);
    Value(*type.branches()[branch], value);
  }

  // Counts a fault; lists it unless a union branch is only being tried.
  template <typename MakeMessage>
  void Fail(MakeMessage&& make_message) {
    ++failures_;
    if (trial_depth_ > 0 || gave_up_) return;
    ListViolation(make_message());
  }

  void FailExpected(const Node& type, dom::element value, std::string_view why = {}) {
    Fail([&] {
      return why.empty() ? ExpectedGot(ExpectedForm(type), JsonPreview(value))
                         : ExpectedGotBecause(ExpectedForm(type), JsonPreview(value), why);
    });
  }

  // Adds a violation at the current path, up to the limit.
  void ListViolation(std::string message) {
    const size_t limit = options_.max_violations;
    if (violations_->size() < limit) {
      violations_->push_back({path_.ToString(), std::move(message)});
    } else if (violations_->size() == limit) {
      violations_->push_back({"$", TooManyViolations(limit)});
    }
  }

  const JsonToAvroOptions options_;
  simdjson::dom::parser parser_;
  std::vector<char> padded_;  // the payload, followed by simdjson's padding
  AvroBinaryWriter writer_;
  ValuePath path_;
  std::vector<FieldSlot> slots_;
  std::string scratch_;  // bytes decoded from a JSON string

  // State of one Encode call.
  Violations* violations_ = nullptr;
  size_t failures_ = 0;     // violations found, listed or not
  size_t unknown_fields_ = 0;  // of them, members naming no field
  size_t trial_depth_ = 0;  // > 0 while trying a union's record branches: nothing is listed
  size_t trial_steps_ = 0;
  size_t trial_budget_ = 0;
  size_t default_limit_ = 0;   // units this payload's defaults may cost, see JsonToAvroOptions
  size_t default_budget_ = 0;  // of them, those left
  bool gave_up_ = false;  // the trial budget ran out: the payload is refused as too ambiguous
};

JsonToAvroEncoder::JsonToAvroEncoder(JsonToAvroOptions options)
    : impl_(std::make_unique<Impl>(options)) {}
JsonToAvroEncoder::~JsonToAvroEncoder() = default;
JsonToAvroEncoder::JsonToAvroEncoder(JsonToAvroEncoder&&) noexcept = default;
JsonToAvroEncoder& JsonToAvroEncoder::operator=(JsonToAvroEncoder&&) noexcept = default;

absl::Status JsonToAvroEncoder::Encode(const avro::Schema& schema, std::string_view json,
                                       std::string& out, Violations& violations) {
  return impl_->Encode(schema, json, out, violations);
}

absl::StatusOr<std::string> JsonToAvroEncoder::Encode(const avro::Schema& schema,
                                                      std::string_view json) {
  std::string out;
  Violations violations;
  absl::Status status = impl_->Encode(schema, json, out, violations);
  if (!status.ok()) return status;
  return out;
}

}  // namespace causeway::codec
