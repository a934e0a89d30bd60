#pragma once
// How a violation names what a type expects: `expected <form>, got ...`.
#include <string>

#include "common/avro/schema.h"

namespace causeway::codec {

// A short name: "int", "timestamp-millis", "decimal(10,2)", "com.acme.Address", "array", and
// for a union its branches, null last: "string or null", "int, long or null".
std::string ShortTypeName(const avro::Node& type);

// The JSON a type takes, with an example where the form is not obvious:
// `timestamp-millis ("2026-11-25T02:10:00Z" or milliseconds since the epoch)`,
// `a symbol of enum "com.acme.Color" (RED, GREEN)`. For a union, ShortTypeName.
std::string ExpectedForm(const avro::Node& type);

}  // namespace causeway::codec
