#include "common/avro/schema.h"

#include <array>
#include <utility>

namespace causeway::avro {
namespace {

// An enumerator and its name in schema JSON.
template <typename Enum>
struct Named {
  Enum value;
  std::string_view name;
};

template <typename Enum, size_t N>
std::optional<std::string_view> NameOf(const std::array<Named<Enum>, N>& table, Enum value) {
  for (const Named<Enum>& e : table) {
    if (e.value == value) return e.name;
  }
  return std::nullopt;
}

template <typename Enum, size_t N>
std::optional<Enum> ValueOf(const std::array<Named<Enum>, N>& table, std::string_view name) {
  for (const Named<Enum>& e : table) {
    if (e.name == name) return e.value;
  }
  return std::nullopt;
}

constexpr std::array<Named<Kind>, 14> kKinds = {{
    {Kind::kNull, "null"},
    {Kind::kBoolean, "boolean"},
    {Kind::kInt, "int"},
    {Kind::kLong, "long"},
    {Kind::kFloat, "float"},
    {Kind::kDouble, "double"},
    {Kind::kBytes, "bytes"},
    {Kind::kString, "string"},
    {Kind::kRecord, "record"},
    {Kind::kEnum, "enum"},
    {Kind::kArray, "array"},
    {Kind::kMap, "map"},
    {Kind::kUnion, "union"},
    {Kind::kFixed, "fixed"},
}};

constexpr std::array<Named<LogicalType>, 10> kLogicalTypes = {{
    {LogicalType::kDecimal, "decimal"},
    {LogicalType::kUuid, "uuid"},
    {LogicalType::kDate, "date"},
    {LogicalType::kTimeMillis, "time-millis"},
    {LogicalType::kTimeMicros, "time-micros"},
    {LogicalType::kTimestampMillis, "timestamp-millis"},
    {LogicalType::kTimestampMicros, "timestamp-micros"},
    {LogicalType::kLocalTimestampMillis, "local-timestamp-millis"},
    {LogicalType::kLocalTimestampMicros, "local-timestamp-micros"},
    {LogicalType::kDuration, "duration"},
}};

constexpr std::array<Named<FieldOrder>, 3> kFieldOrders = {{
    {FieldOrder::kAscending, "ascending"},
    {FieldOrder::kDescending, "descending"},
    {FieldOrder::kIgnore, "ignore"},
}};

}  // namespace

std::string_view KindName(Kind kind) { return NameOf(kKinds, kind).value_or("?"); }

std::optional<Kind> PrimitiveKindFromName(std::string_view name) {
  std::optional<Kind> kind = ValueOf(kKinds, name);
  if (kind && !IsPrimitive(*kind)) return std::nullopt;
  return kind;
}

bool IsPrimitive(Kind kind) { return kind <= Kind::kString; }

bool IsNamed(Kind kind) {
  return kind == Kind::kRecord || kind == Kind::kEnum || kind == Kind::kFixed;
}

std::string_view LogicalTypeName(LogicalType type) {
  return NameOf(kLogicalTypes, type).value_or("");
}

LogicalType LogicalTypeFromName(std::string_view name) {
  return ValueOf(kLogicalTypes, name).value_or(LogicalType::kNone);
}

std::string_view FieldOrderName(FieldOrder order) {
  return NameOf(kFieldOrders, order).value_or("?");
}

std::optional<FieldOrder> FieldOrderFromName(std::string_view name) {
  return ValueOf(kFieldOrders, name);
}

const Field* Node::FindField(std::string_view name) const {
  auto it = data_.field_index.find(name);
  return it == data_.field_index.end() ? nullptr : &data_.fields[it->second];
}

std::optional<size_t> Node::SymbolIndex(std::string_view symbol) const {
  auto it = data_.symbol_index.find(symbol);
  if (it == data_.symbol_index.end()) return std::nullopt;
  return it->second;
}

std::optional<size_t> Node::FindBranch(std::string_view type_name) const {
  for (size_t i = 0; i < data_.branches.size(); ++i) {
    if (data_.branches[i]->TypeName() == type_name) return i;
  }
  return std::nullopt;
}

const JsonValue* Node::FindProperty(std::string_view key) const {
  return FindMember(data_.properties, key);
}

std::string_view Node::TypeName() const {
  return IsNamed(kind()) ? std::string_view(full_name()) : KindName(kind());
}

const Node* Schema::FindNamedType(std::string_view full_name) const {
  auto it = by_full_name_.find(full_name);
  return it == by_full_name_.end() ? nullptr : it->second;
}

Node* SchemaBuilder::NewNode(Kind kind) {
  schema_.nodes_.push_back(std::make_unique<Node>(kind));
  return schema_.nodes_.back().get();
}

bool SchemaBuilder::DefineName(const Node* node) {
  auto [it, inserted] = schema_.by_full_name_.try_emplace(node->full_name(), node);
  if (inserted) schema_.named_.push_back(node);
  return inserted;
}

const Node* SchemaBuilder::FindNamedType(std::string_view full_name) const {
  return schema_.FindNamedType(full_name);
}

Schema SchemaBuilder::Build(const Node* root) && {
  for (const auto& node : schema_.nodes_) {
    NodeData& data = node->data_;
    for (size_t i = 0; i < data.fields.size(); ++i) {
      data.fields[i].position = i;
      data.field_index.try_emplace(data.fields[i].name, i);
    }
    for (size_t i = 0; i < data.symbols.size(); ++i) {
      data.symbol_index.try_emplace(data.symbols[i], i);
    }
  }
  schema_.root_ = root;
  return std::move(schema_);
}

}  // namespace causeway::avro
