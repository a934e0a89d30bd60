#include "relay/server/subscription_plan.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/auth/webhook_secret.h"

namespace causeway::relay {
namespace {

namespace tv1 = ::causeway::topology::v1;

// Secret id of static subscriptions: their secret is DeriveWebhookSecret(key, name, "static").
constexpr char kStaticSecretId[] = "static";

void PlanOne(const PlanInput& in, tv1::Subscription sub, bool is_static,
             std::vector<PlannedRunner>& out, std::vector<std::string>* problems) {
  const auto problem = [&](const std::string& why) {
    if (problems != nullptr) problems->push_back(absl::StrCat("subscription ", sub.name(), ": ", why));
  };
  // Clusters of the zone, each with the topics it holds.
  std::map<std::string, RunnerTarget> by_cluster;
  for (const tv1::EventTypeRef& ref : sub.event_types()) {
    auto resolved = in.view->Resolve(ref.namespace_(), ref.name());
    if (!resolved.ok()) {
      problem(absl::StrCat("event type ", ref.namespace_(), "/", ref.name(), ": ",
                           resolved.status().message()));
      return;
    }
    if (sub.zone().empty()) {
      std::set<std::string> zones;
      for (const auto& p : resolved->placements()) zones.insert(p.placement().zone());
      if (zones.size() != 1) {
        problem(absl::StrCat("event type ", ref.namespace_(), "/", ref.name(), " is placed in ",
                             zones.size(), " zones: name one"));
        return;
      }
      sub.set_zone(*zones.begin());
    }
    bool placed = false;
    for (const auto& p : resolved->placements()) {
      if (p.placement().zone() != sub.zone()) continue;
      placed = true;
      RunnerTarget& t = by_cluster[p.placement().cluster()];
      t.cluster = p.placement().cluster();
      t.connection.bootstrap_servers = p.bootstrap_servers();
      t.connection.properties = {p.client_properties().begin(), p.client_properties().end()};
      t.topics.push_back(resolved->event_type().topic());
    }
    if (!placed) {
      problem(absl::StrCat("event type ", ref.namespace_(), "/", ref.name(),
                           " is not placed in zone ", sub.zone()));
      return;
    }
  }
  std::vector<std::string> secrets = SigningSecrets(sub, in.signing_key, in.now, is_static);
  if (secrets.empty() && !is_static) {
    problem("no --subscription-signing-key to derive its signing secret from");
    return;
  }
  auto readers = ReaderSchemas::Build(sub, in.view);
  if (!readers.ok()) {
    problem(std::string(readers.status().message()));
    return;
  }
  auto config = std::make_shared<SubscriptionConfig>();
  config->readers = *std::move(readers);
  config->policy = RetryPolicy(sub.delivery());
  if (!secrets.empty()) {
    auto signer = WebhookSigner::Create(secrets);
    if (!signer.ok()) {
      problem(std::string(signer.status().message()));
      return;
    }
    config->signer = std::make_shared<const WebhookSigner>(*std::move(signer));
  }
  config->is_static = is_static;
  config->registry_url = in.registry_url;
  config->subscription = std::move(sub);
  for (auto& [cluster, target] : by_cluster) {
    if (!config->subscription.redrive_topic().empty()) {
      target.topics.push_back(config->subscription.redrive_topic());
    }
    std::sort(target.topics.begin(), target.topics.end());
    target.topics.erase(std::unique(target.topics.begin(), target.topics.end()),
                        target.topics.end());
    out.push_back(PlannedRunner{absl::StrCat(config->subscription.name(), "@", cluster), config,
                                std::move(target)});
  }
}

}  // namespace

std::vector<tv1::Subscription> SubscriptionsOf(const topology::TopologyView& view) {
  std::vector<tv1::Subscription> out;
  for (const tv1::Subscription* s : view.AllSubscriptions()) out.push_back(*s);
  return out;
}

std::vector<std::string> SigningSecrets(const tv1::Subscription& s, const std::string& signing_key,
                                        absl::Time now, bool is_static) {
  std::vector<std::string> out;
  if (signing_key.empty()) return out;
  if (is_static) {
    out.push_back(auth::DeriveWebhookSecret(signing_key, s.name(), kStaticSecretId));
    return out;
  }
  for (const tv1::SubscriptionSecret& secret : s.secrets()) {
    if (secret.has_expire_time() &&
        absl::FromUnixSeconds(secret.expire_time().seconds()) <= now) {
      continue;
    }
    out.push_back(auth::DeriveWebhookSecret(signing_key, s.name(), secret.id()));
    if (out.size() == 2) break;  // WebhookSigner takes the current and one previous
  }
  return out;
}

std::vector<PlannedRunner> PlanRunners(const PlanInput& in, std::vector<std::string>* problems) {
  std::vector<PlannedRunner> out;
  for (tv1::Subscription& s : SubscriptionsOf(*in.view)) {
    if (s.state() == tv1::SUBSCRIPTION_STATE_SUSPENDED) continue;
    PlanOne(in, std::move(s), false, out, problems);
  }
  for (const tv1::Subscription& s : in.statics) PlanOne(in, s, true, out, problems);
  return out;
}

}  // namespace causeway::relay
