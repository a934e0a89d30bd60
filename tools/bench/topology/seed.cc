#include "seed.h"

#include <atomic>
#include <mutex>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/core/errors.h"
#include "common/core/grpc_status.h"
#include "connections.h"

namespace causeway::bench {
namespace {

namespace v1 = topology::v1;

absl::Status Check(const grpc::Status& s, absl::string_view what) {
  return Annotate(FromGrpcStatus(s), what);
}

absl::Status CreateNamespace(v1::Topology::Stub& stub, const std::string& token,
                             const std::string& name) {
  v1::CreateNamespaceRequest req;
  req.mutable_namespace_()->set_name(name);
  req.mutable_namespace_()->set_owner("bench");
  v1::Namespace out;
  return Check(stub.CreateNamespace(BenchContext(token).get(), req, &out),
               absl::StrCat("creating namespace ", name));
}

absl::Status CreateAndPlace(v1::Topology::Stub& stub, const std::string& token,
                            const SeedPlan& plan, const EventTypeKey& key) {
  const std::string what = absl::StrCat(key.namespace_name, "/", key.name);
  v1::CreateEventTypeRequest create;
  v1::EventType* et = create.mutable_event_type();
  et->set_namespace_(key.namespace_name);
  et->set_name(key.name);
  et->set_topic(key.topic);
  et->set_partitions(1);
  v1::EventType created;
  if (absl::Status s = Check(stub.CreateEventType(BenchContext(token).get(), create, &created),
                             absl::StrCat("creating event type ", what));
      !s.ok()) {
    return s;
  }
  v1::PlaceEventTypeRequest place;
  place.set_namespace_(key.namespace_name);
  place.set_event_type(key.name);
  place.set_zone(plan.zone);
  // causeway-devkafka cannot create topics: `topics` declares them at its start, and the admin
  // adopts them here.
  place.set_adopt_existing_topic(true);
  v1::Placement placed;
  return Check(stub.PlaceEventType(BenchContext(token).get(), place, &placed),
               absl::StrCat("placing ", what));
}

}  // namespace

SeedPlan MakeSeedPlan(int namespaces, int event_types) {
  SeedPlan plan;
  for (int i = 0; i < namespaces; ++i) plan.namespaces.push_back(absl::StrCat("team", i));
  for (int i = 0; i < event_types; ++i) {
    EventTypeKey key;
    key.namespace_name = plan.namespaces[i % namespaces];
    key.name = absl::StrFormat("OrderEvent%03d", i);
    key.topic = absl::AsciiStrToLower(absl::StrCat(key.namespace_name, ".", key.name));
    plan.event_types.push_back(std::move(key));
  }
  return plan;
}

std::string DevKafkaTopics(const SeedPlan& plan) {
  return absl::StrJoin(plan.event_types, ",", [](std::string* out, const EventTypeKey& key) {
    absl::StrAppend(out, key.topic, ":1");
  });
}

absl::Status SeedTopology(const std::shared_ptr<grpc::Channel>& channel, const std::string& token,
                          const SeedPlan& plan, const std::string& bootstrap, int parallel) {
  auto stub = v1::Topology::NewStub(channel);
  for (const std::string& ns : plan.namespaces) {
    if (absl::Status s = CreateNamespace(*stub, token, ns); !s.ok()) return s;
  }
  if (absl::Status s = CreateNamespace(*stub, token, plan.watched_namespace); !s.ok()) return s;

  v1::CreateZoneRequest zone;
  zone.mutable_zone()->set_name(plan.zone);
  // causeway-devkafka runs one broker: one copy.
  zone.mutable_zone()->set_replication_factor(1);
  zone.mutable_zone()->set_min_insync_replicas(1);
  v1::Zone zone_out;
  if (absl::Status s = Check(stub->CreateZone(BenchContext(token).get(), zone, &zone_out),
                             "creating zone");
      !s.ok()) {
    return s;
  }
  v1::CreateClusterRequest cluster;
  cluster.mutable_cluster()->set_name(plan.cluster);
  cluster.mutable_cluster()->set_zone(plan.zone);
  cluster.mutable_cluster()->set_bootstrap_servers(bootstrap);
  v1::Cluster cluster_out;
  if (absl::Status s = Check(stub->CreateCluster(BenchContext(token).get(), cluster, &cluster_out),
                             "creating cluster");
      !s.ok()) {
    return s;
  }

  // Event types are independent of each other: create and place them from a few threads.
  std::atomic<size_t> next{0};
  std::mutex mu;
  absl::Status first_error;
  std::vector<std::thread> workers;
  for (int w = 0; w < parallel; ++w) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < plan.event_types.size(); i = next++) {
        absl::Status s = CreateAndPlace(*stub, token, plan, plan.event_types[i]);
        if (s.ok()) continue;
        std::lock_guard lock(mu);
        if (first_error.ok()) first_error = s;
        return;
      }
    });
  }
  for (auto& w : workers) w.join();
  return first_error;
}

}  // namespace causeway::bench
