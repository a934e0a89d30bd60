#pragma once
// The incompatibility model: one reason a reader schema cannot read what a writer schema wrote.
// Kept apart from the checker so that the policy, the registry API and the CLI can report and
// test reasons without depending on how they are found.
#include <string>
#include <string_view>

namespace causeway::avro {

// Which rule of Avro's schema resolution is broken.
enum class IncompatibilityKind {
  // The two types cannot match: different kinds and no promotion (int -> string, say).
  kTypeMismatch,
  // Two records, enums or fixed whose names match neither by name nor by a reader alias.
  kNameMismatch,
  // Two fixed of different sizes.
  kFixedSizeMismatch,
  // Two decimals whose precision or scale differ.
  kDecimalMismatch,
  // The writer's enum has symbols the reader lacks, and the reader's enum has no default.
  kMissingEnumSymbols,
  // A reader field the writer does not have (by name or alias) and that has no default.
  kReaderFieldMissingDefault,
  // A type the writer may write (a writer union branch, or the writer's type when only the reader
  // is a union) that no branch of the reader's union matches.
  kMissingUnionBranch,
};

// "TYPE_MISMATCH", "NAME_MISMATCH", ...: stable names for APIs, logs and tests.
std::string_view IncompatibilityKindName(IncompatibilityKind kind);

struct Incompatibility {
  IncompatibilityKind kind;
  // Where, as a path through both schemas: "$" for the roots, ".fields.<reader field name>" into
  // a record, ".items" and ".values" into arrays and maps, "[i]" to the i-th branch of the
  // writer's union ("$.fields.tags.items", "$.fields.contact[1]").
  std::string path;
  // A sentence for a human: "reader field has no default and the writer lacks it".
  std::string detail;

  // "$.fields.age: reader field has no default and the writer lacks it"
  std::string ToString() const;
  friend bool operator==(const Incompatibility&, const Incompatibility&) = default;
};

}  // namespace causeway::avro
