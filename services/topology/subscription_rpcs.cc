// TopologyService's subscription handlers: who may create and manage a subscription, its
// validation and defaults (subscription_rules.h), and its signing secrets, which are derived
// (common/auth/webhook_secret.h) and answered once, never stored.
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/auth/webhook_secret.h"
#include "common/core/errors.h"
#include "common/core/grpc_status.h"
#include "common/core/names.h"
#include "topology/input_bounds.h"
#include "topology/reader_schemas.h"
#include "topology/request_checks.h"
#include "topology/subscription_rules.h"
#include "topology/topology_service.h"

namespace causeway::topology {
namespace {

using google::protobuf::Message;

grpc::Status Err(const absl::Status& s) { return ToGrpcStatus(s); }

std::set<std::string> NamespacesOf(const v1::Subscription& s) {
  std::set<std::string> out;
  for (const v1::EventTypeRef& ref : s.event_types()) out.insert(ref.namespace_());
  return out;
}

// Reading a subscription: a viewer of every namespace it reads, or the relay that delivers it.
absl::Status CheckReads(const Caller& caller, const v1::Subscription& s) {
  for (const std::string& ns : NamespacesOf(s)) {
    if (absl::Status st = caller.Check(Need{{v1::ROLE_VIEWER, v1::ROLE_RELAY}, ns}); !st.ok()) {
      return st;
    }
  }
  return absl::OkStatus();
}

// Managing a subscription (update, state, rotation, delete): its owner while it holds consumer of
// every namespace the subscription reads, or an owner of all those namespaces (admins are both).
absl::Status CheckManages(const Caller& caller, const v1::Subscription& s) {
  bool as_owner = caller.principal() == s.owner();
  std::string missing_ns;
  for (const std::string& ns : NamespacesOf(s)) {
    as_owner = as_owner && caller.Allows(Need::Consumer(ns));
    if (missing_ns.empty() && !caller.Allows(Need::Owner(ns))) missing_ns = ns;
  }
  if (as_owner || missing_ns.empty()) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      caller.Check(Need::Owner(missing_ns)).message(), " (or to be the subscription's owner \"",
      s.owner(), "\" with role consumer of its namespaces)"));
}

absl::Status RequireSigningKey(const std::string& key) {
  if (!key.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "this topology has no --subscription-signing-key: it cannot make signing secrets; start it "
      "with the key the relay shares (a ${file:...} or ${env:...} reference)");
}

int64_t NowMicros() { return absl::ToUnixMicros(absl::Now()); }

}  // namespace

absl::StatusOr<v1::Subscription> TopologyService::LoadManagedSubscription(
    const Caller& caller, const std::string& name) {
  if (absl::Status s = ValidateResourceName("name", name); !s.ok()) return s;
  v1::Subscription current;
  if (absl::Status s = store_->Get(EntityKind::kSubscription, {name}, &current); !s.ok()) return s;
  if (absl::Status s = CheckManages(caller, current); !s.ok()) return s;
  return current;
}

grpc::Status TopologyService::CreateSubscription(grpc::ServerContext* ctx,
                                                 const v1::CreateSubscriptionRequest* req,
                                                 v1::CreateSubscriptionResponse* out) {
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  v1::Subscription sub = req->subscription();
  const std::set<std::string> namespaces = NamespacesOf(sub);
  for (const std::string& ns : namespaces) {
    if (absl::Status s = caller->Check(Need::Consumer(ns)); !s.ok()) return Err(s);
  }
  if (sub.allow_private_endpoint()) {
    if (absl::Status s = caller->Check(Need::Admin()); !s.ok()) {
      return Err(Annotate(s, "subscription.allow_private_endpoint"));
    }
  }
  if (sub.owner().empty()) sub.set_owner(caller->principal());
  if (sub.owner() != caller->principal()) {
    if (absl::Status s = caller->Check(Need::Admin()); !s.ok()) {
      return Err(Annotate(s, "subscription.owner (another principal)"));
    }
  }
  // Server-kept fields: whatever the request says is ignored.
  sub.clear_secrets();
  sub.clear_version();
  sub.clear_create_time();
  sub.clear_update_time();
  FillSubscriptionDefaults(&sub);
  if (absl::Status s = ValidateSubscription(sub); !s.ok()) return Err(s);
  // The owner must be able to consume what it subscribes to (checked on this replica's view).
  if (!caller->development) {
    for (const std::string& ns : namespaces) {
      if (!caller->directory->Allows(sub.owner(), Need::Consumer(ns))) {
        return Err(absl::FailedPreconditionError(
            absl::StrCat("subscription.owner: principal \"", sub.owner(),
                         "\" needs role consumer of namespace \"", ns, "\"")));
      }
    }
  }
  // Only pushed requests are signed: a PULL subscription has no secret (its consumers
  // authenticate to the relay instead), so it needs neither the key nor a private channel.
  const bool signed_push = sub.mode() == v1::SUBSCRIPTION_MODE_PUSH;
  if (signed_push) {
    if (absl::Status s = CheckSecretChannel(*ctx, "CreateSubscription"); !s.ok()) return Err(s);
    if (absl::Status s = RequireSigningKey(options_.subscription_signing_key); !s.ok()) {
      return Err(s);
    }
  }
  sub.set_dead_letter_topic(DeadLetterTopic(sub.name()));
  sub.set_redrive_topic(RedriveTopic(sub.name()));
  const std::string secret_id = signed_push ? auth::NewWebhookSecretId() : "";
  if (signed_push) RotateSecrets(secret_id, NowMicros(), 0, &sub);
  grpc::Status status =
      Finish(store_->CreateSubscription(&sub, provisioner_, ResolveReaderSchemas, caller->actor()));
  if (!status.ok()) return status;
  *out->mutable_subscription() = std::move(sub);
  if (signed_push) {
    out->set_signing_secret(auth::DeriveWebhookSecret(options_.subscription_signing_key,
                                                      out->subscription().name(), secret_id));
  }
  return grpc::Status::OK;
}

grpc::Status TopologyService::GetSubscription(grpc::ServerContext* ctx,
                                              const v1::GetSubscriptionRequest* req,
                                              v1::Subscription* out) {
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = ValidateResourceName("name", req->name()); !s.ok()) return Err(s);
  v1::Subscription found;
  if (absl::Status s = store_->Get(EntityKind::kSubscription, {req->name()}, &found); !s.ok()) {
    return Err(s);
  }
  if (absl::Status s = CheckReads(*caller, found); !s.ok()) return Err(s);
  *out = std::move(found);
  return grpc::Status::OK;
}

grpc::Status TopologyService::ListSubscriptions(grpc::ServerContext* ctx,
                                                const v1::ListRequest* req,
                                                v1::ListSubscriptionsResponse* out) {
  const std::string& parent = req->parent();
  ListQuery query;
  Need need = Need::Viewer();
  if (absl::StartsWith(parent, "namespace:")) {
    const std::string ns = parent.substr(10);
    need = Need::Viewer(ns);
    query.where_element.emplace_back("namespace", ns);
  } else if (absl::StartsWith(parent, "owner:")) {
    query.where.emplace_back("owner", parent.substr(6));
  } else if (!parent.empty()) {
    return Err(InvalidField("parent", "expected namespace:<namespace> or owner:<principal>"));
  }
  auto caller = access_->Check(*ctx, need);
  if (!caller.ok()) return Err(caller.status());
  auto size = PageSize(req->page_size());
  if (!size.ok()) return Err(size.status());
  query.page_size = *size;
  query.page_token = req->page_token();
  auto page = store_->List(EntityKind::kSubscription, query);
  if (!page.ok()) return Err(page.status());
  for (auto& item : page->items) out->add_subscriptions()->CopyFrom(*item);
  out->set_next_page_token(page->next_page_token);
  return grpc::Status::OK;
}

grpc::Status TopologyService::UpdateSubscription(grpc::ServerContext* ctx,
                                                 const v1::UpdateSubscriptionRequest* req,
                                                 v1::Subscription* out) {
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  const v1::Subscription& in = req->subscription();
  if (absl::Status s = FirstError({ValidateResourceName("subscription.name", in.name()),
                                   RequireVersion("subscription.version", in.version())});
      !s.ok()) {
    return Err(s);
  }
  if (req->clear_reader_schemas() && in.reader_schemas_size() > 0) {
    return Err(InvalidField("clear_reader_schemas",
                            "cannot be combined with subscription.reader_schemas"));
  }
  auto current = LoadManagedSubscription(*caller, in.name());
  if (!current.ok()) return Err(current.status());
  // Reader schemas are checked again only when the request replaces them: a reader that a forced
  // activation broke must not block changing the endpoint or the delivery policy.
  const ReaderCheck check_readers =
      in.reader_schemas_size() > 0 ? ReaderCheck(ResolveReaderSchemas) : ReaderCheck();
  return Finish(store_->UpdateSubscription(
      in.name(), in.version(),
      [&](v1::Subscription* s) -> absl::Status {
        if (in.event_types_size() > 0) {
          bool same = in.event_types_size() == s->event_types_size();
          for (int i = 0; same && i < in.event_types_size(); ++i) {
            same = in.event_types(i).namespace_() == s->event_types(i).namespace_() &&
                   in.event_types(i).name() == s->event_types(i).name();
          }
          if (!same) return InvalidField("subscription.event_types", "fixed after creation");
        }
        if (!in.zone().empty() && in.zone() != s->zone()) {
          return InvalidField("subscription.zone", "fixed after creation");
        }
        if (!in.owner().empty() && in.owner() != s->owner()) {
          return InvalidField("subscription.owner", "fixed after creation");
        }
        if ((in.start() != v1::START_POSITION_UNSPECIFIED && in.start() != s->start()) ||
            (in.has_start_time() && in.start_time().SerializeAsString() !=
                                        s->start_time().SerializeAsString())) {
          return InvalidField("subscription.start", "fixed after creation");
        }
        // A row stored before `mode` existed is a push subscription (it has an endpoint).
        if (s->mode() == v1::SUBSCRIPTION_MODE_UNSPECIFIED) FillSubscriptionDefaults(s);
        if (in.mode() != v1::SUBSCRIPTION_MODE_UNSPECIFIED && in.mode() != s->mode()) {
          return InvalidField("subscription.mode", "fixed after creation");
        }
        const bool was_private = s->allow_private_endpoint();
        const std::string endpoint_before = s->endpoint();
        s->set_description(in.description());
        if (!in.endpoint().empty()) s->set_endpoint(in.endpoint());
        s->set_allow_private_endpoint(in.allow_private_endpoint());
        // Private endpoints are an admin's decision, and so is pointing one elsewhere.
        if (in.allow_private_endpoint() != was_private ||
            (in.allow_private_endpoint() && s->endpoint() != endpoint_before)) {
          if (absl::Status st = caller->Check(Need::Admin()); !st.ok()) {
            return Annotate(st, "subscription.allow_private_endpoint");
          }
        }
        if (in.ordering() != v1::SUBSCRIPTION_ORDERING_UNSPECIFIED) s->set_ordering(in.ordering());
        if (in.content() != v1::SUBSCRIPTION_CONTENT_UNSPECIFIED) s->set_content(in.content());
        if (in.state() != v1::SUBSCRIPTION_STATE_UNSPECIFIED) s->set_state(in.state());
        s->set_state_reason(in.state_reason());
        if (in.has_delivery()) *s->mutable_delivery() = in.delivery();
        if (in.reader_schemas_size() > 0) *s->mutable_reader_schemas() = in.reader_schemas();
        if (req->clear_reader_schemas()) s->clear_reader_schemas();
        FillSubscriptionDefaults(s);
        return ValidateSubscription(*s);
      },
      check_readers, out, caller->actor()));
}

grpc::Status TopologyService::SetSubscriptionState(grpc::ServerContext* ctx,
                                                   const v1::SetSubscriptionStateRequest* req,
                                                   v1::Subscription* out) {
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = FirstError(
          {ValidateResourceName("name", req->name()),
           req->state() == v1::SUBSCRIPTION_STATE_ACTIVE ||
                   req->state() == v1::SUBSCRIPTION_STATE_SUSPENDED
               ? absl::OkStatus()
               : InvalidField("state", "must be SUBSCRIPTION_STATE_ACTIVE or "
                                       "SUBSCRIPTION_STATE_SUSPENDED"),
           CheckTextLength("reason", req->reason(), kMaxStateReasonBytes)});
      !s.ok()) {
    return Err(s);
  }
  // The relay suspends a subscription whose endpoint answered 410 Gone; only its managers resume.
  const bool relay_suspends = req->state() == v1::SUBSCRIPTION_STATE_SUSPENDED &&
                              caller->Allows(Need{{v1::ROLE_RELAY}, ""});
  if (!relay_suspends) {
    auto current = LoadManagedSubscription(*caller, req->name());
    if (!current.ok()) return Err(current.status());
  }
  return Finish(store_->Update(
      EntityKind::kSubscription, {req->name()}, req->version(),
      [&](Message* m) {
        auto* s = static_cast<v1::Subscription*>(m);
        s->set_state(req->state());
        s->set_state_reason(req->reason());
        return absl::OkStatus();
      },
      out, caller->actor()));
}

grpc::Status TopologyService::RotateSubscriptionSecret(
    grpc::ServerContext* ctx, const v1::RotateSubscriptionSecretRequest* req,
    v1::RotateSubscriptionSecretResponse* out) {
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  if (absl::Status s = CheckSecretChannel(*ctx, "RotateSubscriptionSecret"); !s.ok()) return Err(s);
  auto current = LoadManagedSubscription(*caller, req->name());
  if (!current.ok()) return Err(current.status());
  const int64_t overlap =
      req->overlap_seconds() == 0 ? kDefaultSecretOverlapSeconds : req->overlap_seconds();
  if (overlap < 1 || overlap > kMaxSecretOverlapSeconds) {
    return Err(InvalidField("overlap_seconds", absl::StrCat("must be 0 (86400) or 1..",
                                                            kMaxSecretOverlapSeconds, ", got ",
                                                            req->overlap_seconds())));
  }
  if (current->mode() == v1::SUBSCRIPTION_MODE_PULL) {
    return Err(absl::FailedPreconditionError(
        absl::StrCat("subscription \"", req->name(),
                     "\" is PULL: it has no signing secret (its consumers authenticate to the relay)")));
  }
  if (absl::Status s = RequireSigningKey(options_.subscription_signing_key); !s.ok()) return Err(s);
  const std::string secret_id = auth::NewWebhookSecretId();
  grpc::Status status = Finish(store_->Update(
      EntityKind::kSubscription, {req->name()}, /*expected_version=*/0,
      [&](Message* m) {
        RotateSecrets(secret_id, NowMicros(), overlap, static_cast<v1::Subscription*>(m));
        return absl::OkStatus();
      },
      out->mutable_subscription(), caller->actor()));
  if (!status.ok()) return status;
  out->set_signing_secret(
      auth::DeriveWebhookSecret(options_.subscription_signing_key, req->name(), secret_id));
  return grpc::Status::OK;
}

grpc::Status TopologyService::DeleteSubscription(grpc::ServerContext* ctx,
                                                 const v1::DeleteSubscriptionRequest* req,
                                                 v1::DeleteResponse*) {
  auto caller = access_->Authenticate(*ctx);
  if (!caller.ok()) return Err(caller.status());
  auto current = LoadManagedSubscription(*caller, req->name());
  if (!current.ok()) return Err(current.status());
  return Finish(store_->Delete(EntityKind::kSubscription, {req->name()}, req->version(),
                               caller->actor()));
}

}  // namespace causeway::topology
