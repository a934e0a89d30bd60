#include "archiver/server/archiver_service.h"

#include "absl/strings/str_cat.h"
#include "common/auth/grpc_credentials.h"
#include "common/core/grpc_status.h"
#include "google/protobuf/util/time_util.h"

namespace causeway::archiver {
namespace {

using google::protobuf::util::TimeUtil;

google::protobuf::Timestamp ToProto(absl::Time t) {
  return TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}
absl::Time FromProto(const google::protobuf::Timestamp& t) {
  return absl::FromUnixMicros(TimeUtil::TimestampToMicroseconds(t));
}

}  // namespace

ArchiverService::ArchiverService(std::string zone, std::string uri_prefix, ArchiveLedger* ledger,
                                 ViewFn view, auth::AuthMode auth)
    : zone_(std::move(zone)), uri_prefix_(std::move(uri_prefix)), ledger_(ledger),
      view_(std::move(view)), auth_(auth) {}

grpc::Status ArchiverService::Authorize(const grpc::ServerContext& ctx,
                                        const std::string& ns) const {
  if (auth_ == auth::AuthMode::kDevelopment) return grpc::Status::OK;
  std::shared_ptr<const topology::TopologyView> view = view_();
  if (!view) return {grpc::StatusCode::UNAVAILABLE, "no topology view yet: try again"};
  const auth::PrincipalDirectory directory(view->AllPrincipals(), view->AllRoleBindings());
  auto identity = directory.Authenticate(auth::GrpcCredentials(ctx));
  if (!identity.ok()) return ToGrpcStatus(identity.status());
  const std::string& who = identity->principal;
  if (directory.Allows(who, auth::Need::Viewer(ns)) ||
      directory.Allows(who, auth::Need{{topology::v1::ROLE_ARCHIVER}, ""})) {
    return grpc::Status::OK;
  }
  return {grpc::StatusCode::PERMISSION_DENIED,
          ns.empty() ? absl::StrCat("principal \"", who, "\" needs role viewer, archiver or admin")
                     : absl::StrCat("principal \"", who, "\" needs role viewer of namespace \"",
                                    ns, "\", archiver or admin")};
}

grpc::Status ArchiverService::ListArchiveFiles(grpc::ServerContext* ctx,
                                               const v1::ListArchiveFilesRequest* req,
                                               v1::ListArchiveFilesResponse* out) {
  if (grpc::Status s = Authorize(*ctx, req->namespace_()); !s.ok()) return s;
  FileQuery q;
  q.zone = zone_;
  q.namespace_name = req->namespace_();
  q.event_type = req->event_type();
  if (req->has_since()) q.since = FromProto(req->since());
  if (req->has_until()) q.until = FromProto(req->until());
  if (q.until < q.since) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "until: before since"};
  }
  const int limit = req->limit() == 0 ? 1000 : req->limit();
  if (limit < 1 || limit > kMaxListFiles) {
    return {grpc::StatusCode::INVALID_ARGUMENT,
            absl::StrCat("limit: expected 1..", kMaxListFiles, ", got ", req->limit())};
  }
  q.limit = std::min(limit + 1, kMaxListFiles);  // one more says whether there are more
  absl::StatusOr<std::vector<ArchivedFile>> files = ledger_->ListFiles(q);
  if (!files.ok()) return ToGrpcStatus(files.status());
  out->set_zone(zone_);
  out->set_truncated(static_cast<int>(files->size()) > limit);
  for (size_t i = 0; i < files->size() && static_cast<int>(i) < limit; ++i) {
    const ArchivedFile& f = (*files)[i];
    v1::ArchiveFile* a = out->add_files();
    a->set_object_key(f.object_key);
    a->set_uri(uri_prefix_ + f.object_key);
    a->set_namespace_(f.namespace_name);
    a->set_event_type(f.event_type);
    a->set_schema_id(f.schema_id);
    a->set_cluster(f.partition.cluster);
    a->set_topic(f.partition.topic);
    a->set_partition(f.partition.partition);
    a->set_first_offset(f.first_offset);
    a->set_last_offset(f.last_offset);
    a->set_records(f.records);
    a->set_bytes(f.bytes);
    a->set_sha256(f.sha256);
    *a->mutable_hour() = ToProto(f.hour);
    *a->mutable_min_timestamp() = ToProto(f.min_timestamp);
    *a->mutable_max_timestamp() = ToProto(f.max_timestamp);
    a->set_generation(f.generation);
  }
  return grpc::Status::OK;
}

}  // namespace causeway::archiver
