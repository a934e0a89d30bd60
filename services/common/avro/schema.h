#pragma once
// The Avro schema model: an immutable graph of nodes owned by a Schema.
//
// Walking it. Start at `schema.root()` and switch on `node.kind()`:
//
//   void Walk(const Node& n) {
//     switch (n.kind()) {
//       case Kind::kRecord: for (const Field& f : n.fields()) Walk(f.type()); break;
//       case Kind::kArray:  Walk(n.items()); break;
//       case Kind::kMap:    Walk(n.values()); break;
//       case Kind::kUnion:  for (const Node* b : n.branches()) Walk(*b); break;
//       default: break;  // primitives, enum, fixed: leaves
//     }
//   }
//
// A named type (record, enum, fixed) is one node however many times the schema refers to it, so a
// recursive record reaches itself again: code that walks the whole graph must remember which named
// nodes it has entered (the canonical form and the compatibility checker do). Code that follows
// data, like an encoder or a decoder, needs no such care because every value is finite.
//
// Every pointer a parsed Schema hands out is non-null and lives as long as the Schema; moving the
// Schema keeps them valid (nodes are heap-allocated and never move).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/avro/json_value.h"
#include "common/avro/string_map.h"

namespace causeway::avro {

enum class Kind : uint8_t {
  kNull,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kBytes,
  kString,
  kRecord,  // also `"type": "error"`, see Node::record_keyword()
  kEnum,
  kArray,
  kMap,
  kUnion,
  kFixed,
};

// The specification's name for the kind: "int", "record", "union", ...
std::string_view KindName(Kind kind);
// The kind a primitive type name stands for ("int" -> kInt); nullopt for any other string.
std::optional<Kind> PrimitiveKindFromName(std::string_view name);
bool IsPrimitive(Kind kind);
// Record, enum and fixed: the kinds that have a fullname and can be referred to by it.
bool IsNamed(Kind kind);

// Logical types of Avro 1.11. A logicalType attribute that is unknown, or invalid for its
// underlying type, is ignored as the specification requires: the node reports kNone and the
// attributes stay in properties().
enum class LogicalType : uint8_t {
  kNone,
  kDecimal,               // bytes or fixed; see Node::decimal()
  kUuid,                  // string
  kDate,                  // int
  kTimeMillis,            // int
  kTimeMicros,            // long
  kTimestampMillis,       // long
  kTimestampMicros,       // long
  kLocalTimestampMillis,  // long
  kLocalTimestampMicros,  // long
  kDuration,              // fixed(12)
};

// The logicalType attribute's value ("timestamp-millis"); "" for kNone.
std::string_view LogicalTypeName(LogicalType type);
// The logical type a logicalType attribute names, ignoring validity; kNone when unknown.
LogicalType LogicalTypeFromName(std::string_view name);

struct DecimalSpec {
  int32_t precision = 0;  // > 0
  int32_t scale = 0;      // 0 <= scale <= precision
  friend bool operator==(const DecimalSpec&, const DecimalSpec&) = default;
};

enum class FieldOrder : uint8_t { kAscending, kDescending, kIgnore };
std::string_view FieldOrderName(FieldOrder order);  // "ascending", ...
std::optional<FieldOrder> FieldOrderFromName(std::string_view name);

// Records are written `"type": "record"` or, in protocols, `"type": "error"`. Both are records
// for every purpose but printing the schema back.
enum class RecordKeyword : uint8_t { kRecord, kError };

class Node;

// One field of a record, in declaration order.
struct Field {
  std::string name;
  const Node* type_node = nullptr;  // non-null in a parsed Schema
  // The default as written, already checked against the field's type (for a union: against its
  // first branch). Absent when the field has no default.
  std::optional<JsonValue> default_value;
  FieldOrder order = FieldOrder::kAscending;
  std::vector<std::string> aliases;  // former names of the field, simple names
  std::optional<std::string> doc;
  JsonValue::Object properties;  // attributes the specification does not define, as written
  size_t position = 0;           // index in Node::fields()

  const Node& type() const { return *type_node; }
};

// Everything a node holds. Readers use Node's accessors; SchemaBuilder fills this in.
struct NodeData {
  Kind kind = Kind::kNull;

  // Named types only.
  std::string name;        // simple name
  std::string name_space;  // "" is the null namespace
  std::string full_name;
  std::vector<std::string> aliases;  // fullnames (qualified against name_space when written short)
  std::optional<std::string> doc;

  // Records.
  RecordKeyword record_keyword = RecordKeyword::kRecord;
  std::vector<Field> fields;

  // Enums.
  std::vector<std::string> symbols;
  std::optional<std::string> enum_default;

  // Arrays (items) and maps (values).
  const Node* element = nullptr;

  // Unions, in declaration order.
  std::vector<const Node*> branches;

  // Fixed.
  int64_t fixed_size = 0;

  LogicalType logical_type = LogicalType::kNone;
  DecimalSpec decimal;  // meaningful when logical_type == kDecimal

  // Attributes the specification does not define for this kind (and logical-type attributes that
  // were ignored), in document order.
  JsonValue::Object properties;

  // Lookup tables, built by SchemaBuilder::Build().
  StringMap<size_t> field_index;
  StringMap<size_t> symbol_index;
};

class Node {
 public:
  explicit Node(Kind kind) { data_.kind = kind; }
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  Kind kind() const { return data_.kind; }

  // --- Named types (record, enum, fixed); empty for other kinds.
  const std::string& name() const { return data_.name; }
  const std::string& name_space() const { return data_.name_space; }
  const std::string& full_name() const { return data_.full_name; }
  // Fullnames this type was formerly known as.
  std::span<const std::string> aliases() const { return data_.aliases; }
  const std::optional<std::string>& doc() const { return data_.doc; }

  // --- Records.
  RecordKeyword record_keyword() const { return data_.record_keyword; }
  std::span<const Field> fields() const { return data_.fields; }
  // The field named `name` (aliases are not consulted), or nullptr.
  const Field* FindField(std::string_view name) const;

  // --- Enums.
  std::span<const std::string> symbols() const { return data_.symbols; }
  // Position of `symbol` (its binary encoding), or nullopt.
  std::optional<size_t> SymbolIndex(std::string_view symbol) const;
  // The symbol a reader uses for a writer's symbol it does not know.
  const std::optional<std::string>& enum_default() const { return data_.enum_default; }

  // --- Arrays and maps: the element schema (map keys are always strings).
  const Node& items() const { return *data_.element; }
  const Node& values() const { return *data_.element; }

  // --- Unions.
  std::span<const Node* const> branches() const { return data_.branches; }
  // The branch whose TypeName() is `type_name` ("string", "com.acme.Foo", "array"), as keys of
  // Avro's JSON encoding of unions name them; nullopt when none.
  std::optional<size_t> FindBranch(std::string_view type_name) const;

  // --- Fixed.
  int64_t fixed_size() const { return data_.fixed_size; }

  // --- Logical types (on primitives and fixed).
  LogicalType logical_type() const { return data_.logical_type; }
  // Precision and scale; meaningful only when logical_type() == kDecimal.
  const DecimalSpec& decimal() const { return data_.decimal; }

  // --- Custom attributes.
  const JsonValue::Object& properties() const { return data_.properties; }
  const JsonValue* FindProperty(std::string_view key) const;

  // The name Avro's JSON encoding uses for this type as a union branch: the fullname for named
  // types, KindName() otherwise.
  std::string_view TypeName() const;

 private:
  friend class SchemaBuilder;
  NodeData data_;
};

// A parsed schema: owns every node (an arena of nodes that point at each other).
class Schema {
 public:
  // Empty, as a placeholder to move a parsed schema into; root() needs a parsed schema.
  Schema() = default;
  Schema(Schema&&) = default;
  Schema& operator=(Schema&&) = default;

  const Node& root() const { return *root_; }
  // Named types in the order the schema defines them.
  std::span<const Node* const> named_types() const { return named_; }
  // The named type with fullname `full_name`, or nullptr.
  const Node* FindNamedType(std::string_view full_name) const;
  size_t node_count() const { return nodes_.size(); }

 private:
  friend class SchemaBuilder;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<const Node*> named_;
  StringMap<const Node*> by_full_name_;
  const Node* root_ = nullptr;
};

// Assembles a Schema. Nodes are allocated first and filled in afterwards, so that a record can be
// registered under its name before its fields (which may refer to it) are parsed.
class SchemaBuilder {
 public:
  // A new node owned by the schema under construction.
  Node* NewNode(Kind kind);
  // Mutable access to a node of this builder until Build().
  static NodeData& Edit(Node* node) { return node->data_; }
  // Makes `node` findable by its full_name (which must already be set). Returns false, and
  // changes nothing, when the name is already defined.
  bool DefineName(const Node* node);
  // The named type with fullname `full_name` defined so far, or nullptr.
  const Node* FindNamedType(std::string_view full_name) const;
  // Builds the lookup tables and hands the nodes over; `root` must be one of them.
  Schema Build(const Node* root) &&;

 private:
  Schema schema_;
};

}  // namespace causeway::avro
