// TopologyService's principal, token, role-binding and WhoAmI handlers: who may do what. Every
// Causeway service enforces them from its own copy of the topology; this file validates and stores.
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/auth/roles.h"
#include "common/core/bearer_token.h"
#include "common/core/errors.h"
#include "common/core/grpc_status.h"
#include "common/core/names.h"
#include "google/protobuf/util/time_util.h"
#include "topology/bootstrap_admin.h"
#include "topology/input_bounds.h"
#include "topology/request_checks.h"
#include "topology/topology_service.h"

namespace causeway::topology {
namespace {

using google::protobuf::Message;

grpc::Status Err(const absl::Status& s) { return ToGrpcStatus(s); }

// A certificate name is compared byte for byte with the certificate's CN/SANs: printable ASCII,
// no spaces, so that a stray space or a pasted newline fails here rather than never matching.
absl::Status ValidateCertificateNames(const v1::Principal& p) {
  if (absl::Status s = CheckCount("principal.certificate_names", p.certificate_names_size(),
                                  kMaxCertificateNames);
      !s.ok()) {
    return s;
  }
  std::set<std::string> seen;
  for (int i = 0; i < p.certificate_names_size(); ++i) {
    const std::string& name = p.certificate_names(i);
    const std::string field = absl::StrCat("principal.certificate_names[", i, "]");
    if (name.empty()) return InvalidField(field, "must not be empty");
    if (absl::Status s = CheckTextLength(field, name, kMaxCertificateNameBytes); !s.ok()) return s;
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

absl::Status ValidateBindingKey(absl::string_view prefix, const v1::RoleBinding& b) {
  return FirstError({ValidateResourceName(absl::StrCat(prefix, "principal"), b.principal()),
                     b.namespace_().empty()
                         ? absl::OkStatus()
                         : ValidateResourceName(absl::StrCat(prefix, "namespace"), b.namespace_()),
                     auth::ValidateRoleBinding(prefix, b)});
}

// Admins manage every binding; a namespace's owner manages its publisher, consumer and viewer
// bindings.
Need BindingManager(const v1::RoleBinding& b) {
  const bool delegable = b.role() == v1::ROLE_PUBLISHER || b.role() == v1::ROLE_CONSUMER ||
                         b.role() == v1::ROLE_VIEWER;
  if (delegable && !b.namespace_().empty()) return Need::Owner(b.namespace_());
  return Need::Admin();
}

// gRPC peer strings: "ipv4:127.0.0.1:5000", "ipv6:[::1]:5000", "unix:/path".
bool IsLoopbackPeer(absl::string_view peer) {
  return absl::StartsWith(peer, "ipv4:127.") || absl::StartsWith(peer, "ipv6:[::1]") ||
         absl::StartsWith(peer, "ipv6:%5B::1%5D") || absl::StartsWith(peer, "unix:");
}

// The caller itself or an admin.
absl::Status CheckSelfOrAdmin(const Caller& caller, const std::string& principal) {
  if (caller.principal() == principal) return absl::OkStatus();
  return caller.Check(Need::Admin());
}

}  // namespace

absl::Status TopologyService::CheckCertificateNamesFree(const v1::Principal& principal) const {
  auto view = hub_->view();
  if (!view) return absl::OkStatus();  // PostgreSQL is down: the write will fail anyway
  for (const v1::Principal* other : view->AllPrincipals()) {
    if (other->name() == principal.name()) continue;
    for (const std::string& mine : principal.certificate_names()) {
      for (const std::string& theirs : other->certificate_names()) {
        if (mine == theirs) {
          return absl::AlreadyExistsError(absl::StrCat("certificate name \"", mine,
                                                       "\" already identifies principal \"",
                                                       other->name(), "\""));
        }
      }
    }
  }
  return absl::OkStatus();
}

// --- Principals ---

grpc::Status TopologyService::CreatePrincipal(grpc::ServerContext* ctx,
                                              const v1::CreatePrincipalRequest* req,
                                              v1::Principal* out) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  *out = req->principal();
  out->clear_tokens();  // only IssueToken makes tokens
  if (absl::Status s = FirstError({ValidateResourceName("principal.name", out->name()),
                                   CheckDescriptionAndOwner("principal", out->description(),
                                                            out->owner()),
                                   ValidateCertificateNames(*out), CheckCertificateNamesFree(*out)});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Create(EntityKind::kPrincipal, out, caller->actor()));
}

grpc::Status TopologyService::GetPrincipal(grpc::ServerContext* ctx,
                                           const v1::GetPrincipalRequest* req,
                                           v1::Principal* out) {
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = CheckSelfOrAdmin(*caller, req->name()); !s.ok()) return Err(s);
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  return Err(store_->Get(EntityKind::kPrincipal, {req->name()}, out));
}

grpc::Status TopologyService::ListPrincipals(grpc::ServerContext* ctx, const v1::ListRequest* req,
                                             v1::ListPrincipalsResponse* out) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  return ListInto(EntityKind::kPrincipal, *req, {}, out->mutable_principals(), out);
}

grpc::Status TopologyService::UpdatePrincipal(grpc::ServerContext* ctx,
                                              const v1::UpdatePrincipalRequest* req,
                                              v1::Principal* out) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  const v1::Principal& in = req->principal();
  if (absl::Status s = FirstError({ValidateResourceName("principal.name", in.name()),
                                   RequireVersion("principal.version", in.version()),
                                   CheckDescriptionAndOwner("principal", in.description(),
                                                            in.owner()),
                                   ValidateCertificateNames(in), CheckCertificateNamesFree(in)});
      !s.ok()) {
    return Err(s);
  }
  return Finish(store_->Update(
      EntityKind::kPrincipal, {in.name()}, in.version(),
      [&](Message* m) {
        auto* p = static_cast<v1::Principal*>(m);
        p->set_description(in.description());
        p->set_owner(in.owner());
        *p->mutable_certificate_names() = in.certificate_names();
        return absl::OkStatus();
      },
      out, caller->actor()));
}

grpc::Status TopologyService::DeletePrincipal(grpc::ServerContext* ctx,
                                              const v1::DeletePrincipalRequest* req,
                                              v1::DeleteResponse*) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  return Finish(
      store_->Delete(EntityKind::kPrincipal, {req->name()}, req->version(), caller->actor()));
}

absl::Status TopologyService::CheckSecretChannel(const grpc::ServerContext& ctx,
                                                absl::string_view rpc) const {
  if (options_.tls || IsLoopbackPeer(ctx.peer())) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      rpc, " answers a secret: call it over TLS (serve with --tls-cert) or from this host"));
}

grpc::Status TopologyService::IssueToken(grpc::ServerContext* ctx,
                                         const v1::IssueTokenRequest* req,
                                         v1::IssueTokenResponse* out) {
  auto caller = access_->Check(*ctx, Need::Admin());
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = CheckSecretChannel(*ctx, "IssueToken"); !s.ok()) return Err(s);
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  if (absl::Status s =
          CheckTextLength("description", req->description(), kMaxTokenDescriptionBytes);
      !s.ok()) {
    return Err(s);
  }
  const IssuedToken token = NewBearerToken();
  grpc::Status status = Finish(store_->Update(
      EntityKind::kPrincipal, {req->name()}, /*expected_version=*/0,
      [&](Message* m) {
        return AddPrincipalToken(token, req->description(), static_cast<v1::Principal*>(m));
      },
      out->mutable_principal(), caller->actor()));
  if (!status.ok()) return status;
  out->set_token(token.text);
  out->set_token_id(token.id);
  return grpc::Status::OK;
}

grpc::Status TopologyService::RevokeToken(grpc::ServerContext* ctx,
                                          const v1::RevokeTokenRequest* req, v1::Principal* out) {
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = CheckSelfOrAdmin(*caller, req->name()); !s.ok()) return Err(s);
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  if (req->token_id().empty()) return Err(InvalidField("token_id", "must not be empty"));
  return Finish(store_->Update(
      EntityKind::kPrincipal, {req->name()}, /*expected_version=*/0,
      [&](Message* m) -> absl::Status {
        auto* p = static_cast<v1::Principal*>(m);
        auto* tokens = p->mutable_tokens();
        for (int i = 0; i < tokens->size(); ++i) {
          if (tokens->Get(i).id() == req->token_id()) {
            tokens->erase(tokens->begin() + i);
            return absl::OkStatus();
          }
        }
        return NotFound("token", absl::StrCat(p->name(), "/", req->token_id()));
      },
      out, caller->actor()));
}

// --- Role bindings ---

grpc::Status TopologyService::CreateRoleBinding(grpc::ServerContext* ctx,
                                                const v1::CreateRoleBindingRequest* req,
                                                v1::RoleBinding* out) {
  *out = req->role_binding();
  auto caller = access_->Check(*ctx, BindingManager(*out));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateBindingKey("role_binding.", *out); !s.ok()) return Err(s);
  return Finish(store_->Create(EntityKind::kRoleBinding, out, caller->actor()));
}

grpc::Status TopologyService::ListRoleBindings(grpc::ServerContext* ctx,
                                               const v1::ListRequest* req,
                                               v1::ListRoleBindingsResponse* out) {
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  std::vector<std::pair<std::string, std::string>> where;
  const std::string& parent = req->parent();
  absl::Status allowed;
  if (absl::StartsWith(parent, "namespace:")) {
    where.emplace_back("namespace", parent.substr(10));
    allowed = caller->Check(Need::Owner(parent.substr(10)));
  } else if (!parent.empty()) {
    where.emplace_back("principal", parent);
    allowed = CheckSelfOrAdmin(*caller, parent);
  } else {
    allowed = caller->Check(Need::Admin());
  }
  if (!allowed.ok()) return Err(allowed);
  return ListInto(EntityKind::kRoleBinding, *req, std::move(where), out->mutable_role_bindings(),
                  out);
}

grpc::Status TopologyService::DeleteRoleBinding(grpc::ServerContext* ctx,
                                                const v1::DeleteRoleBindingRequest* req,
                                                v1::DeleteResponse*) {
  v1::RoleBinding key;
  key.set_principal(req->principal());
  key.set_role(req->role());
  key.set_namespace_(req->namespace_());
  auto caller = access_->Check(*ctx, BindingManager(key));
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateBindingKey("", key); !s.ok()) return Err(s);
  return Finish(store_->Delete(EntityKind::kRoleBinding, KeyOf(EntityKind::kRoleBinding, key),
                               req->version(), caller->actor()));
}

grpc::Status TopologyService::WhoAmI(grpc::ServerContext* ctx, const v1::WhoAmIRequest*,
                                     v1::WhoAmIResponse* out) {
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  out->set_principal(caller->principal());
  out->set_method(auth::AuthMethodName(caller->identity.method));
  for (const v1::RoleBinding* b : caller->directory->BindingsOf(caller->principal())) {
    *out->add_role_bindings() = *b;
  }
  return grpc::Status::OK;
}

}  // namespace causeway::topology
