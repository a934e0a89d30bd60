// S3Store against a real S3 API (moto_server, authenticating SigV4 and IAM as AWS does), and the
// archive's Avro files read back by fastavro after a round trip through S3.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "archiver/core/avro_container.h"
#include "archiver/core/envelope.h"
#include "archiver/core/sigv4.h"
#include "archiver/storage/file_upload.h"
#include "archiver/storage/s3_store.h"
#include "archiver/storage/spool_file.h"
#include "common/codec/avro_binary_writer.h"
#include "support/moto_server.h"
#include "support/subprocess.h"

#ifndef CAUSEWAY_ARCHIVER_VENV
#error "CAUSEWAY_ARCHIVER_VENV (the venv that setup_venv.sh builds) must be defined"
#endif

namespace causeway::archiver {
namespace {

using ::causeway::testing::MotoServer;

constexpr char kBucket[] = "causeway-archive-test";

class ArchiverS3Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto server = MotoServer::Start(CAUSEWAY_ARCHIVER_VENV, /*authenticate=*/true);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    auto store = S3Store::Create(Config(server_->secret_access_key()));
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    ASSERT_TRUE(store_->CreateBucket().ok()) << store_->CreateBucket();
  }

  static S3Config Config(const std::string& secret) {
    S3Config config;
    config.endpoint = server_->endpoint();
    config.region = "us-east-1";
    config.bucket = kBucket;
    config.addressing = S3Addressing::kPath;
    config.credentials = {server_->access_key_id(), secret, ""};
    config.request_timeout = absl::Seconds(30);
    return config;
  }

  static MotoServer* server_;
  std::unique_ptr<S3Store> store_;
};

MotoServer* ArchiverS3Test::server_ = nullptr;

TEST_F(ArchiverS3Test, PutHeadGetDeleteAndIfNoneMatch) {
  const std::string key = "eu/mfp/Person/dt=2026-01-01/hr=05/main+mfp.person+0+a b+s1.avro";
  ASSERT_TRUE(store_->Put(key, "first", {.if_none_match = true}).ok());
  auto head = store_->Head(key);
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->size, 5);
  EXPECT_FALSE(head->etag.empty());
  EXPECT_EQ(*store_->Get(key, 100), "first");
  EXPECT_EQ(store_->Get(key, 3).status().code(), absl::StatusCode::kResourceExhausted);

  absl::Status conflict = store_->Put(key, "second", {.if_none_match = true});
  EXPECT_EQ(conflict.code(), absl::StatusCode::kAlreadyExists) << conflict;
  EXPECT_EQ(*store_->Get(key, 100), "first");

  ASSERT_TRUE(store_->Delete(key).ok());
  EXPECT_EQ(store_->Head(key).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Get(key, 100).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->Delete(key).ok());  // idempotent
}

TEST_F(ArchiverS3Test, MultipartUploadOfTwoFiveMiBPartsAndATail) {
  const std::string key = "eu/big/file.avro";
  auto id = store_->CreateMultipartUpload(key);
  ASSERT_TRUE(id.ok()) << id.status();
  std::string part1(kMinPartBytes, 'a'), part2(kMinPartBytes, 'b'), part3 = "tail";
  part1[12345] = 'x';
  auto e1 = store_->UploadPart(key, *id, 1, part1);
  auto e2 = store_->UploadPart(key, *id, 2, part2);
  auto e3 = store_->UploadPart(key, *id, 3, part3);
  ASSERT_TRUE(e1.ok() && e2.ok() && e3.ok()) << e1.status() << e2.status() << e3.status();
  EXPECT_EQ(store_->Head(key).status().code(), absl::StatusCode::kNotFound);  // not yet
  ASSERT_TRUE(store_->CompleteMultipartUpload(key, *id, {{1, *e1}, {2, *e2}, {3, *e3}}).ok());
  auto head = store_->Head(key);
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->size, static_cast<int64_t>(2 * kMinPartBytes + 4));
  auto data = store_->Get(key, 16 << 20);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_TRUE(*data == part1 + part2 + part3);
  // Larger than the bound: the transfer is cut, not buffered whole.
  EXPECT_EQ(store_->Get(key, 1 << 20).status().code(), absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(store_->Delete(key).ok());
}

// UploadArchiveFile to S3: header + an 11 MiB spool in 5 MiB parts, S3's minimum.
TEST_F(ArchiverS3Test, AnArchiveFileUploadsInMinimumSizeParts) {
  char dir[] = "/tmp/archiver-s3-spool-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/body";
  std::string body(11 << 20, '\0');
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>(i * 7919 % 251);
  {
    auto spool = SpoolFile::Create(path);
    ASSERT_TRUE(spool.ok());
    ASSERT_TRUE((*spool)->Write(body).ok());
  }
  auto uploaded = UploadArchiveFile(*store_, "eu/spooled.avro", "Obj\x01header", path,
                                    {.part_bytes = kMinPartBytes});
  std::remove(path.c_str());
  rmdir(dir);
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  EXPECT_EQ(uploaded->parts, 3);
  const std::string whole = "Obj\x01header" + body;
  EXPECT_EQ(uploaded->bytes, static_cast<int64_t>(whole.size()));
  EXPECT_EQ(uploaded->sha256, Sha256Hex(whole));
  auto data = store_->Get("eu/spooled.avro", 16 << 20);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_TRUE(*data == whole);
  EXPECT_TRUE(store_->ListMultipartUploads("eu/", "")->uploads.empty());
}

TEST_F(ArchiverS3Test, AbortedAndPendingUploadsAreListedForOrphanCollection) {
  auto kept = store_->CreateMultipartUpload("orphans/a.avro");
  auto aborted = store_->CreateMultipartUpload("orphans/b.avro");
  ASSERT_TRUE(kept.ok() && aborted.ok());
  ASSERT_TRUE(store_->UploadPart("orphans/b.avro", *aborted, 1, "x").ok());
  auto listed = store_->ListMultipartUploads("orphans/", "");
  ASSERT_TRUE(listed.ok()) << listed.status();
  std::set<std::string> ids;
  for (const auto& u : listed->uploads) ids.insert(u.key + " " + u.upload_id);
  EXPECT_TRUE(ids.count("orphans/a.avro " + *kept));
  EXPECT_TRUE(ids.count("orphans/b.avro " + *aborted));
  EXPECT_TRUE(listed->next.empty());

  ASSERT_TRUE(store_->AbortMultipartUpload("orphans/b.avro", *aborted).ok());
  ASSERT_TRUE(store_->AbortMultipartUpload("orphans/a.avro", *kept).ok());
  listed = store_->ListMultipartUploads("orphans/", "");
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->uploads.empty());
  // S3 answers 404 NoSuchUpload (NOT_FOUND, s3_errors_test); moto 5.2.5 answers 500. Either
  // way the part is refused.
  EXPECT_FALSE(store_->UploadPart("orphans/b.avro", *aborted, 2, "y").ok());
}

TEST_F(ArchiverS3Test, ListsWithContinuation) {
  std::set<std::string> want;
  for (int i = 0; i < 7; ++i) {
    std::string key = "list/hr=0" + std::to_string(i) + "/f&<" + std::to_string(i) + ".avro";
    ASSERT_TRUE(store_->Put(key, std::string(i + 1, 'z'), {}).ok());
    want.insert(key);
  }
  ASSERT_TRUE(store_->Put("listing-elsewhere", "x", {}).ok());
  std::vector<std::string> keys;
  std::string next;
  int pages = 0;
  do {
    auto page = store_->List("list/", next, 3);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& o : page->objects) {
      keys.push_back(o.key);
      EXPECT_EQ(o.size, o.key[9] - '0' + 1) << o.key;
    }
    next = page->next;
    ++pages;
  } while (!next.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()), want);  // XML escapes decoded
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
}

TEST_F(ArchiverS3Test, AWrongSecretIsPermissionDenied) {
  auto wrong = S3Store::Create(Config("not-the-secret"));
  ASSERT_TRUE(wrong.ok());
  absl::Status put = (*wrong)->Put("denied", "x", {});
  EXPECT_EQ(put.code(), absl::StatusCode::kPermissionDenied) << put;
  EXPECT_EQ((*wrong)->List("", "", 10).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(store_->Head("denied").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ArchiverS3Test, CredentialsComeFromSecretReferences) {
  setenv("CAUSEWAY_TEST_S3_SECRET", server_->secret_access_key().c_str(), 1);
  auto credentials =
      ResolveS3Credentials(server_->access_key_id(), "${env:CAUSEWAY_TEST_S3_SECRET}", "");
  ASSERT_TRUE(credentials.ok()) << credentials.status();
  S3Config config = Config("");
  config.credentials = *credentials;
  auto store = S3Store::Create(config);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->Put("from-reference", "x", {}).ok());
  EXPECT_EQ(ResolveS3Credentials("id", "a-literal-secret", "").status().code(),
            absl::StatusCode::kInvalidArgument);  // a literal would sit in a manifest
}

// Virtual-host addressing: the bucket in the Host header ({bucket}.s3.test), which moto reads as
// AWS does; the connection goes to moto's loopback port through connect_to.
TEST_F(ArchiverS3Test, VirtualHostAddressingReachesTheSameBucket) {
  S3Config config = Config(server_->secret_access_key());
  config.addressing = S3Addressing::kVirtualHost;
  config.endpoint = "http://s3.test:" + std::to_string(server_->port());
  config.connect_to = "127.0.0.1:" + std::to_string(server_->port());
  auto store = S3Store::Create(config);
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE((*store)->Put("virtual/a b.txt", "hosted", {}).ok());
  EXPECT_EQ(*store_->Get("virtual/a b.txt", 100), "hosted");  // seen path-style too
  auto page = (*store)->List("virtual/", "", 10);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->objects.size(), 1u);
  EXPECT_EQ(page->objects[0].key, "virtual/a b.txt");
  config.bucket = "Not_DNS_Safe";
  EXPECT_EQ(S3Store::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
  config.bucket = kBucket;
  config.endpoint = server_->endpoint();  // an IP address cannot take the bucket as a label
  EXPECT_EQ(S3Store::Create(config).status().code(), absl::StatusCode::kInvalidArgument);
}

// A server that accepts the connection and never answers: the request timeout ends it, UNAVAILABLE.
TEST_F(ArchiverS3Test, ASilentServerTimesOutAsUnavailable) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(fd, 4), 0);  // the kernel completes handshakes; nobody reads or answers
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  S3Config config = Config("x");
  config.endpoint = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  config.request_timeout = absl::Milliseconds(500);
  auto store = S3Store::Create(config);
  ASSERT_TRUE(store.ok());
  const absl::Time start = absl::Now();
  absl::Status status = (*store)->Put("k", "x", {});
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  close(fd);
}

TEST_F(ArchiverS3Test, AnUnreachableEndpointIsUnavailable) {
  S3Config config = Config("x");
  config.endpoint = "http://127.0.0.1:" + std::to_string(testing::FreeLoopbackPort());
  config.connect_timeout = absl::Seconds(2);
  auto store = S3Store::Create(config);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Put("k", "x", {}).code(), absl::StatusCode::kUnavailable);
}

// fastavro's JSON rendering (read_avro.py) of a file's bytes.
std::string ReadWithFastavro(const std::string& bytes) {
  char path[] = "/tmp/archiver-fastavro-XXXXXX";
  int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  close(fd);
  std::ofstream(path, std::ios::binary) << bytes;
  std::string out, err;
  int rc = testing::RunProcess({std::string(CAUSEWAY_ARCHIVER_VENV) + "/bin/python",
                                std::string(CAUSEWAY_ARCHIVER_DIR) + "/read_avro.py", path},
                               &out, &err);
  std::remove(path);
  EXPECT_EQ(rc, 0) << err;
  return out;
}

// A whole container file (header first) of `datums`; `blocks` receives the writer's block count.
std::string ContainerFile(const std::string& schema, ContainerOptions options,
                          const std::vector<std::pair<std::string, std::string>>& metadata,
                          const std::vector<std::string>& datums, int64_t* blocks) {
  options.sync_marker = RandomSyncMarker();
  StringSink body;
  auto writer = AvroContainerWriter::Create(options, &body);
  EXPECT_TRUE(writer.ok()) << writer.status();
  if (!writer.ok()) return "";
  for (const std::string& datum : datums) EXPECT_TRUE(writer->Append(datum).ok());
  EXPECT_TRUE(writer->Flush().ok());
  *blocks = writer->blocks();
  auto header = EncodeContainerHeader(schema, options.codec, metadata, options.sync_marker);
  EXPECT_TRUE(header.ok()) << header.status();
  return header.ok() ? *header + body.data() : "";
}

// A raw file (the bare event schema, codec null) through S3, decoded by fastavro.
TEST_F(ArchiverS3Test, ARawArchiveFileThroughS3ReadsBackWithFastavro) {
  constexpr char kSchema[] =
      R"({"type":"record","name":"Ping","fields":[{"name":"n","type":"long"}]})";
  ContainerOptions options;
  options.codec = ContainerCodec::kNull;
  options.block_records = 4;
  std::vector<std::string> datums;
  for (int i = 0; i < 10; ++i) {
    codec::AvroBinaryWriter event;
    event.WriteLong(int64_t{1} << (3 * i));
    datums.emplace_back(event.view());
  }
  int64_t blocks = 0;
  std::string file = ContainerFile(kSchema, options, {{"causeway.mode", "raw"}}, datums, &blocks);
  EXPECT_EQ(blocks, 3);  // 4 + 4 + 2
  ASSERT_TRUE(store_->Put("files/raw.avro", file, {}).ok());
  std::string out = ReadWithFastavro(*store_->Get("files/raw.avro", 1 << 20));
  EXPECT_NE(out.find(R"("codec": "null")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("causeway.mode": "raw")"), std::string::npos) << out;
  std::string want = "\"records\": [";
  for (int i = 0; i < 10; ++i) {
    want += (i ? ", " : "") + std::string("{\"n\": ") + std::to_string(int64_t{1} << (3 * i)) + "}";
  }
  EXPECT_NE(out.find(want + "]"), std::string::npos) << out;
}

// An envelope file (deflate) uploaded to S3, downloaded, and decoded by fastavro.
TEST_F(ArchiverS3Test, AnArchiveFileThroughS3ReadsBackWithFastavro) {
  constexpr char kSchema[] =
      R"({"type":"record","name":"Person","namespace":"mfp","fields":[)"
      R"({"name":"name","type":"string"},{"name":"age","type":"int"}]})";
  auto schema = EnvelopeSchema(kSchema);
  ASSERT_TRUE(schema.ok()) << schema.status();
  ContainerOptions options;
  options.block_bytes = 64;
  std::vector<std::string> datums;
  for (int i = 0; i < 20; ++i) {
    codec::AvroBinaryWriter event;
    event.WriteString("p" + std::to_string(i));
    event.WriteInt(i);
    EnvelopeRecord record;
    record.offset = 500 + i;
    record.partition = 2;
    record.cluster = "main";
    record.timestamp_ms = 1767225600000 + i;
    std::string key = "k" + std::to_string(i);
    record.key = key;
    record.headers = {{"h", std::string("v")}};
    record.schema_id = 9;
    AppendEnvelopeDatum(record, event.view(), &datums.emplace_back());
  }
  int64_t blocks = 0;
  std::string file = ContainerFile(
      *schema, options, {{"causeway.first_offset", "500"}, {"causeway.last_offset", "519"}},
      datums, &blocks);
  EXPECT_GT(blocks, 1);
  ASSERT_TRUE(store_->Put("files/a.avro", file, {.if_none_match = true}).ok());
  auto downloaded = store_->Get("files/a.avro", 1 << 20);
  ASSERT_TRUE(downloaded.ok());

  std::string out = ReadWithFastavro(*downloaded);
  EXPECT_NE(out.find(R"("codec": "deflate")"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("causeway.last_offset": "519")"), std::string::npos) << out;
  // Record 7: every envelope field and the nested event, as fastavro decodes them (bytes as hex).
  EXPECT_NE(out.find(R"({"cluster": "main", "event": {"age": 7, "name": "p7"}, )"
                     R"("headers": [{"key": "68", "value": "76"}], "key": "6b37", "offset": 507, )"
                     R"("partition": 2, "schema_id": 9, "timestamp_ms": 1767225600007})"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("offset": 519)"), std::string::npos);
}

}  // namespace
}  // namespace causeway::archiver
