// UploadArchiveFile and SpoolFile over LocalStore: one Put or a multipart upload, the bytes and
// SHA-256 the manifest will record, and no upload left behind on failure.
#include "archiver/storage/file_upload.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "archiver/core/sigv4.h"
#include "archiver/storage/local_store.h"
#include "archiver/storage/spool_file.h"
#include "support/forwarding_store.h"
#include "temp_local_store.h"

namespace causeway::archiver {
namespace {

class FileUploadTest : public TempLocalStoreTest {
 protected:
  // A spool holding `body`; returns its path.
  std::string Spool(const std::string& body) {
    auto spool = SpoolFile::Create(dir_ + "/spool-" + std::to_string(spools_++));
    EXPECT_TRUE(spool.ok()) << spool.status();
    EXPECT_TRUE((*spool)->Write(body).ok());
    EXPECT_TRUE((*spool)->Sync().ok());
    EXPECT_EQ((*spool)->size(), static_cast<int64_t>(body.size()));
    return (*spool)->path();
  }

  int spools_ = 0;
};

TEST_F(FileUploadTest, ASmallFileIsOnePutWithIfNoneMatch) {
  std::string path = Spool("body-bytes");
  auto uploaded = UploadArchiveFile(*store_, "a/f.avro", "HDR", path, {.part_bytes = 100});
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  EXPECT_EQ(uploaded->parts, 0);
  EXPECT_EQ(uploaded->bytes, 13);
  EXPECT_EQ(uploaded->sha256, Sha256Hex("HDRbody-bytes"));
  EXPECT_EQ(*store_->Get("a/f.avro", 100), "HDRbody-bytes");
  EXPECT_EQ(UploadArchiveFile(*store_, "a/f.avro", "HDR", path, {.part_bytes = 100})
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(FileUploadTest, ALargeFileIsAMultipartUploadOfBoundedParts) {
  std::string body;
  for (int i = 0; i < 1000; ++i) body += std::to_string(i) + ",";
  std::string path = Spool(body);
  auto uploaded = UploadArchiveFile(*store_, "a/big.avro", "HEADER", path, {.part_bytes = 1000});
  ASSERT_TRUE(uploaded.ok()) << uploaded.status();
  const size_t total = 6 + body.size();
  EXPECT_EQ(uploaded->parts, static_cast<int>((total + 999) / 1000));
  EXPECT_EQ(uploaded->bytes, static_cast<int64_t>(total));
  EXPECT_EQ(uploaded->sha256, Sha256Hex("HEADER" + body));
  EXPECT_EQ(*store_->Get("a/big.avro", 1 << 20), "HEADER" + body);
  EXPECT_TRUE(store_->ListMultipartUploads("", "")->uploads.empty());
}

// LocalStore, except that one part upload fails as an S3 500 would (a fake of the seam's one
// call; everything else is the real store).
class FailingPartStore : public causeway::testing::ForwardingStore {
 public:
  FailingPartStore(ObjectStore* real, int failing_part)
      : ForwardingStore(real), failing_part_(failing_part) {}
  absl::StatusOr<std::string> UploadPart(absl::string_view k, absl::string_view id, int n,
                                         absl::string_view b) override {
    if (n == failing_part_) return absl::UnavailableError("S3 PUT: HTTP 500 InternalError");
    return ForwardingStore::UploadPart(k, id, n, b);
  }

 private:
  int failing_part_;
};

TEST_F(FileUploadTest, AFailedPartAbortsTheUploadAndReturnsTheStoresCode) {
  std::string path = Spool(std::string(5000, 'x'));
  FailingPartStore failing(store_.get(), 3);
  auto uploaded = UploadArchiveFile(failing, "a/f.avro", "H", path, {.part_bytes = 1000});
  EXPECT_EQ(uploaded.status().code(), absl::StatusCode::kUnavailable);  // retryable, as given
  EXPECT_TRUE(store_->ListMultipartUploads("", "")->uploads.empty());  // aborted
  EXPECT_EQ(store_->Head("a/f.avro").status().code(), absl::StatusCode::kNotFound);
  // Retried on a store that works: the whole file, once.
  auto retried = UploadArchiveFile(*store_, "a/f.avro", "H", path, {.part_bytes = 1000});
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->parts, 6);
  EXPECT_EQ(*store_->Get("a/f.avro", 1 << 20), "H" + std::string(5000, 'x'));
}

TEST_F(FileUploadTest, RefusesBadArguments) {
  std::string path = Spool("x");
  EXPECT_EQ(UploadArchiveFile(*store_, "../escape", "H", path, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(UploadArchiveFile(*store_, "k", "H", dir_ + "/absent", {}).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(UploadArchiveFile(*store_, "k", "H", path, {.part_bytes = 0}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(FileUploadTest, SpoolFilesAreExclusiveAndRemovable) {
  std::string path = Spool("x");
  EXPECT_EQ(SpoolFile::Create(path).status().code(), absl::StatusCode::kAlreadyExists);
  auto spool = SpoolFile::Create(dir_ + "/removable");
  ASSERT_TRUE(spool.ok());
  ASSERT_TRUE((*spool)->Remove().ok());
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/removable"));
  EXPECT_EQ((*spool)->Write("late").code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace causeway::archiver
