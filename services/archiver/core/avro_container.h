#pragma once
// Avro object container files (specification 1.11, "Object Container Files"), written from datums
// that are already Avro binary: the archiver appends each record's bytes as Kafka carried them
// (after the Confluent framing) and never decodes or re-encodes an event.
//
// A file is a header — magic "Obj\x01", a metadata map (bytes values) holding `avro.schema`,
// `avro.codec` and the archiver's own keys, and a 16-byte sync marker — then blocks: the count of
// datums, the byte size of the (compressed) data, the data, the sync marker.
//
// The header and the blocks are produced separately, so the caller may write the header first (all
// metadata known when the file opens) or last (metadata such as the last offset or the maximum
// timestamp known only when the file closes: spool the blocks, then upload header + spool). The
// sync marker is chosen when the writer is made and must be the one given to the header.
//
// Codecs: null and deflate (raw deflate, RFC 1951, as the specification says: zlib with negative
// window bits, no zlib header or checksum). Snappy is not built: Debian 12's libsnappy-dev is not
// installed in this toolchain (ParseContainerCodec says so).
//
// Bounds: a block is cut once its datums reach ContainerOptions::block_bytes (uncompressed) or
// block_records; a datum larger than max_datum_bytes is refused (INVALID_ARGUMENT), so one block
// holds less than block_bytes + max_datum_bytes of datums (the writer's memory bound).
// Metadata: at most kMaxMetadataEntries custom keys, header at most kMaxHeaderBytes.
//
// Threads: none; one writer per file, used by one thread.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include <string_view>

namespace causeway::archiver {

enum class ContainerCodec { kNull, kDeflate };

inline constexpr size_t kSyncMarkerSize = 16;
inline constexpr size_t kMaxMetadataEntries = 64;
inline constexpr size_t kMaxHeaderBytes = 4 << 20;

// "null" or "deflate" (the `avro.codec` value).
std::string_view ContainerCodecName(ContainerCodec codec);
// The codec named by a flag. INVALID_ARGUMENT for an unknown name; UNIMPLEMENTED for "snappy"
// (not built: no libsnappy-dev), naming `field`.
absl::StatusOr<ContainerCodec> ParseContainerCodec(std::string_view field, std::string_view name);

// 16 random bytes from OpenSSL's generator (a file's sync marker: it must not occur in the data by
// chance, so it is random per file).
std::string RandomSyncMarker();

// Where the blocks go: a spool file, a multipart upload's buffer, a string in tests.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual absl::Status Write(std::string_view bytes) = 0;
};

// A ByteSink into a string (tests; small files).
class StringSink : public ByteSink {
 public:
  absl::Status Write(std::string_view bytes) override {
    data_.append(bytes);
    return absl::OkStatus();
  }
  const std::string& data() const { return data_; }

 private:
  std::string data_;
};

// The header. `metadata` are the archiver's keys (zone, topic, offsets...), written after
// avro.schema and avro.codec; INVALID_ARGUMENT when a key is empty, starts with "avro." (reserved
// by the specification), repeats, there are more than kMaxMetadataEntries, the schema does not
// parse, the sync marker is not 16 bytes, or the header would exceed kMaxHeaderBytes.
absl::StatusOr<std::string> EncodeContainerHeader(
    std::string_view schema_json, ContainerCodec codec,
    const std::vector<std::pair<std::string, std::string>>& metadata,
    std::string_view sync_marker);

struct ContainerOptions {
  ContainerCodec codec = ContainerCodec::kDeflate;
  int deflate_level = 6;             // zlib's 1..9 (6 is zlib's default balance)
  size_t block_bytes = 1 << 20;      // uncompressed datum bytes that cut a block
  size_t block_records = 100000;     // datums that cut a block
  size_t max_datum_bytes = 16 << 20; // above any Kafka message.max.bytes default
  std::string sync_marker;           // kSyncMarkerSize bytes (RandomSyncMarker())
};

class AvroContainerWriter {
 public:
  // INVALID_ARGUMENT when the sync marker is not 16 bytes, a bound is zero, or the deflate level
  // is outside 1..9. `sink` must outlive the writer.
  static absl::StatusOr<AvroContainerWriter> Create(ContainerOptions options, ByteSink* sink);

  // Appends one datum (already Avro binary, of the file's schema); may write a block to the sink.
  // INVALID_ARGUMENT (nothing appended) for an empty or oversized datum; a sink error is returned
  // as the sink gave it, and the pending block is then lost (the file is to be discarded).
  absl::Status Append(std::string_view datum);
  // Writes the pending datums as a block (nothing when there are none). Call before closing.
  absl::Status Flush();

  const ContainerOptions& options() const { return options_; }
  int64_t records() const { return records_; }            // datums appended
  int64_t pending_records() const { return pending_count_; }
  int64_t datum_bytes() const { return datum_bytes_; }    // uncompressed bytes appended
  int64_t body_bytes() const { return body_bytes_; }      // bytes written to the sink so far
  int64_t blocks() const { return blocks_; }

 private:
  AvroContainerWriter(ContainerOptions options, ByteSink* sink)
      : options_(std::move(options)), sink_(sink) {}

  ContainerOptions options_;
  ByteSink* sink_;
  std::string pending_;       // concatenated datums of the block being built
  std::string compressed_;    // reused deflate output
  int64_t pending_count_ = 0;
  int64_t records_ = 0;
  int64_t datum_bytes_ = 0;
  int64_t body_bytes_ = 0;
  int64_t blocks_ = 0;
};

}  // namespace causeway::archiver
