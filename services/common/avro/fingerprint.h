#pragma once
// Fingerprints of the Parsing Canonical Form (specification, "Schema Fingerprints").
#include <cstdint>
#include <string>
#include <string_view>

#include "common/avro/schema.h"

namespace causeway::avro {

// Causeway's schema id: the lower-case hex MD5 of the canonical form, 32 characters
// ("20afc5a8f9c017c1f4e82757a7a88f5b"). Equal for every spelling of the same schema.
std::string SchemaId(const Schema& schema);

// Lower-case hex MD5 of arbitrary bytes (the canonical form, when computing a SchemaId).
std::string Md5Hex(std::string_view data);

// The specification's 64-bit Rabin fingerprint, CRC-64-AVRO, of arbitrary bytes. Avro's Java
// implementation prints it as a signed long; this is the same 64 bits.
uint64_t Crc64Avro(std::string_view data);

// CRC-64-AVRO of the canonical form: the fingerprint Avro's single-object encoding carries.
uint64_t SchemaCrc64(const Schema& schema);

}  // namespace causeway::avro
