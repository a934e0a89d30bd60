#pragma once
// Avro's rules for names (specification, "Names"): what a valid name and namespace look like, how
// a fullname is derived from `name`, `namespace` and the enclosing namespace, and how aliases and
// references are qualified. Kept apart from the parser because the compatibility checker and the
// JSON encoder need the same rules.
#include <string>
#include <string_view>

namespace causeway::avro {

// [A-Za-z_][A-Za-z0-9_]*: record, enum and fixed names, field names and enum symbols.
bool IsValidName(std::string_view name);

// Empty (the null namespace) or dot-separated valid names.
bool IsValidNamespace(std::string_view name_space);

// A valid name optionally preceded by a non-empty namespace and a dot.
bool IsValidFullName(std::string_view full_name);

// The part after the last dot ("a.b.C" -> "C").
std::string_view UnqualifiedName(std::string_view full_name);

// The part before the last dot, "" when there is none.
std::string_view NamespaceOf(std::string_view full_name);

// Joins a namespace and a simple name; the null namespace adds no dot.
std::string JoinFullName(std::string_view name_space, std::string_view name);

// The fullname of a name written in a schema, per the specification: a name containing a dot is
// already a fullname; otherwise it belongs to `name_space`. Used for definitions (with the explicit
// or inherited namespace), for references and for type aliases.
std::string QualifyName(std::string_view name, std::string_view name_space);


}  // namespace causeway::avro
