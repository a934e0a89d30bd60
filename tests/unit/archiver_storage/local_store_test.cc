// LocalStore on a real temp folder: what the ObjectStore contract promises, as the archiver's
// upload and orphan collection will rely on it.
#include "archiver/storage/local_store.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "temp_local_store.h"

namespace causeway::archiver {
namespace {

using LocalStoreTest = TempLocalStoreTest;

TEST_F(LocalStoreTest, PutGetHeadDeleteAndIfNoneMatch) {
  const std::string key = "eu/mfp/Person/dt=2026-01-01/hr=05/a+b.avro";
  ASSERT_TRUE(store_->Put(key, "first", {}).ok());
  EXPECT_EQ(*store_->Get(key, 100), "first");
  EXPECT_EQ(store_->Head(key)->size, 5);
  EXPECT_EQ(store_->Get(key, 4).status().code(), absl::StatusCode::kResourceExhausted);

  auto conflict = store_->Put(key, "second", {.if_none_match = true});
  EXPECT_EQ(conflict.code(), absl::StatusCode::kAlreadyExists) << conflict;
  EXPECT_EQ(*store_->Get(key, 100), "first");  // untouched
  ASSERT_TRUE(store_->Put(key, "third", {}).ok());  // overwrite allowed without the option
  EXPECT_EQ(*store_->Get(key, 100), "third");
  ASSERT_TRUE(store_->Put("eu/new", "x", {.if_none_match = true}).ok());

  ASSERT_TRUE(store_->Delete(key).ok());
  EXPECT_EQ(store_->Head(key).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Get(key, 100).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(store_->Delete(key).ok());  // idempotent
  // No temp file is left behind in staging.
  for (const auto& entry : std::filesystem::directory_iterator(dir_ + "/root/.causeway-staging")) {
    EXPECT_EQ(entry.path().filename(), "uploads");
  }
}

TEST_F(LocalStoreTest, RefusesKeysThatCouldEscapeTheRoot) {
  for (const char* key : {"", "/abs", "a/../b", "a//b", "a/", ".causeway-staging/x", "a\nb"}) {
    SCOPED_TRACE(key);
    EXPECT_EQ(store_->Put(key, "x", {}).code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(LocalStore::Open("relative").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(LocalStoreTest, ListsByPrefixInKeyOrderWithContinuation) {
  for (int i = 0; i < 25; ++i) {
    ASSERT_TRUE(store_->Put("z/h/" + std::to_string(100 + i), "x", {}).ok());
  }
  ASSERT_TRUE(store_->Put("z/other", "x", {}).ok());
  ASSERT_TRUE(store_->Put("y/h/1", "x", {}).ok());
  std::vector<std::string> keys;
  std::string next;
  int pages = 0;
  do {
    auto page = store_->List("z/h/", next, 10);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const auto& o : page->objects) keys.push_back(o.key);
    next = page->next;
    ++pages;
  } while (!next.empty());
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(keys.size(), 25u);
  EXPECT_EQ(keys.front(), "z/h/100");
  EXPECT_EQ(keys.back(), "z/h/124");
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(store_->List("z/", "", 1000)->objects.size(), 26u);  // a partial folder name too
  EXPECT_EQ(store_->List("z/o", "", 1000)->objects.size(), 1u);
  EXPECT_EQ(store_->List("", "", 1000)->objects.size(), 27u);    // staging is never listed
  EXPECT_EQ(store_->List("", "", 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(LocalStoreTest, MultipartCompletesInPartOrderAndAbortLeavesNothing) {
  const std::string key = "z/big.avro";
  auto id = store_->CreateMultipartUpload(key);
  ASSERT_TRUE(id.ok()) << id.status();
  auto e2 = store_->UploadPart(key, *id, 2, "world");
  auto e1 = store_->UploadPart(key, *id, 1, "hello ");
  ASSERT_TRUE(e1.ok() && e2.ok());
  EXPECT_EQ(store_->Head(key).status().code(), absl::StatusCode::kNotFound);  // not yet visible

  auto listed = store_->ListMultipartUploads("z/", "");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->uploads.size(), 1u);
  EXPECT_EQ(listed->uploads[0].key, key);
  EXPECT_EQ(listed->uploads[0].upload_id, *id);

  EXPECT_EQ(store_->CompleteMultipartUpload(key, *id, {{2, *e2}, {1, *e1}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CompleteMultipartUpload(key, *id, {{1, *e1}, {2, "wrong"}}).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->CompleteMultipartUpload(key, *id, {{1, *e1}, {3, *e2}}).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_->CompleteMultipartUpload(key, *id, {{1, *e1}, {2, *e2}}).ok());
  EXPECT_EQ(*store_->Get(key, 100), "hello world");
  EXPECT_TRUE(store_->ListMultipartUploads("", "")->uploads.empty());
  EXPECT_EQ(store_->UploadPart(key, *id, 3, "x").status().code(), absl::StatusCode::kNotFound);

  auto orphan = store_->CreateMultipartUpload("z/orphan");
  ASSERT_TRUE(orphan.ok());
  ASSERT_TRUE(store_->UploadPart("z/orphan", *orphan, 1, "x").ok());
  EXPECT_EQ(store_->AbortMultipartUpload("z/other-key", *orphan).code(),
            absl::StatusCode::kNotFound);
  ASSERT_TRUE(store_->AbortMultipartUpload("z/orphan", *orphan).ok());
  EXPECT_TRUE(store_->ListMultipartUploads("", "")->uploads.empty());
  EXPECT_EQ(store_->AbortMultipartUpload("z/orphan", *orphan).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->Head("z/orphan").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(LocalStoreTest, AReadOnlyRootIsPermissionDenied) {
  if (geteuid() == 0) GTEST_SKIP() << "root ignores folder permissions";
  ASSERT_EQ(chmod((dir_ + "/root/.causeway-staging").c_str(), 0555), 0);
  EXPECT_EQ(store_->Put("a", "x", {}).code(), absl::StatusCode::kPermissionDenied);
  chmod((dir_ + "/root/.causeway-staging").c_str(), 0755);
}

}  // namespace
}  // namespace causeway::archiver
