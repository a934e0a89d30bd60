#include "archiver/storage/local_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <memory>

#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "archiver/core/sigv4.h"
#include "archiver/storage/posix_io.h"

namespace causeway::archiver {
namespace {

absl::Status FsyncPath(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return StatusFromErrno(errno, absl::StrCat("open ", path));
  int rc = fsync(fd);
  int error = errno;
  close(fd);
  return rc == 0 ? absl::OkStatus() : StatusFromErrno(error, absl::StrCat("fsync ", path));
}

std::string Parent(absl::string_view path) {
  size_t slash = path.rfind('/');
  return slash == 0 ? "/" : std::string(path.substr(0, slash));
}

// mkdir -p, fsyncing the parent of every folder it creates (the new entry is then durable).
absl::Status MakeFolders(const std::string& folder) {
  struct stat st;
  if (stat(folder.c_str(), &st) == 0) {
    return S_ISDIR(st.st_mode) ? absl::OkStatus()
                               : absl::InvalidArgumentError(absl::StrCat(folder, " is a file"));
  }
  if (auto s = MakeFolders(Parent(folder)); !s.ok()) return s;
  if (mkdir(folder.c_str(), 0755) != 0 && errno != EEXIST) {
    return StatusFromErrno(errno, absl::StrCat("mkdir ", folder));
  }
  return FsyncPath(Parent(folder));
}

absl::StatusOr<std::string> ReadAll(const std::string& path, size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return StatusFromErrno(errno, absl::StrCat("open ", path));
  std::unique_ptr<int, std::function<void(int*)>> closer(&fd, [](int* f) { close(*f); });
  struct stat st;
  if (fstat(fd, &st) != 0) return StatusFromErrno(errno, absl::StrCat("stat ", path));
  if (S_ISDIR(st.st_mode)) return absl::NotFoundError(absl::StrCat(path, " is a folder"));
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat(path, ": ", st.st_size, " bytes, more than ", max_bytes));
  }
  std::string data(static_cast<size_t>(st.st_size), '\0');
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = read(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return StatusFromErrno(errno, absl::StrCat("read ", path));
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  data.resize(done);
  return data;
}

std::string RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(bytes)) != 1) {
    abort();  // no randomness: temp names and upload ids could collide
  }
  return absl::BytesToHexString(raw);
}

bool IsUploadId(absl::string_view id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

absl::StatusOr<std::unique_ptr<LocalStore>> LocalStore::Open(absl::string_view root) {
  std::string r(absl::StripSuffix(root, "/"));
  if (r.empty() || r[0] != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("local store root \"", root, "\": must be an absolute path"));
  }
  if (auto s = MakeFolders(absl::StrCat(r, "/", kLocalStagingFolder, "/uploads")); !s.ok()) {
    return s;
  }
  return std::unique_ptr<LocalStore>(new LocalStore(std::move(r)));
}

absl::Status LocalStore::CheckKey(absl::string_view key) const {
  if (auto s = ValidateObjectKey("key", key); !s.ok()) return s;
  if (key == kLocalStagingFolder || absl::StartsWith(key, absl::StrCat(kLocalStagingFolder, "/"))) {
    return absl::InvalidArgumentError(
        absl::StrCat("key: ", kLocalStagingFolder, "/ is the local store's staging folder"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> LocalStore::WriteTemp(absl::string_view bytes) const {
  std::string path = absl::StrCat(root_, "/", kLocalStagingFolder, "/tmp-", RandomHex(16));
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return StatusFromErrno(errno, absl::StrCat("create ", path));
  absl::Status status = WriteFully(fd, bytes, absl::StrCat("write ", path));
  if (status.ok() && fsync(fd) != 0) status = StatusFromErrno(errno, absl::StrCat("fsync ", path));
  close(fd);
  if (!status.ok()) {
    unlink(path.c_str());
    return status;
  }
  return path;
}

absl::Status LocalStore::Publish(const std::string& temp, absl::string_view key,
                                 bool if_none_match) const {
  const std::string path = absl::StrCat(root_, "/", key);
  absl::Status status = MakeFolders(Parent(path));
  if (status.ok()) {
    if (if_none_match) {
      if (link(temp.c_str(), path.c_str()) != 0) {
        status = errno == EEXIST
                     ? absl::AlreadyExistsError(absl::StrCat("key \"", key, "\" exists"))
                     : StatusFromErrno(errno, absl::StrCat("link ", path));
      }
      unlink(temp.c_str());
    } else if (rename(temp.c_str(), path.c_str()) != 0) {
      status = StatusFromErrno(errno, absl::StrCat("rename to ", path));
    }
  }
  if (!status.ok()) {
    unlink(temp.c_str());
    return status;
  }
  return FsyncPath(Parent(path));
}

absl::Status LocalStore::Put(absl::string_view key, absl::string_view bytes,
                             const PutOptions& options) {
  if (auto s = CheckKey(key); !s.ok()) return s;
  auto temp = WriteTemp(bytes);
  if (!temp.ok()) return temp.status();
  return Publish(*temp, key, options.if_none_match);
}

absl::StatusOr<std::string> LocalStore::Get(absl::string_view key, size_t max_bytes) {
  if (auto s = CheckKey(key); !s.ok()) return s;
  return ReadAll(absl::StrCat(root_, "/", key), max_bytes);
}

absl::StatusOr<ObjectInfo> LocalStore::Head(absl::string_view key) {
  if (auto s = CheckKey(key); !s.ok()) return s;
  const std::string path = absl::StrCat(root_, "/", key);
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return StatusFromErrno(errno, absl::StrCat("stat ", path));
  if (!S_ISREG(st.st_mode)) return absl::NotFoundError(absl::StrCat(path, " is not a file"));
  return ObjectInfo{std::string(key), st.st_size, "",
                    absl::TimeFromTimespec(st.st_mtim)};
}

absl::Status LocalStore::Delete(absl::string_view key) {
  if (auto s = CheckKey(key); !s.ok()) return s;
  const std::string path = absl::StrCat(root_, "/", key);
  if (unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return absl::OkStatus();
    return StatusFromErrno(errno, absl::StrCat("unlink ", path));
  }
  return FsyncPath(Parent(path));
}

absl::StatusOr<ObjectPage> LocalStore::List(absl::string_view prefix,
                                            absl::string_view continuation, int max_keys) {
  if (max_keys < 1 || max_keys > kMaxListKeys) {
    return absl::InvalidArgumentError(absl::StrCat("max_keys: must be 1..", kMaxListKeys));
  }
  // Walk from the deepest folder the prefix names; compare full keys against the prefix.
  size_t slash = prefix.rfind('/');
  std::string start = slash == absl::string_view::npos
                          ? root_
                          : absl::StrCat(root_, "/", prefix.substr(0, slash));
  std::vector<ObjectInfo> found;
  // Depth-first, bounded by the tree; keys are collected then sorted (directory order is not).
  std::function<absl::Status(const std::string&, const std::string&)> walk =
      [&](const std::string& folder, const std::string& key_prefix) -> absl::Status {
    DIR* dir = opendir(folder.c_str());
    if (dir == nullptr) {
      if (errno == ENOENT || errno == ENOTDIR) return absl::OkStatus();
      return StatusFromErrno(errno, absl::StrCat("opendir ", folder));
    }
    absl::Status status;
    while (struct dirent* entry = readdir(dir)) {
      absl::string_view name = entry->d_name;
      if (name == "." || name == "..") continue;
      std::string key = key_prefix.empty() ? std::string(name) : absl::StrCat(key_prefix, "/", name);
      if (key == kLocalStagingFolder) continue;
      std::string path = absl::StrCat(folder, "/", name);
      struct stat st;
      if (lstat(path.c_str(), &st) != 0) continue;  // deleted meanwhile
      if (S_ISDIR(st.st_mode)) {
        // Only descend where keys can still match the prefix.
        std::string as_folder = key + "/";
        if (absl::StartsWith(as_folder, prefix) || absl::StartsWith(prefix, as_folder)) {
          status = walk(path, key);
          if (!status.ok()) break;
        }
      } else if (S_ISREG(st.st_mode) && absl::StartsWith(key, prefix) && key > continuation) {
        found.push_back({key, st.st_size, "", absl::TimeFromTimespec(st.st_mtim)});
      }
    }
    closedir(dir);
    return status;
  };
  std::string start_key =
      slash == absl::string_view::npos ? "" : std::string(prefix.substr(0, slash));
  if (auto s = walk(start, start_key); !s.ok()) return s;
  std::sort(found.begin(), found.end(),
            [](const ObjectInfo& a, const ObjectInfo& b) { return a.key < b.key; });
  ObjectPage page;
  if (found.size() > static_cast<size_t>(max_keys)) {
    found.resize(static_cast<size_t>(max_keys));
    page.next = found.back().key;
  }
  page.objects = std::move(found);
  return page;
}

absl::StatusOr<std::string> LocalStore::UploadFolder(absl::string_view key,
                                                     absl::string_view upload_id) const {
  if (auto s = CheckKey(key); !s.ok()) return s;
  if (!IsUploadId(upload_id)) {
    return absl::NotFoundError(absl::StrCat("no multipart upload \"", upload_id, "\""));
  }
  std::string folder = absl::StrCat(root_, "/", kLocalStagingFolder, "/uploads/", upload_id);
  auto stored = ReadAll(folder + "/key", kMaxObjectKeyBytes);
  if (!stored.ok() || *stored != key) {
    return absl::NotFoundError(
        absl::StrCat("no multipart upload \"", upload_id, "\" for key \"", key, "\""));
  }
  return folder;
}

absl::StatusOr<std::string> LocalStore::CreateMultipartUpload(absl::string_view key) {
  if (auto s = CheckKey(key); !s.ok()) return s;
  std::string id = RandomHex(16);
  std::string folder = absl::StrCat(root_, "/", kLocalStagingFolder, "/uploads/", id);
  if (mkdir(folder.c_str(), 0755) != 0) return StatusFromErrno(errno, absl::StrCat("mkdir ", folder));
  auto temp = WriteTemp(key);
  if (!temp.ok()) return temp.status();
  if (rename(temp->c_str(), (folder + "/key").c_str()) != 0) {
    return StatusFromErrno(errno, absl::StrCat("rename to ", folder, "/key"));
  }
  if (auto s = FsyncPath(folder); !s.ok()) return s;
  if (auto s = FsyncPath(Parent(folder)); !s.ok()) return s;
  return id;
}

absl::StatusOr<std::string> LocalStore::UploadPart(absl::string_view key,
                                                   absl::string_view upload_id, int part_number,
                                                   absl::string_view bytes) {
  if (part_number < 1 || part_number > kMaxPartNumber) {
    return absl::InvalidArgumentError(
        absl::StrCat("part_number: must be 1..", kMaxPartNumber));
  }
  auto folder = UploadFolder(key, upload_id);
  if (!folder.ok()) return folder.status();
  auto temp = WriteTemp(bytes);
  if (!temp.ok()) return temp.status();
  std::string part = absl::StrFormat("%s/part-%05d", *folder, part_number);
  if (rename(temp->c_str(), part.c_str()) != 0) {
    unlink(temp->c_str());
    return StatusFromErrno(errno, absl::StrCat("rename to ", part));
  }
  if (auto s = FsyncPath(*folder); !s.ok()) return s;
  return Sha256Hex(bytes);
}

absl::Status LocalStore::CompleteMultipartUpload(absl::string_view key,
                                                 absl::string_view upload_id,
                                                 const std::vector<CompletedPart>& parts) {
  auto folder = UploadFolder(key, upload_id);
  if (!folder.ok()) return folder.status();
  if (parts.empty()) return absl::InvalidArgumentError("parts: empty");
  std::string temp = absl::StrCat(root_, "/", kLocalStagingFolder, "/tmp-", RandomHex(16));
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return StatusFromErrno(errno, absl::StrCat("create ", temp));
  absl::Status status;
  int previous = 0;
  for (const CompletedPart& part : parts) {
    if (part.part_number <= previous) {
      status = absl::InvalidArgumentError("parts: not ascending by part number");
      break;
    }
    previous = part.part_number;
    // A part is at most what one request carries (S3: 5 GiB); the archiver's parts are MiBs.
    auto bytes = ReadAll(absl::StrFormat("%s/part-%05d", *folder, part.part_number), size_t{5} << 30);
    if (!bytes.ok()) {
      status = absl::InvalidArgumentError(
          absl::StrCat("parts: part ", part.part_number, " was not uploaded"));
      break;
    }
    if (Sha256Hex(*bytes) != part.etag) {
      status = absl::InvalidArgumentError(
          absl::StrCat("parts: part ", part.part_number, " has another ETag"));
      break;
    }
    status = WriteFully(fd, *bytes, absl::StrCat("write ", temp));
    if (!status.ok()) break;
  }
  if (status.ok() && fsync(fd) != 0) status = StatusFromErrno(errno, absl::StrCat("fsync ", temp));
  close(fd);
  if (!status.ok()) {
    unlink(temp.c_str());
    return status;
  }
  if (auto s = Publish(temp, key, false); !s.ok()) return s;
  return AbortMultipartUpload(key, upload_id);  // the parts are no longer needed
}

absl::Status LocalStore::AbortMultipartUpload(absl::string_view key, absl::string_view upload_id) {
  auto folder = UploadFolder(key, upload_id);
  if (!folder.ok()) return folder.status();
  DIR* dir = opendir(folder->c_str());
  if (dir == nullptr) return StatusFromErrno(errno, absl::StrCat("opendir ", *folder));
  std::vector<std::string> names;
  while (struct dirent* entry = readdir(dir)) {
    absl::string_view name = entry->d_name;
    if (name != "." && name != ".." && name != "key") names.emplace_back(name);
  }
  closedir(dir);
  for (const std::string& name : names) unlink(absl::StrCat(*folder, "/", name).c_str());
  // The key file last: an upload interrupted here is still listed, so it is collected again.
  unlink(absl::StrCat(*folder, "/key").c_str());
  if (rmdir(folder->c_str()) != 0) return StatusFromErrno(errno, absl::StrCat("rmdir ", *folder));
  return FsyncPath(Parent(*folder));
}

absl::StatusOr<MultipartPage> LocalStore::ListMultipartUploads(absl::string_view prefix,
                                                               absl::string_view continuation) {
  std::string uploads = absl::StrCat(root_, "/", kLocalStagingFolder, "/uploads");
  DIR* dir = opendir(uploads.c_str());
  if (dir == nullptr) return StatusFromErrno(errno, absl::StrCat("opendir ", uploads));
  std::vector<MultipartUpload> found;
  while (struct dirent* entry = readdir(dir)) {
    absl::string_view id = entry->d_name;
    if (!IsUploadId(id)) continue;
    std::string folder = absl::StrCat(uploads, "/", id);
    auto key = ReadAll(folder + "/key", kMaxObjectKeyBytes);
    struct stat st;
    if (!key.ok() || stat(folder.c_str(), &st) != 0) continue;  // being created or aborted
    if (!absl::StartsWith(*key, prefix)) continue;
    found.push_back({*key, std::string(id), absl::TimeFromTimespec(st.st_ctim)});
  }
  closedir(dir);
  // Ordered by key, then upload id, as S3 orders them; the continuation is "key\nupload id".
  std::sort(found.begin(), found.end(), [](const MultipartUpload& a, const MultipartUpload& b) {
    return std::tie(a.key, a.upload_id) < std::tie(b.key, b.upload_id);
  });
  MultipartPage page;
  for (MultipartUpload& upload : found) {
    if (!continuation.empty() && absl::StrCat(upload.key, "\n", upload.upload_id) <= continuation) {
      continue;
    }
    if (page.uploads.size() == static_cast<size_t>(kMaxListKeys)) {
      page.next = absl::StrCat(page.uploads.back().key, "\n", page.uploads.back().upload_id);
      break;
    }
    page.uploads.push_back(std::move(upload));
  }
  return page;
}

}  // namespace causeway::archiver
