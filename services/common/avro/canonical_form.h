#pragma once
// Parsing Canonical Form (specification, "Parsing Canonical Form for Schemas"): the text two
// schemas share exactly when no reader could tell their data apart. Causeway's schema id is a
// fingerprint of it (fingerprint.h), so this must match Avro's definition to the byte.
#include <string>

#include "common/avro/schema.h"

namespace causeway::avro {

// Applies the specification's transformations to a parsed schema:
//   PRIMITIVES  "int", never {"type":"int"};
//   FULLNAMES   names written as fullnames, namespace attributes dropped;
//   STRIP       only type, name, fields, symbols, items, values and size are kept (no doc,
//               aliases, defaults, order, logical types or custom properties);
//   ORDER       attributes in the order name, type, fields, symbols, items, values, size;
//   STRINGS     strings as UTF-8, never \u escapes (every kept string is an Avro name);
//   INTEGERS    sizes as plain integers;
//   WHITESPACE  none outside strings.
// A named type is written in full where the depth-first, left-to-right walk first meets it and as
// its quoted fullname everywhere after, as Avro's reference implementation does. Records written
// `"type": "error"` print as "record", as Avro's Java implementation does.
std::string CanonicalForm(const Schema& schema);
std::string CanonicalForm(const Node& root);

}  // namespace causeway::avro
