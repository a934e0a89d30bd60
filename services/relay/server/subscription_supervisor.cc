#include "relay/server/subscription_supervisor.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/core/log.h"
#include "google/protobuf/util/time_util.h"

namespace causeway::relay {
namespace {

namespace tv1 = ::causeway::topology::v1;
namespace rv1 = ::causeway::relay::v1;

rv1::SubscriptionHealth ToProto(HealthState h) {
  switch (h) {
    case HealthState::kHealthy: return rv1::SUBSCRIPTION_HEALTH_HEALTHY;
    case HealthState::kLagging: return rv1::SUBSCRIPTION_HEALTH_LAGGING;
    case HealthState::kMalfunctioning: return rv1::SUBSCRIPTION_HEALTH_MALFUNCTIONING;
    case HealthState::kTimingOut: return rv1::SUBSCRIPTION_HEALTH_TIMING_OUT;
    case HealthState::kUnreachable: return rv1::SUBSCRIPTION_HEALTH_UNREACHABLE;
    case HealthState::kReceivingMalformed: return rv1::SUBSCRIPTION_HEALTH_RECEIVING_MALFORMED;
    case HealthState::kSuspended: return rv1::SUBSCRIPTION_HEALTH_SUSPENDED;
  }
  return rv1::SUBSCRIPTION_HEALTH_UNSPECIFIED;
}

// Whether a running runner can take `next` as an update (else it is restarted).
bool Updatable(const SubscriptionConfig& now, const SubscriptionConfig& next) {
  return now.subscription.ordering() == next.subscription.ordering() &&
         now.policy.settings().max_in_flight == next.policy.settings().max_in_flight &&
         now.subscription.start() == next.subscription.start();
}

void AddCounters(const rv1::DeliveryCounters& from, rv1::DeliveryCounters* to) {
  to->set_delivered(to->delivered() + from.delivered());
  to->set_retried(to->retried() + from.retried());
  to->set_dead_lettered(to->dead_lettered() + from.dead_lettered());
  for (const auto& [k, v] : from.attempts_by_status_class()) {
    (*to->mutable_attempts_by_status_class())[k] += v;
  }
  for (const auto& [k, v] : from.dead_lettered_by_reason()) {
    (*to->mutable_dead_lettered_by_reason())[k] += v;
  }
}

}  // namespace

SubscriptionSupervisor::SubscriptionSupervisor(
    SupervisorOptions options, HttpDispatcher* dispatcher, RelayMetrics* metrics,
    std::function<void(const std::string&, const std::string&)> on_gone, StreamHub* hub)
    : options_(std::move(options)),
      dispatcher_(dispatcher),
      metrics_(metrics),
      on_gone_(std::move(on_gone)),
      hub_(hub) {}

SubscriptionSupervisor::~SubscriptionSupervisor() { Stop(absl::Now()); }

void SubscriptionSupervisor::OnView(const std::shared_ptr<const topology::TopologyView>& view) {
  std::shared_ptr<const SchemaIndex> previous = schemas();
  std::atomic_store(&schemas_, SchemaIndex::Build(*view, previous.get()));
  std::atomic_store(&view_, view);
  {
    std::lock_guard lock(wake_mu_);
    dirty_ = true;
  }
  wake_.notify_all();
}

void SubscriptionSupervisor::Start() {
  thread_ = std::thread([this] { Run(); });
}

void SubscriptionSupervisor::Run() {
  std::unique_lock lock(wake_mu_);
  while (!stopping_) {
    wake_.wait_for(lock, absl::ToChronoMilliseconds(options_.retry),
                   [this] { return dirty_ || stopping_; });
    if (stopping_) break;
    dirty_ = false;
    lock.unlock();
    if (auto v = view()) Reconcile(v);
    lock.lock();
  }
}

void SubscriptionSupervisor::Reconcile(const std::shared_ptr<const topology::TopologyView>& view) {
  PlanInput in{view.get(), options_.statics, options_.signing_key, options_.registry_url,
               absl::Now()};
  std::vector<std::string> problems;
  std::vector<PlannedRunner> plan = PlanRunners(in, &problems);
  for (const std::string& p : problems) {
    if (reported_problems_.insert(p).second) log::Warn("cannot serve subscription", {{"problem", p}});
  }
  std::map<std::string, PlannedRunner*> wanted;
  for (PlannedRunner& p : plan) {
    if (p.config->subscription.mode() == tv1::SUBSCRIPTION_MODE_PULL &&
        (hub_ == nullptr || !hub_->Wanted(p.config->subscription.name()))) {
      continue;  // no stream on this replica: leave its partitions to the replicas with some
    }
    wanted[p.key] = &p;
  }

  // Stop what is no longer wanted (or must restart), in parallel.
  std::vector<std::shared_ptr<SubscriptionRunner>> to_stop;
  {
    std::lock_guard lock(mu_);
    for (auto it = running_.begin(); it != running_.end();) {
      auto w = wanted.find(it->first);
      SubscriptionRunner& r = *it->second.runner;
      if (w != wanted.end() && SameTarget(r.target(), w->second->target) &&
          Updatable(*r.config(), *w->second->config)) {
        if (r.config()->subscription.SerializeAsString() !=
            w->second->config->subscription.SerializeAsString()) {
          r.Update(w->second->config);
        }
        wanted.erase(w);  // running as wanted
        ++it;
        continue;
      }
      to_stop.push_back(it->second.runner);
      it = running_.erase(it);
    }
  }
  const absl::Time deadline = absl::Now() + options_.stop_budget;
  std::vector<std::thread> stoppers;
  for (auto& r : to_stop) stoppers.emplace_back([r, deadline] { r->Stop(deadline); });
  for (auto& t : stoppers) t.join();

  for (auto& [key, p] : wanted) {
    RunnerDeps deps;
    deps.dispatcher = dispatcher_;
    deps.pull = hub_;
    deps.metrics = metrics_;
    deps.schemas = [this] { return schemas(); };
    deps.on_gone = [this](const std::string& s, const std::string& reason) { OnGone(s, reason); };
    auto runner = SubscriptionRunner::Start(p->config, p->target, deps, options_.runner);
    if (!runner.ok()) {
      log::Error("cannot start subscription runner",
                 {{"runner", key}, {"error", runner.status().ToString()}});
      continue;  // tried again at the next wake-up
    }
    std::lock_guard lock(mu_);
    running_[key] = Running{*std::move(runner), absl::Now()};
  }
}

void SubscriptionSupervisor::OnGone(const std::string& subscription, const std::string& reason) {
  bool is_static = false;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, r] : running_) {
      if (r.runner->config()->subscription.name() == subscription) {
        is_static = r.runner->config()->is_static;
      }
    }
  }
  if (is_static) {
    log::Warn("static subscription stopped delivering (410 Gone); restart the relay to resume",
              {{"subscription", subscription}, {"reason", reason}});
    return;
  }
  if (on_gone_) on_gone_(subscription, reason);
}

void SubscriptionSupervisor::Stop(absl::Time deadline) {
  {
    std::lock_guard lock(wake_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::map<std::string, Running> running;
  {
    std::lock_guard lock(mu_);
    running.swap(running_);
  }
  std::vector<std::thread> stoppers;
  for (auto& [key, r] : running) {
    stoppers.emplace_back([runner = r.runner, deadline] { runner->Stop(deadline); });
  }
  for (auto& t : stoppers) t.join();
}

std::optional<rv1::SubscriptionStatus> SubscriptionSupervisor::Status(
    const std::string& name) const {
  std::vector<std::pair<std::shared_ptr<SubscriptionRunner>, absl::Time>> runners;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, r] : running_) {
      if (r.runner->config()->subscription.name() == name) runners.push_back({r.runner, r.since});
    }
  }
  if (runners.empty()) return std::nullopt;
  rv1::SubscriptionStatus out;
  out.set_name(name);
  const auto config = runners.front().first->config();
  out.set_state(tv1::SUBSCRIPTION_STATE_ACTIVE);
  out.set_static_subscription(config->is_static);
  absl::Time since = absl::InfiniteFuture();
  std::optional<absl::Time> oldest;
  AttemptCounts window;
  bool gone = false;
  for (const auto& [runner, started] : runners) {
    since = std::min(since, started);
    RunnerStatus s = runner->Status();
    AddCounters(s.counters, out.mutable_counters());
    out.set_in_flight(out.in_flight() + s.in_flight);
    out.set_retrying(out.retrying() + s.retrying);
    window += s.window;
    for (auto& p : s.partitions) {
      out.set_lag_records(out.lag_records() + p.lag_records());
      *out.add_partitions() = std::move(p);
    }
    if (s.oldest_undelivered && (!oldest || *s.oldest_undelivered < *oldest)) {
      oldest = s.oldest_undelivered;
    }
    if (s.gone) {
      gone = true;
      out.set_state_reason(s.gone_reason);
    }
  }
  if (gone) out.set_state(tv1::SUBSCRIPTION_STATE_SUSPENDED);
  const absl::Time now = absl::Now();
  if (oldest) out.set_lag_seconds(std::max(0.0, absl::ToDoubleSeconds(now - *oldest)));
  out.set_health(ToProto(EvaluateHealth(HealthInput{gone, window, oldest}, now)));
  *out.mutable_serving_since() =
      google::protobuf::util::TimeUtil::MillisecondsToTimestamp(absl::ToUnixMillis(since));
  return out;
}

std::map<std::string, std::vector<std::string>> SubscriptionSupervisor::Served() const {
  std::map<std::string, std::vector<std::string>> out;
  std::lock_guard lock(mu_);
  for (const auto& [key, r] : running_) {
    const auto config = r.runner->config();
    auto& namespaces = out[config->subscription.name()];
    for (const auto& et : config->subscription.event_types()) {
      if (std::find(namespaces.begin(), namespaces.end(), et.namespace_()) == namespaces.end()) {
        namespaces.push_back(et.namespace_());
      }
    }
  }
  return out;
}

void SubscriptionSupervisor::ExportGauges() const {
  if (metrics_ == nullptr) return;
  for (const auto& [name, namespaces] : Served()) {
    if (auto s = Status(name)) {
      metrics_->SetGauges(name, static_cast<double>(s->in_flight()),
                          static_cast<double>(s->lag_records()), s->lag_seconds());
    }
  }
}

std::optional<tv1::Subscription> SubscriptionSupervisor::FindSubscription(
    const std::string& name) const {
  for (const tv1::Subscription& s : options_.statics) {
    if (s.name() == name) return s;
  }
  if (auto v = view()) {
    for (tv1::Subscription& s : SubscriptionsOf(*v)) {
      if (s.name() == name) return std::move(s);
    }
  }
  return std::nullopt;
}

void SubscriptionSupervisor::Poke() {
  {
    std::lock_guard lock(wake_mu_);
    dirty_ = true;
  }
  wake_.notify_all();
}

size_t SubscriptionSupervisor::runners() const {
  std::lock_guard lock(mu_);
  return running_.size();
}

}  // namespace causeway::relay
