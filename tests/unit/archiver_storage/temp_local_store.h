#pragma once
// A LocalStore on a fresh temp folder, removed after each test (the storage unit tests' fixture).
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "archiver/storage/local_store.h"

namespace causeway::archiver {

class TempLocalStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/archiver-storage-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    auto store = LocalStore::Open(dir_ + "/root");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;  // holds root/ (the store) and whatever the test adds beside it
  std::unique_ptr<LocalStore> store_;
};

}  // namespace causeway::archiver
