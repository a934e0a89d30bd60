#pragma once
// ArchiverService: causeway.archiver.v1.Archiver (proto/causeway/archiver/v1/archiver.proto):
// ListArchiveFiles from the ledger. Callers are authenticated with the principal directory of the
// topology view the archiver follows (built per call: listings are rare) and need viewer of the
// namespace asked for (viewer when none), archiver or admin.
#include <functional>
#include <memory>
#include <string>

#include "archiver/ledger/archive_ledger.h"
#include "causeway/archiver/v1/archiver.grpc.pb.h"
#include "common/auth/principal_directory.h"
#include "common/topology/topology_view.h"

namespace causeway::archiver {

class ArchiverService final : public v1::Archiver::Service {
 public:
  using ViewFn = std::function<std::shared_ptr<const topology::TopologyView>()>;
  // `uri_prefix`: what precedes a key in ArchiveFile.uri ("file:///root/", "s3://bucket/").
  ArchiverService(std::string zone, std::string uri_prefix, ArchiveLedger* ledger, ViewFn view,
                  auth::AuthMode auth);

  grpc::Status ListArchiveFiles(grpc::ServerContext* ctx, const v1::ListArchiveFilesRequest* req,
                                v1::ListArchiveFilesResponse* out) override;

 private:
  grpc::Status Authorize(const grpc::ServerContext& ctx, const std::string& ns) const;

  const std::string zone_;
  const std::string uri_prefix_;
  ArchiveLedger* const ledger_;
  const ViewFn view_;
  const auth::AuthMode auth_;
};

}  // namespace causeway::archiver
