#pragma once
// ForwardingStore: an ObjectStore that passes every call to a real one. Tests derive from it and
// override the one call they make fail (a fake of that call; everything else is the real store).
#include <string>
#include <vector>

#include "archiver/storage/object_store.h"

namespace causeway::testing {

class ForwardingStore : public archiver::ObjectStore {
 public:
  explicit ForwardingStore(archiver::ObjectStore* real) : real_(real) {}
  absl::Status Put(absl::string_view k, absl::string_view b,
                   const archiver::PutOptions& o) override {
    return real_->Put(k, b, o);
  }
  absl::StatusOr<std::string> Get(absl::string_view k, size_t m) override { return real_->Get(k, m); }
  absl::StatusOr<archiver::ObjectInfo> Head(absl::string_view k) override { return real_->Head(k); }
  absl::Status Delete(absl::string_view k) override { return real_->Delete(k); }
  absl::StatusOr<archiver::ObjectPage> List(absl::string_view p, absl::string_view c,
                                            int m) override {
    return real_->List(p, c, m);
  }
  absl::StatusOr<std::string> CreateMultipartUpload(absl::string_view k) override {
    return real_->CreateMultipartUpload(k);
  }
  absl::StatusOr<std::string> UploadPart(absl::string_view k, absl::string_view id, int n,
                                         absl::string_view b) override {
    return real_->UploadPart(k, id, n, b);
  }
  absl::Status CompleteMultipartUpload(absl::string_view k, absl::string_view id,
                                       const std::vector<archiver::CompletedPart>& p) override {
    return real_->CompleteMultipartUpload(k, id, p);
  }
  absl::Status AbortMultipartUpload(absl::string_view k, absl::string_view id) override {
    return real_->AbortMultipartUpload(k, id);
  }
  absl::StatusOr<archiver::MultipartPage> ListMultipartUploads(absl::string_view p,
                                                               absl::string_view c) override {
    return real_->ListMultipartUploads(p, c);
  }

 private:
  archiver::ObjectStore* real_;
};

}  // namespace causeway::testing
