#pragma once
// A small, owning JSON value. The schema model keeps field defaults and custom properties in it,
// because the parser's JSON document does not outlive parsing and because later code (the JSON to
// Avro encoder filling in a missing field) needs the default as a value, not as text.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace causeway::avro {

class JsonValue {
 public:
  enum class Type { kNull, kBool, kInt, kDouble, kString, kArray, kObject };
  using Array = std::vector<JsonValue>;
  // Members in document order; JSON allows repeated keys and we keep them as written.
  using Object = std::vector<std::pair<std::string, JsonValue>>;

  JsonValue() = default;  // null
  static JsonValue Bool(bool b);
  // JSON integers that fit int64. Larger integers are kept as doubles (they are never a valid
  // int or long default, and the parser reports them as such).
  static JsonValue Int(int64_t i);
  static JsonValue Double(double d);
  static JsonValue String(std::string s);
  static JsonValue MakeArray(Array items);
  static JsonValue MakeObject(Object members);

  Type type() const { return static_cast<Type>(value_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_number() const { return type() == Type::kInt || type() == Type::kDouble; }

  // Accessors; each requires the matching type().
  bool as_bool() const { return std::get<bool>(value_); }
  int64_t as_int() const { return std::get<int64_t>(value_); }
  double as_double() const { return std::get<double>(value_); }
  // Either number representation as a double.
  double as_number() const;
  const std::string& as_string() const { return std::get<std::string>(value_); }
  const Array& as_array() const { return std::get<Array>(value_); }
  const Object& as_object() const { return std::get<Object>(value_); }

  // First member named `key` of an object, or nullptr (also for non-objects).
  const JsonValue* Find(std::string_view key) const;

  // Compact JSON text (no whitespace), strings escaped per RFC 8259.
  std::string ToJson() const;
  void AppendJson(std::string& out) const;

  friend bool operator==(const JsonValue&, const JsonValue&) = default;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object> value_;
};

// First member named `key` of `object`, or nullptr.
const JsonValue* FindMember(const JsonValue::Object& object, std::string_view key);

// Appends `s` as a quoted JSON string literal. Non-ASCII UTF-8 is copied as is; only the
// characters JSON requires ('"', '\\', control characters) are escaped.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace causeway::avro
