#include "archiver/server/archiver_app.h"

#include "absl/strings/str_cat.h"
#include <filesystem>

#include "archiver/ledger/pg_archive_ledger.h"
#include "archiver/server/orphan_collector.h"
#include "archiver/storage/local_store.h"
#include "archiver/storage/s3_store.h"
#include "common/core/log.h"
#include "common/server/signals.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"

namespace causeway::archiver {

ArchiverApp::ArchiverApp(ArchiverAppOptions options)
    : options_(std::move(options)),
      process_("causeway-archiver", options_.server),
      follower_(options_.follower, [this](const std::shared_ptr<const topology::TopologyView>& v) {
        std::atomic_store(&plan_, PlanZone(*v, options_.zone));
        process_.SetReady(kArchiverReadyService, true);
        {
          std::lock_guard lock(mu_);
          poked_ = true;
        }
        cv_.notify_all();
      }) {
  options_.archive.zone = options_.zone;
  process_.SetReady(kArchiverReadyService, false);
  RegisterMetrics();
}

ArchiverApp::~ArchiverApp() { Stop(); }

absl::Status ArchiverApp::Start() {
  if (options_.zone.empty()) return absl::InvalidArgumentError("--zone: required");
  if (options_.s3) {
    auto s3 = S3Store::Create(*options_.s3);
    if (!s3.ok()) return s3.status();
    store_ = *std::move(s3);
  } else {
    auto local = LocalStore::Open(options_.local_root);
    if (!local.ok()) return local.status();
    store_ = *std::move(local);
  }
  ledger_ = std::make_unique<PgArchiveLedger>(options_.database);
  std::error_code ec;
  std::filesystem::create_directories(options_.archive.spool_dir, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("--spool-dir ", options_.archive.spool_dir, ": ", ec.message()));
  }
  for (const auto& entry : std::filesystem::directory_iterator(options_.archive.spool_dir, ec)) {
    if (entry.path().extension() == ".spool") std::filesystem::remove(entry.path(), ec);
  }
  next_sweep_ = absl::Now() + absl::Minutes(1);
  std::string uri_prefix =
      options_.s3 ? absl::StrCat("s3://", options_.s3->bucket, "/") : "file://" + options_.local_root + "/";
  service_ = std::make_unique<ArchiverService>(
      options_.zone, std::move(uri_prefix), ledger_.get(), [this] { return follower_.view(); },
      options_.auth);
  process_.AddService(service_.get());
  if (absl::Status s = process_.Start(); !s.ok()) return s;
  started_ = true;
  reconciler_ = std::thread([this] { Reconcile(); });
  follower_.Start();
  log::Info("archiving zone", {{"zone", options_.zone},
                               {"store", options_.s3 ? "s3://" + options_.s3->bucket
                                                     : "file://" + options_.local_root}});
  return absl::OkStatus();
}

absl::Status ArchiverApp::Run() {
  if (absl::Status s = Start(); !s.ok()) return s;
  const int sig = WaitForTerminationSignal();
  log::Info("signal received", {{"signal", absl::StrCat(sig)}});
  Stop();
  return absl::OkStatus();
}

void ArchiverApp::Stop() {
  if (stopped_) return;
  stopped_ = true;
  follower_.Stop();
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (reconciler_.joinable()) reconciler_.join();
  if (started_) process_.Shutdown();
}

void ArchiverApp::Reconcile() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait_for(lock, std::chrono::seconds(1), [this] { return poked_ || stopping_; });
    const bool stopping = stopping_;
    poked_ = false;
    lock.unlock();
    std::shared_ptr<const ZonePlan> plan = stopping ? nullptr : this->plan();
    const bool archived = plan && plan->archived;
    // Stop what the plan no longer has (every cluster when the zone is not archived).
    std::vector<std::string> gone;
    {
      std::lock_guard stats(stats_mu_);
      for (const auto& [name, c] : clusters_) {
        if (!archived || plan->clusters.count(name) == 0) gone.push_back(name);
      }
    }
    for (const std::string& name : gone) {
      ClusterArchiver* c = nullptr;
      {
        std::lock_guard stats(stats_mu_);
        c = clusters_.at(name).get();
      }
      c->Stop();  // finishes its partitions (close, upload, commit); Stats() counts it meanwhile
      ClusterArchiverStats last = c->Stats();
      last.partitions = 0;
      last.lag_records = 0;
      last.lag = absl::ZeroDuration();
      std::lock_guard stats(stats_mu_);
      AddStats(stopped_stats_, last);
      clusters_.erase(name);
      log::Info("cluster archiver stopped", {{"zone", options_.zone}, {"cluster", name}});
    }
    if (archived) {
      for (const auto& [name, cp] : plan->clusters) {
        {
          std::lock_guard stats(stats_mu_);
          if (auto it = clusters_.find(name); it != clusters_.end()) {
            it->second->Update();
            continue;
          }
        }
        ClusterArchiverOptions o = options_.cluster;
        o.cluster = name;
        o.connection = cp.connection;
        auto started = ClusterArchiver::Start(options_.archive, o, store_.get(), ledger_.get(),
                                              [this] { return this->plan(); });
        if (!started.ok()) {
          log::Error("cannot start the cluster archiver (retried)",
                     {{"cluster", name}, {"error", started.status().ToString()}});
          continue;
        }
        std::lock_guard stats(stats_mu_);
        clusters_[name] = *std::move(started);
      }
    }
    if (stopping) return;
    if (absl::Now() >= next_sweep_) {
      SweepOrphans();
      next_sweep_ = absl::Now() + options_.orphan_interval;
    }
    lock.lock();
  }
}

void ArchiverApp::SweepOrphans() {
  absl::StatusOr<OrphanSweep> sweep = CollectOrphans(
      *store_, *ledger_, options_.archive.root, options_.zone, options_.orphan_grace, absl::Now());
  if (!sweep.ok()) {
    log::Warn("orphan collection failed (tried again later)", {{"error", sweep.status().ToString()}});
    return;
  }
  if (sweep->deleted > 0 || sweep->uploads_aborted > 0) {
    log::Info("orphans collected", {{"files", absl::StrCat(sweep->deleted)},
                                    {"uploads", absl::StrCat(sweep->uploads_aborted)}});
  }
  std::lock_guard stats(stats_mu_);
  orphans_deleted_ += sweep->deleted + sweep->uploads_aborted;
}

ClusterArchiverStats ArchiverApp::Stats() const {
  std::lock_guard lock(stats_mu_);
  ClusterArchiverStats total = stopped_stats_;
  for (const auto& [name, c] : clusters_) AddStats(total, c->Stats());
  return total;
}

void ArchiverApp::RegisterMetrics() {
  prometheus::Registry& r = process_.metrics().registry();
  auto& records = prometheus::BuildCounter()
                      .Name("causeway_archiver_records_total")
                      .Help("Records appended to archive files")
                      .Register(r)
                      .Add({{"zone", options_.zone}});
  auto& files = prometheus::BuildCounter()
                    .Name("causeway_archiver_files_total")
                    .Help("Archive files closed, by reason (size, records, age, hour, open_files, "
                          "revoke, shutdown)")
                    .Register(r);
  auto& committed = prometheus::BuildCounter()
                        .Name("causeway_archiver_committed_files_total")
                        .Help("Archive files committed in the ledger")
                        .Register(r)
                        .Add({{"zone", options_.zone}});
  auto& bytes = prometheus::BuildCounter()
                    .Name("causeway_archiver_committed_bytes_total")
                    .Help("Bytes of the committed archive files")
                    .Register(r)
                    .Add({{"zone", options_.zone}});
  auto& upload_errors = prometheus::BuildCounter()
                            .Name("causeway_archiver_upload_errors_total")
                            .Help("Failed uploads of archive files (each retried)")
                            .Register(r)
                            .Add({{"zone", options_.zone}});
  auto& fenced = prometheus::BuildCounter()
                     .Name("causeway_archiver_fenced_total")
                     .Help("Commits refused because another archiver claimed the partition")
                     .Register(r)
                     .Add({{"zone", options_.zone}});
  auto& gaps = prometheus::BuildCounter()
                   .Name("causeway_archiver_gaps_total")
                   .Help("Ranges of offsets retention deleted before they were archived "
                         "(alert on any)")
                   .Register(r)
                   .Add({{"zone", options_.zone}});
  auto& unframed = prometheus::BuildCounter()
                       .Name("causeway_archiver_unframed_records_total")
                       .Help("Records without Confluent framing, archived as bytes (schema id 0)")
                       .Register(r)
                       .Add({{"zone", options_.zone}});
  auto& orphans = prometheus::BuildCounter()
                      .Name("causeway_archiver_orphans_deleted_total")
                      .Help("Uncommitted archive files and multipart uploads older than "
                            "--orphan-grace deleted")
                      .Register(r)
                      .Add({{"zone", options_.zone}});
  auto& partitions = prometheus::BuildGauge()
                         .Name("causeway_archiver_partitions")
                         .Help("Partitions this archiver holds")
                         .Register(r)
                         .Add({{"zone", options_.zone}});
  // Counters move by what the archivers counted since the last scrape.
  auto last = std::make_shared<ClusterArchiverStats>();
  auto& lag_records = prometheus::BuildGauge()
                          .Name("causeway_archiver_lag_records")
                          .Help("Records on the brokers not yet in committed archive files (the "
                                "partitions this archiver holds)")
                          .Register(r)
                          .Add({{"zone", options_.zone}});
  auto& lag_seconds = prometheus::BuildGauge()
                          .Name("causeway_archiver_lag_seconds")
                          .Help("Age of the oldest record read and not yet committed (0 when "
                                "everything read is committed)")
                          .Register(r)
                          .Add({{"zone", options_.zone}});
  auto last_orphans = std::make_shared<int64_t>(0);
  process_.OnScrape([this, last, last_orphans, &records, &files, &committed, &bytes,
                     &upload_errors, &fenced, &gaps, &unframed, &orphans, &partitions,
                     &lag_records, &lag_seconds] {
    const ClusterArchiverStats now = Stats();
    const auto up = [](prometheus::Counter& c, int64_t now_v, int64_t& last_v) {
      if (now_v > last_v) c.Increment(static_cast<double>(now_v - last_v));
      last_v = std::max(last_v, now_v);
    };
    up(records, now.records, last->records);
    up(committed, now.files_committed, last->files_committed);
    up(bytes, now.bytes_committed, last->bytes_committed);
    up(upload_errors, now.upload_errors, last->upload_errors);
    up(fenced, now.fenced, last->fenced);
    up(gaps, now.gaps, last->gaps);
    up(unframed, now.unframed, last->unframed);
    for (const auto& [reason, n] : now.closed) {
      up(files.Add({{"zone", options_.zone}, {"reason", CloseReasonName(reason)}}), n,
         last->closed[reason]);
    }
    partitions.Set(static_cast<double>(now.partitions));
    lag_records.Set(static_cast<double>(now.lag_records));
    lag_seconds.Set(absl::ToDoubleSeconds(now.lag));
    int64_t deleted = 0;
    {
      std::lock_guard stats(stats_mu_);
      deleted = orphans_deleted_;
    }
    up(orphans, deleted, *last_orphans);
  });
}

}  // namespace causeway::archiver
