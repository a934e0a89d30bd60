#pragma once
// Unchecked access to simdjson DOM elements whose type the caller has already checked. By value:
// value_unsafe() returns a reference into the temporary simdjson_result, which a range-for over it
// would outlive.
#include <cstdint>
#include <string_view>

#include "simdjson.h"

namespace causeway::codec::dom {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::key_value_pair;
using simdjson::dom::object;

inline array AsArray(element e) { return e.get_array().value_unsafe(); }
inline object AsObject(element e) { return e.get_object().value_unsafe(); }
inline std::string_view AsString(element e) { return e.get_string().value_unsafe(); }
inline int64_t AsInt64(element e) { return e.get_int64().value_unsafe(); }
inline uint64_t AsUint64(element e) { return e.get_uint64().value_unsafe(); }
inline double AsDouble(element e) { return e.get_double().value_unsafe(); }
inline bool AsBool(element e) { return e.get_bool().value_unsafe(); }

// Items of an array or members of an object. simdjson stores counts up to 0xFFFFFF and
// saturates there; past that, count by walking.
template <typename Container>  // array or object
size_t Count(Container container) {
  size_t n = container.size();
  if (n < 0xFFFFFF) return n;
  n = 0;
  for ([[maybe_unused]] auto item : container) ++n;
  return n;
}

}  // namespace causeway::codec::dom
