#include "archiver/core/avro_container.h"

#include <openssl/rand.h>
#include <zlib.h>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/avro/schema_parser.h"
#include "common/codec/avro_binary_writer.h"

namespace causeway::archiver {
namespace {

constexpr std::string_view kMagic("Obj\x01", 4);

// Raw deflate (no zlib wrapper: windowBits -15), the whole block in one call.
absl::Status Deflate(std::string_view in, int level, std::string* out) {
  z_stream stream{};
  if (deflateInit2(&stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return absl::InternalError("deflate: deflateInit2 failed");
  }
  out->resize(deflateBound(&stream, in.size()));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  stream.avail_in = static_cast<uInt>(in.size());
  stream.next_out = reinterpret_cast<Bytef*>(out->data());
  stream.avail_out = static_cast<uInt>(out->size());
  int rc = deflate(&stream, Z_FINISH);
  out->resize(stream.total_out);
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) return absl::InternalError(absl::StrCat("deflate: rc ", rc));
  return absl::OkStatus();
}

}  // namespace

std::string_view ContainerCodecName(ContainerCodec codec) {
  return codec == ContainerCodec::kNull ? "null" : "deflate";
}

absl::StatusOr<ContainerCodec> ParseContainerCodec(std::string_view field, std::string_view name) {
  if (name == "null") return ContainerCodec::kNull;
  if (name == "deflate") return ContainerCodec::kDeflate;
  if (name == "snappy") {
    return absl::UnimplementedError(
        absl::StrCat(std::string(field), ": snappy is not built in (no libsnappy-dev); use deflate or null"));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(std::string(field), ": unknown codec \"", std::string(name), "\" (deflate, null)"));
}

std::string RandomSyncMarker() {
  std::string marker(kSyncMarkerSize, '\0');
  // RAND_bytes fails only when OpenSSL's generator cannot be seeded, which leaves the process
  // without any safe randomness; a predictable marker could collide with data, so stop.
  if (RAND_bytes(reinterpret_cast<unsigned char*>(marker.data()), kSyncMarkerSize) != 1) {
    abort();
  }
  return marker;
}

absl::StatusOr<std::string> EncodeContainerHeader(
    std::string_view schema_json, ContainerCodec codec,
    const std::vector<std::pair<std::string, std::string>>& metadata,
    std::string_view sync_marker) {
  if (sync_marker.size() != kSyncMarkerSize) {
    return absl::InvalidArgumentError("container header: the sync marker must be 16 bytes");
  }
  if (metadata.size() > kMaxMetadataEntries) {
    return absl::InvalidArgumentError(
        absl::StrCat("container header: more than ", kMaxMetadataEntries, " metadata keys"));
  }
  if (auto schema = avro::ParseSchema(schema_json); !schema.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("container header: avro.schema: ", schema.status().message()));
  }
  absl::flat_hash_set<std::string_view> seen;
  for (const auto& [key, value] : metadata) {
    if (key.empty() || absl::StartsWith(key, "avro.")) {
      return absl::InvalidArgumentError(absl::StrCat(
          "container header: metadata key \"", key, "\" is empty or reserved (avro.*)"));
    }
    if (!seen.insert(key).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("container header: metadata key \"", key, "\" repeats"));
    }
  }
  codec::AvroBinaryWriter writer;
  writer.WriteFixed(kMagic);
  writer.WriteBlockCount(metadata.size() + 2);
  writer.WriteString("avro.schema");
  writer.WriteBytes(schema_json);
  writer.WriteString("avro.codec");
  writer.WriteBytes(ContainerCodecName(codec));
  for (const auto& [key, value] : metadata) {
    writer.WriteString(key);
    writer.WriteBytes(value);
  }
  writer.WriteBlockEnd();
  writer.WriteFixed(sync_marker);
  if (writer.size() > kMaxHeaderBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("container header: ", writer.size(), " bytes, more than ", kMaxHeaderBytes));
  }
  return std::string(writer.view());
}

absl::StatusOr<AvroContainerWriter> AvroContainerWriter::Create(ContainerOptions options,
                                                                ByteSink* sink) {
  if (options.sync_marker.size() != kSyncMarkerSize) {
    return absl::InvalidArgumentError("container writer: the sync marker must be 16 bytes");
  }
  if (options.block_bytes == 0 || options.block_records == 0 || options.max_datum_bytes == 0) {
    return absl::InvalidArgumentError("container writer: block and datum bounds must be positive");
  }
  if (options.deflate_level < 1 || options.deflate_level > 9) {
    return absl::InvalidArgumentError("container writer: deflate level must be 1..9");
  }
  if (sink == nullptr) return absl::InvalidArgumentError("container writer: no sink");
  return AvroContainerWriter(std::move(options), sink);
}

absl::Status AvroContainerWriter::Append(std::string_view datum) {
  // An empty datum is valid Avro only for a schema of null (or an empty record); the archiver
  // never sees one from a Confluent-framed event, and allowing it would let a count-only block
  // hide a framing bug.
  if (datum.empty()) return absl::InvalidArgumentError("container writer: empty datum");
  if (datum.size() > options_.max_datum_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("container writer: datum of ", datum.size(),
                                                   " bytes, more than ", options_.max_datum_bytes));
  }
  pending_.append(datum);
  ++pending_count_;
  ++records_;
  datum_bytes_ += static_cast<int64_t>(datum.size());
  if (pending_.size() >= options_.block_bytes ||
      static_cast<size_t>(pending_count_) >= options_.block_records) {
    return Flush();
  }
  return absl::OkStatus();
}

absl::Status AvroContainerWriter::Flush() {
  if (pending_count_ == 0) return absl::OkStatus();
  std::string_view data = pending_;
  if (options_.codec == ContainerCodec::kDeflate) {
    if (auto s = Deflate(pending_, options_.deflate_level, &compressed_); !s.ok()) return s;
    data = compressed_;
  }
  codec::AvroBinaryWriter prefix;
  prefix.WriteLong(pending_count_);
  prefix.WriteLong(static_cast<int64_t>(data.size()));
  pending_count_ = 0;
  absl::Status status = sink_->Write(prefix.view());
  if (status.ok()) status = sink_->Write(data);
  if (status.ok()) status = sink_->Write(options_.sync_marker);
  pending_.clear();
  if (!status.ok()) return status;
  body_bytes_ += static_cast<int64_t>(prefix.size() + data.size() + kSyncMarkerSize);
  ++blocks_;
  return absl::OkStatus();
}

}  // namespace causeway::archiver
