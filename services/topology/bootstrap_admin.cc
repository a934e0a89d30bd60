#include "topology/bootstrap_admin.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/core/names.h"
#include "google/protobuf/util/time_util.h"

namespace causeway::topology {
namespace {

constexpr int kMaxTokensPerPrincipal = 20;

}  // namespace

absl::Status AddPrincipalToken(const IssuedToken& token, const std::string& description,
                               v1::Principal* p) {
  if (p->tokens_size() >= kMaxTokensPerPrincipal) {
    return absl::FailedPreconditionError(absl::StrCat("principal \"", p->name(),
                                                      "\" already holds ", kMaxTokensPerPrincipal,
                                                      " tokens: revoke one first"));
  }
  v1::PrincipalToken* t = p->add_tokens();
  t->set_id(token.id);
  t->set_sha256(token.sha256);
  t->set_description(description);
  *t->mutable_create_time() = google::protobuf::util::TimeUtil::GetCurrentTime();
  return absl::OkStatus();
}

absl::Status BootstrapAdmin(TopologyStore* store, const std::string& name,
                            const IssuedToken& token) {
  if (absl::Status s = ValidateResourceName("NAME", name); !s.ok()) return s;
  auto admins = store->List(EntityKind::kRoleBinding,
                            ListQuery{10, "", {{"role", v1::Role_Name(v1::ROLE_ADMIN)}}});
  if (!admins.ok()) return admins.status();
  if (!admins->items.empty()) {
    std::vector<std::string> names;
    for (const auto& item : admins->items) {
      names.push_back(static_cast<const v1::RoleBinding&>(*item).principal());
    }
    return absl::FailedPreconditionError(
        absl::StrCat("an admin exists already (", absl::StrJoin(names, ", "),
                     "): ask them for a token (`causeway principal issue-token`)"));
  }
  const Actor actor{"bootstrap-admin"};
  v1::Principal principal;
  principal.set_name(name);
  principal.set_description("first admin, made by causeway-topology bootstrap-admin");
  if (absl::Status s = AddPrincipalToken(token, "bootstrap-admin", &principal); !s.ok()) return s;
  auto created = store->Create(EntityKind::kPrincipal, &principal, actor);
  if (absl::IsAlreadyExists(created.status())) {
    v1::Principal updated;
    created = store->Update(
        EntityKind::kPrincipal, {name}, 0,
        [&](google::protobuf::Message* m) {
          return AddPrincipalToken(token, "bootstrap-admin", static_cast<v1::Principal*>(m));
        },
        &updated, actor);
  }
  if (!created.ok()) return created.status();
  v1::RoleBinding binding;
  binding.set_principal(name);
  binding.set_role(v1::ROLE_ADMIN);
  return store->Create(EntityKind::kRoleBinding, &binding, actor).status();
}

}  // namespace causeway::topology
