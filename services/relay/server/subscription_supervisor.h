#pragma once
// SubscriptionSupervisor: runs the SubscriptionRunners a topology view calls for (PlanRunners)
// and keeps them in step with the view: a new active subscription (or a cluster newly holding
// one of its event types) starts a runner; a subscription turned SUSPENDED or deleted stops its
// runners (they commit first); an update of endpoint, delivery policy or secrets applies to the
// runners' next attempts; a change of ordering, max_in_flight or topics restarts them. A runner
// that cannot start (bad cluster properties, unreachable broker at creation) is tried again
// every `retry`.
//
// PULL subscriptions: their runners run only while the StreamHub wants them (a Relay.Consume
// stream is open on this replica, or closed less than the hub's linger ago), so this replica is
// in the subscription's consumer group only while it has consumers, and partitions go to the
// replicas that do. The hub pokes the supervisor when its first stream opens or its last closes;
// the end of a linger is noticed at the next `retry` tick.
//
// Threads: OnView from the follower's thread (it only stores the view and wakes the
// supervisor's own thread, which starts and stops runners); Status and schemas from any thread.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "causeway/relay/v1/relay.pb.h"
#include "common/topology/topology_view.h"
#include "relay/server/subscription_plan.h"
#include "relay/server/subscription_runner.h"
#include "relay/server/stream_hub.h"

namespace causeway::relay {

struct SupervisorOptions {
  RunnerOptions runner;
  std::vector<topology::v1::Subscription> statics;
  std::string signing_key;
  std::string registry_url;
  // How long a runner stopped by a view change may finish its in-flight attempts.
  absl::Duration stop_budget = absl::Seconds(10);
  absl::Duration retry = absl::Seconds(5);
};

class SubscriptionSupervisor {
 public:
  // `on_gone(subscription, reason)`: a topology subscription's endpoint answered 410.
  SubscriptionSupervisor(SupervisorOptions options, HttpDispatcher* dispatcher,
                         RelayMetrics* metrics,
                         std::function<void(const std::string&, const std::string&)> on_gone,
                         StreamHub* hub = nullptr);
  ~SubscriptionSupervisor();

  void OnView(const std::shared_ptr<const topology::TopologyView>& view);
  void Start();
  // Stops every runner in parallel within `deadline` (each commits and leaves its group).
  void Stop(absl::Time deadline);

  std::shared_ptr<const SchemaIndex> schemas() const { return std::atomic_load(&schemas_); }
  std::shared_ptr<const topology::TopologyView> view() const { return std::atomic_load(&view_); }

  // The subscription's status over its runners here; nullopt when none runs it.
  std::optional<relay::v1::SubscriptionStatus> Status(const std::string& name) const;
  // The subscriptions (and, for each, its event types' namespaces) served now.
  std::map<std::string, std::vector<std::string>> Served() const;
  // Sets the per-subscription gauges (in flight, lag) from the runners.
  void ExportGauges() const;
  // Runners running now.
  size_t runners() const;
  // The subscription of that name in the current view (or --subscriptions), in any state.
  std::optional<topology::v1::Subscription> FindSubscription(const std::string& name) const;
  // Reconciles soon (the hub's streams changed).
  void Poke();

 private:
  struct Running {
    std::shared_ptr<SubscriptionRunner> runner;
    absl::Time since;
  };
  void Run();
  void Reconcile(const std::shared_ptr<const topology::TopologyView>& view);
  void OnGone(const std::string& subscription, const std::string& reason);

  const SupervisorOptions options_;
  HttpDispatcher* const dispatcher_;
  RelayMetrics* const metrics_;
  const std::function<void(const std::string&, const std::string&)> on_gone_;
  StreamHub* const hub_;  // null: PULL subscriptions are never run

  std::shared_ptr<const topology::TopologyView> view_;  // atomic_load/atomic_store only
  std::shared_ptr<const SchemaIndex> schemas_;          // atomic_load/atomic_store only

  std::mutex wake_mu_;
  std::condition_variable wake_;
  bool dirty_ = false;     // guarded by wake_mu_: a new view to reconcile
  bool stopping_ = false;  // guarded by wake_mu_
  std::thread thread_;
  // Problems already logged (the supervisor thread's): each is logged once, not per view.
  std::set<std::string> reported_problems_;

  mutable std::mutex mu_;
  std::map<std::string, Running> running_;  // guarded by mu_; by PlannedRunner::key
};

}  // namespace causeway::relay
