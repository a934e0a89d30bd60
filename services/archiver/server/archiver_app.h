#pragma once
// ArchiverApp: causeway-archiver composed from its parts for one zone: the topology follower
// (Watch; a principal with the archiver role), the ZonePlan of every view, one ClusterArchiver per
// cluster of the zone (consumer group causeway-archiver.<zone>), the ledger (PostgreSQL), the
// object store (a local folder or S3), and ServiceProcess (gRPC health, /metrics, /healthz,
// /readyz). main.cc and the tests both build it.
//
// A reconciler thread keeps one ClusterArchiver per cluster of the plan while the zone is
// archived: clusters added to the zone start, removed ones finish and stop, and a zone turned
// unarchived drains (every partition finishes: close, upload, commit) and stops. The same thread
// sweeps orphans. The spool folder belongs to one archiver process: spools left in it by an
// earlier run are deleted at Start (their records are read again from the committed offsets).
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "archiver/ledger/archive_ledger.h"
#include "archiver/server/archiver_service.h"
#include "archiver/server/cluster_archiver.h"
#include "archiver/server/zone_plan.h"
#include "archiver/storage/object_store.h"
#include "archiver/storage/s3_store.h"
#include "common/server/grpc_server.h"
#include "common/topology/topology_follower.h"

namespace causeway::archiver {

struct ArchiverAppOptions {
  ServerOptions server;
  topology::FollowerOptions follower;
  std::string zone;
  std::string database;  // libpq DSN of topology's database (the ledger's tables)
  // The archive's files: under `local_root` (a folder) or in S3 (`s3` set).
  std::string local_root;
  std::optional<S3Config> s3;
  PartitionArchiverConfig archive;  // zone is filled from `zone`; root is the key prefix
  ClusterArchiverOptions cluster;   // cluster and connection are filled per cluster
  // Orphan collection (orphan_collector.h): uncommitted archive files and multipart uploads
  // older than the grace are deleted, every interval (the first sweep a minute after Start).
  absl::Duration orphan_grace = absl::Hours(1);
  absl::Duration orphan_interval = absl::Minutes(10);
  // kPrincipals: ListArchiveFiles needs a principal and a role; kDevelopment: open to anyone.
  auth::AuthMode auth = auth::AuthMode::kPrincipals;
};

// The health service name whose status says "this archiver has a topology view".
inline constexpr char kArchiverReadyService[] = "causeway.archiver";

class ArchiverApp {
 public:
  explicit ArchiverApp(ArchiverAppOptions options);
  ~ArchiverApp();

  // Opens the store, starts following the topology and serving; returns at once.
  absl::Status Start();
  // Start(), then block until SIGTERM/SIGINT, then Stop(). For main.
  absl::Status Run();
  // Every partition finishes (close, upload, commit), the groups are left. Idempotent.
  void Stop();

  ClusterArchiverStats Stats() const;
  ServiceProcess& process() { return process_; }
  topology::TopologyFollower& follower() { return follower_; }
  std::shared_ptr<const ZonePlan> plan() const { return std::atomic_load(&plan_); }

 private:
  void Reconcile();
  void SweepOrphans();
  void RegisterMetrics();

  ArchiverAppOptions options_;
  ServiceProcess process_;
  std::unique_ptr<ObjectStore> store_;
  std::unique_ptr<ArchiveLedger> ledger_;
  std::unique_ptr<ArchiverService> service_;
  std::shared_ptr<const ZonePlan> plan_;  // atomic_load/atomic_store only

  std::mutex mu_;
  std::condition_variable cv_;
  bool poked_ = false;    // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  // Written by the reconciler under stats_mu_ (Stats reads them from any thread).
  std::map<std::string, std::unique_ptr<ClusterArchiver>> clusters_;
  mutable std::mutex stats_mu_;
  ClusterArchiverStats stopped_stats_;  // guarded by stats_mu_: of cluster archivers stopped
  int64_t orphans_deleted_ = 0;         // guarded by stats_mu_
  std::thread reconciler_;
  absl::Time next_sweep_;  // the reconciler's
  bool started_ = false;
  bool stopped_ = false;
  topology::TopologyFollower follower_;  // last: its thread feeds the plan
};

}  // namespace causeway::archiver
