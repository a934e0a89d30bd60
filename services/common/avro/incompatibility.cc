#include "common/avro/incompatibility.h"

#include "absl/strings/str_cat.h"

namespace causeway::avro {

std::string_view IncompatibilityKindName(IncompatibilityKind kind) {
  switch (kind) {
    case IncompatibilityKind::kTypeMismatch:
      return "TYPE_MISMATCH";
    case IncompatibilityKind::kNameMismatch:
      return "NAME_MISMATCH";
    case IncompatibilityKind::kFixedSizeMismatch:
      return "FIXED_SIZE_MISMATCH";
    case IncompatibilityKind::kDecimalMismatch:
      return "DECIMAL_MISMATCH";
    case IncompatibilityKind::kMissingEnumSymbols:
      return "MISSING_ENUM_SYMBOLS";
    case IncompatibilityKind::kReaderFieldMissingDefault:
      return "READER_FIELD_MISSING_DEFAULT_VALUE";
    case IncompatibilityKind::kMissingUnionBranch:
      return "MISSING_UNION_BRANCH";
  }
  return "UNKNOWN";
}

std::string Incompatibility::ToString() const { return absl::StrCat(path, ": ", detail); }

}  // namespace causeway::avro
