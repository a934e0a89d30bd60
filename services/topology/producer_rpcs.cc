// TopologyService's producer and grant RPCs: who may publish through causeway-gateway. The gateway
// enforces them from its Watch-fed cache; this file only validates and stores.
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/core/errors.h"
#include "common/core/grpc_status.h"
#include "common/core/names.h"
#include "common/core/producer_token.h"
#include "google/protobuf/util/time_util.h"
#include "topology/request_checks.h"
#include "topology/topology_service.h"

namespace causeway::topology {
namespace {

using google::protobuf::Message;

constexpr size_t kMaxCertificateName = 1024;
constexpr int kMaxTokensPerProducer = 20;
constexpr size_t kMaxTokenDescription = 200;

grpc::Status Err(const absl::Status& s) { return ToGrpcStatus(s); }

// A certificate name is compared byte for byte with the certificate's CN/SANs: printable ASCII,
// no spaces, so that a stray space or a pasted newline fails here rather than never matching.
absl::Status ValidateCertificateNames(const v1::Producer& p) {
  std::set<std::string> seen;
  for (int i = 0; i < p.certificate_names_size(); ++i) {
    const std::string& name = p.certificate_names(i);
    const std::string field = absl::StrCat("producer.certificate_names[", i, "]");
    if (name.empty()) return InvalidField(field, "must not be empty");
    if (name.size() > kMaxCertificateName) {
      return InvalidField(field, absl::StrCat("longer than ", kMaxCertificateName, " bytes"));
    }
    for (char c : name) {
      if (c <= ' ' || c > '~') {
        return InvalidField(field, absl::StrCat("printable ASCII without spaces expected, got \"",
                                                absl::CHexEscape(name), "\""));
      }
    }
    if (!seen.insert(name).second) {
      return InvalidField(field, absl::StrCat("\"", name, "\" is listed twice"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateGrantKey(absl::string_view prefix, const std::string& producer,
                              const std::string& ns) {
  return FirstError({ValidateResourceName(absl::StrCat(prefix, "producer"), producer),
                     ValidateResourceName(absl::StrCat(prefix, "namespace"), ns)});
}

}  // namespace

absl::Status TopologyService::CheckCertificateNamesFree(const v1::Producer& producer) const {
  auto view = hub_->view();
  if (!view) return absl::OkStatus();  // PostgreSQL is down: the write will fail anyway
  for (const v1::Producer* other : view->AllProducers()) {
    if (other->name() == producer.name()) continue;
    for (const std::string& mine : producer.certificate_names()) {
      for (const std::string& theirs : other->certificate_names()) {
        if (mine == theirs) {
          return absl::AlreadyExistsError(absl::StrCat("certificate name \"", mine,
                                                       "\" already identifies producer \"",
                                                       other->name(), "\""));
        }
      }
    }
  }
  return absl::OkStatus();
}

// --- Producers ---

grpc::Status TopologyService::CreateProducer(grpc::ServerContext* ctx,
                                             const v1::CreateProducerRequest* req,
                                             v1::Producer* out) {
  *out = req->producer();
  out->clear_tokens();  // only IssueProducerToken makes tokens
  if (absl::Status s = FirstError({ValidateResourceName("producer.name", out->name()),
                                   ValidateCertificateNames(*out), CheckCertificateNamesFree(*out)});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Create(EntityKind::kProducer, out, ActorOf(*ctx)));
}

grpc::Status TopologyService::GetProducer(grpc::ServerContext*, const v1::GetProducerRequest* req,
                                          v1::Producer* out) {
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  return Err(store_->Get(EntityKind::kProducer, {req->name()}, out));
}

grpc::Status TopologyService::ListProducers(grpc::ServerContext*, const v1::ListRequest* req,
                                            v1::ListProducersResponse* out) {
  return ListInto(EntityKind::kProducer, *req, {}, out->mutable_producers(), out);
}

grpc::Status TopologyService::UpdateProducer(grpc::ServerContext* ctx,
                                             const v1::UpdateProducerRequest* req,
                                             v1::Producer* out) {
  const v1::Producer& in = req->producer();
  if (absl::Status s = FirstError({ValidateResourceName("producer.name", in.name()),
                                   RequireVersion("producer.version", in.version()),
                                   ValidateCertificateNames(in), CheckCertificateNamesFree(in)});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Update(
      EntityKind::kProducer, {in.name()}, in.version(),
      [&](Message* m) {
        auto* p = static_cast<v1::Producer*>(m);
        p->set_description(in.description());
        p->set_owner(in.owner());
        *p->mutable_certificate_names() = in.certificate_names();
        return absl::OkStatus();
      },
      out, ActorOf(*ctx)));
}

grpc::Status TopologyService::DeleteProducer(grpc::ServerContext* ctx,
                                             const v1::DeleteProducerRequest* req,
                                             v1::DeleteResponse*) {
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  return Finish(store_->Delete(EntityKind::kProducer, {req->name()}, req->version(), ActorOf(*ctx)));
}

grpc::Status TopologyService::IssueProducerToken(grpc::ServerContext* ctx,
                                                 const v1::IssueProducerTokenRequest* req,
                                                 v1::IssueProducerTokenResponse* out) {
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  if (req->description().size() > kMaxTokenDescription) {
    return Err(InvalidField("description", absl::StrCat("longer than ", kMaxTokenDescription,
                                                        " bytes")));
  }
  const IssuedToken token = NewProducerToken();
  grpc::Status status = Finish(store_->Update(
      EntityKind::kProducer, {req->name()}, /*expected_version=*/0,
      [&](Message* m) -> absl::Status {
        auto* p = static_cast<v1::Producer*>(m);
        if (p->tokens_size() >= kMaxTokensPerProducer) {
          return absl::FailedPreconditionError(
              absl::StrCat("producer \"", p->name(), "\" already holds ", kMaxTokensPerProducer,
                           " tokens: revoke one first"));
        }
        v1::ProducerToken* t = p->add_tokens();
        t->set_id(token.id);
        t->set_sha256(token.sha256);
        t->set_description(req->description());
        *t->mutable_create_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
        return absl::OkStatus();
      },
      out->mutable_producer(), ActorOf(*ctx)));
  if (!status.ok()) return status;
  out->set_token(token.text);
  out->set_token_id(token.id);
  return grpc::Status::OK;
}

grpc::Status TopologyService::RevokeProducerToken(grpc::ServerContext* ctx,
                                                  const v1::RevokeProducerTokenRequest* req,
                                                  v1::Producer* out) {
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  if (req->token_id().empty()) return Err(InvalidField("token_id", "must not be empty"));
  return Finish(store_->Update(
      EntityKind::kProducer, {req->name()}, /*expected_version=*/0,
      [&](Message* m) -> absl::Status {
        auto* p = static_cast<v1::Producer*>(m);
        auto* tokens = p->mutable_tokens();
        for (int i = 0; i < tokens->size(); ++i) {
          if (tokens->Get(i).id() == req->token_id()) {
            tokens->erase(tokens->begin() + i);
            return absl::OkStatus();
          }
        }
        return NotFound("token", absl::StrCat(p->name(), "/", req->token_id()));
      },
      out, ActorOf(*ctx)));
}

// --- Grants ---

grpc::Status TopologyService::CreateGrant(grpc::ServerContext* ctx,
                                          const v1::CreateGrantRequest* req, v1::Grant* out) {
  *out = req->grant();
  if (absl::Status s = ValidateGrantKey("grant.", out->producer(), out->namespace_()); !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Create(EntityKind::kGrant, out, ActorOf(*ctx)));
}

grpc::Status TopologyService::GetGrant(grpc::ServerContext*, const v1::GetGrantRequest* req,
                                       v1::Grant* out) {
  if (absl::Status s = ValidateGrantKey("", req->producer(), req->namespace_()); !s.ok()) {
    return Err(s);
  }
  return Err(store_->Get(EntityKind::kGrant, {req->producer(), req->namespace_()}, out));
}

grpc::Status TopologyService::ListGrants(grpc::ServerContext*, const v1::ListRequest* req,
                                         v1::ListGrantsResponse* out) {
  std::vector<std::pair<std::string, std::string>> where;
  const std::string& parent = req->parent();
  if (absl::StartsWith(parent, "namespace:")) {
    where.emplace_back("namespace", parent.substr(10));
  } else if (!parent.empty()) {
    where.emplace_back("producer", parent);
  }
  return ListInto(EntityKind::kGrant, *req, std::move(where), out->mutable_grants(), out);
}

grpc::Status TopologyService::DeleteGrant(grpc::ServerContext* ctx,
                                          const v1::DeleteGrantRequest* req, v1::DeleteResponse*) {
  if (absl::Status s = ValidateGrantKey("", req->producer(), req->namespace_()); !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Delete(EntityKind::kGrant, {req->producer(), req->namespace_()},
                               req->version(), ActorOf(*ctx)));
}

}  // namespace causeway::topology
