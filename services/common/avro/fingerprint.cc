#include "common/avro/fingerprint.h"

#include <openssl/evp.h>

#include <array>

#include "common/avro/canonical_form.h"

namespace causeway::avro {
namespace {

// The specification's EMPTY: fingerprints start from it rather than zero so that leading zero
// bytes still change the result; it is also the polynomial.
constexpr uint64_t kCrc64Empty = 0xc15d213aa4d7a795ULL;

constexpr std::array<uint64_t, 256> MakeCrc64Table() {
  std::array<uint64_t, 256> table{};
  for (uint64_t i = 0; i < 256; ++i) {
    uint64_t fp = i;
    for (int bit = 0; bit < 8; ++bit) fp = (fp >> 1) ^ (kCrc64Empty & (0 - (fp & 1)));
    table[i] = fp;
  }
  return table;
}

constexpr std::array<uint64_t, 256> kCrc64Table = MakeCrc64Table();

}  // namespace

std::string Md5Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // EVP_Digest cannot fail for MD5 with valid arguments short of memory exhaustion; an empty
  // digest then yields an empty string rather than a wrong id.
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_md5(), nullptr) != 1) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0xF];
  }
  return hex;
}

std::string SchemaId(const Schema& schema) { return Md5Hex(CanonicalForm(schema)); }

uint64_t Crc64Avro(std::string_view data) {
  uint64_t fp = kCrc64Empty;
  for (char c : data) {
    fp = (fp >> 8) ^ kCrc64Table[(fp ^ static_cast<unsigned char>(c)) & 0xFF];
  }
  return fp;
}

uint64_t SchemaCrc64(const Schema& schema) { return Crc64Avro(CanonicalForm(schema)); }

}  // namespace causeway::avro
