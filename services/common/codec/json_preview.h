#pragma once
// The offending value, as compact JSON, in a violation message: `got {"a": 1, ...`. Bounded, so
// that a payload of huge wrong values does not make huge messages.
#include <cstddef>
#include <string>

#include "common/codec/simdjson_dom.h"

namespace causeway::codec {

// `value` as compact JSON, cut after about `max_chars` characters with "...".
std::string JsonPreview(dom::element value, size_t max_chars = 60);

}  // namespace causeway::codec
