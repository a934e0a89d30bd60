#include "common/avro/json_value.h"

#include <charconv>
#include <cmath>

#include "absl/strings/str_format.h"

namespace causeway::avro {

JsonValue JsonValue::Bool(bool b) {
  JsonValue v;
  v.value_ = b;
  return v;
}

JsonValue JsonValue::Int(int64_t i) {
  JsonValue v;
  v.value_ = i;
  return v;
}

JsonValue JsonValue::Double(double d) {
  JsonValue v;
  v.value_ = d;
  return v;
}

JsonValue JsonValue::String(std::string s) {
  JsonValue v;
  v.value_ = std::move(s);
  return v;
}

JsonValue JsonValue::MakeArray(Array items) {
  JsonValue v;
  v.value_ = std::move(items);
  return v;
}

JsonValue JsonValue::MakeObject(Object members) {
  JsonValue v;
  v.value_ = std::move(members);
  return v;
}

double JsonValue::as_number() const {
  return type() == Type::kInt ? static_cast<double>(as_int()) : as_double();
}

const JsonValue* JsonValue::Find(std::string_view key) const {
  return type() == Type::kObject ? FindMember(as_object(), key) : nullptr;
}

const JsonValue* FindMember(const JsonValue::Object& object, std::string_view key) {
  for (const auto& [name, value] : object) {
    if (name == key) return &value;
  }
  return nullptr;
}

std::string JsonValue::ToJson() const {
  std::string out;
  AppendJson(out);
  return out;
}

void JsonValue::AppendJson(std::string& out) const {
  switch (type()) {
    case Type::kNull:
      out += "null";
      return;
    case Type::kBool:
      out += as_bool() ? "true" : "false";
      return;
    case Type::kInt:
      out += std::to_string(as_int());
      return;
    case Type::kDouble: {
      const double d = as_double();
      // JSON has no NaN or infinity; a parsed document never holds them, but a value built in
      // code might, and must still print as valid JSON.
      if (!std::isfinite(d)) {
        out += "null";
        return;
      }
      char buf[32];
      auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d);
      out.append(buf, end);
      return;
    }
    case Type::kString:
      AppendJsonString(out, as_string());
      return;
    case Type::kArray: {
      out += '[';
      bool first = true;
      for (const JsonValue& item : as_array()) {
        if (!first) out += ',';
        first = false;
        item.AppendJson(out);
      }
      out += ']';
      return;
    }
    case Type::kObject: {
      out += '{';
      bool first = true;
      for (const auto& [name, value] : as_object()) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, name);
        out += ':';
        value.AppendJson(out);
      }
      out += '}';
      return;
    }
  }
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace causeway::avro
