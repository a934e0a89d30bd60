#pragma once
// PgArchiveLedger: ArchiveLedger over PostgreSQL (the tables of migrations/0008_archive.sql,
// applied by causeway-topology with the rest of the schema). One transaction per call through a
// small PgPool; a lost database is UNAVAILABLE and the pool reconnects by itself.
#include <memory>
#include <string>

#include "archiver/ledger/archive_ledger.h"
#include "common/pg/pg_pool.h"

namespace causeway::archiver {

class PgArchiveLedger final : public ArchiveLedger {
 public:
  // `connections`: the pool's size (the archiver commits a partition at a time per thread).
  explicit PgArchiveLedger(std::string dsn, int connections = 2);

  absl::StatusOr<ArchiveLease> Claim(const PartitionRef& partition,
                                     int64_t start_offset) override;
  absl::StatusOr<ArchiveLease> Commit(const ArchiveLease& lease,
                                      const std::vector<ArchivedFile>& files,
                                      const std::vector<ArchiveGap>& gaps,
                                      int64_t next_offset) override;
  absl::StatusOr<std::vector<ArchivedFile>> ListFiles(const FileQuery& query) override;
  absl::StatusOr<std::vector<ArchiveGap>> ListGaps(const PartitionRef& partition) override;
  absl::StatusOr<std::set<std::string>> CommittedKeys(
      const std::vector<std::string>& keys) override;

 private:
  pg::PgPool pool_;
};

}  // namespace causeway::archiver
