#include "common/avro/logical_type.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace causeway::avro {
namespace {

void EraseAttribute(JsonValue::Object& attributes, std::string_view key) {
  std::erase_if(attributes, [key](const auto& member) { return member.first == key; });
}

std::optional<int32_t> AsInt32(const JsonValue* value) {
  if (value == nullptr || value->type() != JsonValue::Type::kInt) return std::nullopt;
  const int64_t v = value->as_int();
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<int32_t>(v);
}

// Precision is required and positive; scale defaults to 0 and may not exceed the precision; a
// fixed must be wide enough for the precision.
std::optional<DecimalSpec> ValidDecimal(const NodeData& node) {
  const std::optional<int32_t> precision = AsInt32(FindMember(node.properties, "precision"));
  if (!precision || *precision <= 0) return std::nullopt;
  DecimalSpec spec{*precision, 0};
  if (const JsonValue* scale = FindMember(node.properties, "scale")) {
    const std::optional<int32_t> s = AsInt32(scale);
    if (!s || *s < 0 || *s > *precision) return std::nullopt;
    spec.scale = *s;
  }
  if (node.kind == Kind::kFixed && *precision > MaxDecimalPrecisionForFixed(node.fixed_size)) {
    return std::nullopt;
  }
  return spec;
}

// Whether `type` may annotate a node of `kind` (decimal is decided by ValidDecimal).
bool AnnotatesKind(LogicalType type, const NodeData& node) {
  switch (type) {
    case LogicalType::kDecimal:
      return node.kind == Kind::kBytes || node.kind == Kind::kFixed;
    case LogicalType::kUuid:
      return node.kind == Kind::kString;
    case LogicalType::kDate:
    case LogicalType::kTimeMillis:
      return node.kind == Kind::kInt;
    case LogicalType::kTimeMicros:
    case LogicalType::kTimestampMillis:
    case LogicalType::kTimestampMicros:
    case LogicalType::kLocalTimestampMillis:
    case LogicalType::kLocalTimestampMicros:
      return node.kind == Kind::kLong;
    case LogicalType::kDuration:
      return node.kind == Kind::kFixed && node.fixed_size == 12;
    case LogicalType::kNone:
      return false;
  }
  return false;
}

}  // namespace

int64_t MaxDecimalPrecisionForFixed(int64_t size) {
  if (size <= 0) return 0;
  // 2^(8n-1) is never a power of ten, so this floor equals that of the exact expression.
  return static_cast<int64_t>(std::floor(std::log10(2.0) * (8.0 * static_cast<double>(size) - 1)));
}

void ApplyLogicalType(NodeData& node) {
  const JsonValue* name = FindMember(node.properties, "logicalType");
  if (name == nullptr || name->type() != JsonValue::Type::kString) return;
  const LogicalType type = LogicalTypeFromName(name->as_string());
  if (!AnnotatesKind(type, node)) return;
  if (type == LogicalType::kDecimal) {
    const std::optional<DecimalSpec> spec = ValidDecimal(node);
    if (!spec) return;
    node.decimal = *spec;
    EraseAttribute(node.properties, "precision");
    EraseAttribute(node.properties, "scale");
  }
  node.logical_type = type;
  EraseAttribute(node.properties, "logicalType");
}

}  // namespace causeway::avro
