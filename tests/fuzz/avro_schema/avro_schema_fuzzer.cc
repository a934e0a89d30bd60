// libFuzzer target for the Avro schema parser. Any input must come back as a schema or as
// INVALID_ARGUMENT with at least one located fault, never as a crash, a hang or undefined
// behaviour; and whatever parses must canonicalise, fingerprint, be compatible with itself, and be
// measured against the registry's bounds (OK or INVALID_ARGUMENT) in linear time.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/avro/canonical_form.h"
#include "common/avro/compatibility.h"
#include "common/avro/compatibility_policy.h"
#include "common/avro/fingerprint.h"
#include "common/avro/schema_bounds.h"
#include "common/avro/schema_parser.h"

namespace {

using namespace causeway::avro;

// A broken invariant is a crash for libFuzzer, which keeps the input that caused it.
void Require(bool condition) {
  if (!condition) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  SchemaParseResult result = ParseSchemaCollectingErrors(json);
  if (!result.schema.has_value()) {
    Require(!result.errors.empty());
    for (const SchemaError& e : result.errors) Require(!e.path.empty() && e.path[0] == '$');
    return 0;
  }
  const Schema& schema = *result.schema;
  const std::string canonical = CanonicalForm(schema);
  Require(!canonical.empty());
  Require(SchemaId(schema).size() == 32);
  (void)Crc64Avro(canonical);
  Require(CheckReaderWriter(schema, schema).empty());
  const Schema* existing[] = {&schema};
  Require(CheckCompatibility(schema, existing, CompatibilityMode::kFullTransitive).empty());
  const absl::Status bounds = CheckSchemaBounds(schema);
  Require(bounds.ok() || bounds.code() == absl::StatusCode::kInvalidArgument);
  return 0;
}
