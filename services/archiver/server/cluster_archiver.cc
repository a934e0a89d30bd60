#include "archiver/server/cluster_archiver.h"

#include "absl/strings/str_cat.h"
#include "common/codec/confluent_framing.h"
#include "common/core/log.h"

namespace causeway::archiver {
namespace {

constexpr int kRecordsPerRound = 256;
// A record without Confluent framing is kept whole, as Avro bytes under this schema.
constexpr char kBytesSchema[] = R"("bytes")";

struct ListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const { rd_kafka_topic_partition_list_destroy(l); }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, ListDeleter>;

// An Avro `bytes` datum: the zigzag varint length, then the bytes.
std::string AvroBytes(std::string_view value) {
  std::string out;
  uint64_t n = static_cast<uint64_t>(value.size()) << 1;
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
  out.append(value);
  return out;
}

void Add(ClusterArchiverStats& to, const PartitionArchiverStats& s) {
  to.records += s.records;
  to.files_committed += s.files_committed;
  to.bytes_committed += s.bytes_committed;
  to.upload_errors += s.upload_errors;
  for (const auto& [reason, n] : s.closed) to.closed[reason] += n;
}

}  // namespace

void AddStats(ClusterArchiverStats& to, const ClusterArchiverStats& s) {
  to.records += s.records;
  to.files_committed += s.files_committed;
  to.bytes_committed += s.bytes_committed;
  to.upload_errors += s.upload_errors;
  to.fenced += s.fenced;
  to.gaps += s.gaps;
  to.unframed += s.unframed;
  to.partitions += s.partitions;
  to.lag_records += s.lag_records;
  to.lag = std::max(to.lag, s.lag);
  for (const auto& [reason, n] : s.closed) to.closed[reason] += n;
}

absl::StatusOr<std::unique_ptr<ClusterArchiver>> ClusterArchiver::Start(
    PartitionArchiverConfig config, ClusterArchiverOptions options, ObjectStore* store,
    ArchiveLedger* ledger, PlanFn plan) {
  std::unique_ptr<ClusterArchiver> a(new ClusterArchiver(std::move(config), std::move(options),
                                                         store, ledger, std::move(plan)));
  kafka::ConsumerOptions co;
  co.group_id = a->options_.group_id.empty() ? absl::StrCat("causeway-archiver.", a->config_.zone)
                                              : a->options_.group_id;
  co.auto_offset_reset = a->options_.start;
  co.extra = {{"partition.assignment.strategy", "cooperative-sticky"},
              {"isolation.level", "read_committed"},  // only committed data is archived
              {"session.timeout.ms",
               absl::StrCat(absl::ToInt64Milliseconds(a->options_.session_timeout))},
              {"heartbeat.interval.ms",
               absl::StrCat(std::max<int64_t>(
                   100, absl::ToInt64Milliseconds(a->options_.session_timeout) / 5))},
              {"queued.max.messages.kbytes", "16384"}};
  ClusterArchiver* self = a.get();
  co.on_rebalance = [self](rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* partitions) {
    self->OnRebalance(rk, err, partitions);
  };
  auto consumer = kafka::KafkaConsumer::Create(
      absl::StrCat("cluster \"", a->options_.cluster, "\""), a->options_.connection, std::move(co));
  if (!consumer.ok()) return consumer.status();
  a->consumer_ = *std::move(consumer);
  a->thread_ = std::thread([self] { self->PollLoop(); });
  return a;
}

ClusterArchiver::~ClusterArchiver() { Stop(); }

void ClusterArchiver::Update() { replan_ = true; }

void ClusterArchiver::Stop() {
  std::call_once(stop_once_, [this] {
    running_ = false;
    if (thread_.joinable()) thread_.join();  // the poll thread finished every partition
    consumer_.reset();                         // leaves the group
  });
}

ClusterArchiverStats ClusterArchiver::Stats() const {
  std::lock_guard lock(stats_mu_);
  return live_;
}

void ClusterArchiver::Resubscribe() {
  std::shared_ptr<const ZonePlan> plan = plan_();
  std::vector<std::string> topics;
  if (plan && plan->archived) {
    auto c = plan->clusters.find(options_.cluster);
    if (c != plan->clusters.end()) {
      for (const ArchivedTopic& t : c->second.topics) topics.push_back(t.topic);
    }
  }
  if (topics == topics_) return;
  topics_ = topics;
  if (topics.empty()) {
    rd_kafka_unsubscribe(consumer_->handle());
    log::Info("archiver has no topic to read on this cluster",
              {{"zone", config_.zone}, {"cluster", options_.cluster}});
    return;
  }
  if (absl::Status s = consumer_->Subscribe(topics); !s.ok()) {
    log::Warn("subscribe failed", {{"cluster", options_.cluster}, {"error", s.ToString()}});
    topics_.clear();  // tried again at the next round
    return;
  }
  log::Info("archiving topics", {{"zone", config_.zone},
                                 {"cluster", options_.cluster},
                                 {"count", absl::StrCat(topics.size())}});
}

void ClusterArchiver::PollLoop() {
  absl::Time next_tick = absl::Now() + options_.tick;
  while (running_) {
    if (replan_.exchange(false)) Resubscribe();
    std::shared_ptr<const ZonePlan> plan = plan_();
    absl::Duration timeout = options_.poll_timeout;
    for (int n = 0; n < kRecordsPerRound && running_; ++n) {
      kafka::KafkaConsumer::Polled polled = consumer_->Poll(timeout);
      timeout = absl::ZeroDuration();
      if (polled.result == kafka::KafkaConsumer::PollResult::kRecord) {
        if (plan) OnRecord(polled.record, *plan);
        continue;
      }
      if (polled.result == kafka::KafkaConsumer::PollResult::kError) {
        log::Warn("consumer error", {{"cluster", options_.cluster}, {"error", polled.error_text}});
      }
      break;
    }
    if (absl::Now() >= next_tick) {
      TickAll();
      next_tick = absl::Now() + options_.tick;
    }
  }
  // Stop: every partition finishes here, on the thread that owns them.
  for (auto& [tp, p] : partitions_) {
    if (absl::Status s = p.archiver->Finish(CloseReason::kShutdown); !s.ok()) {
      log::Warn("partition not finished at shutdown (the next owner re-reads it)",
                {{"topic", tp.first}, {"partition", absl::StrCat(tp.second)},
                 {"error", s.ToString()}});
    }
    Fold(p.archiver->stats());
  }
  CommitKafka(consumer_->handle());
  partitions_.clear();
  std::lock_guard lock(stats_mu_);
  live_ = stats_;
  live_.partitions = 0;
}

void ClusterArchiver::Seek(const TopicPartition& tp, int64_t offset, bool pause) {
  PartitionList list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), tp.first.c_str(), tp.second)->offset = offset;
  if (pause) rd_kafka_pause_partitions(consumer_->handle(), list.get());
  if (rd_kafka_error_t* e = rd_kafka_seek_partitions(consumer_->handle(), list.get(), 0)) {
    rd_kafka_error_destroy(e);
  }
}

void ClusterArchiver::OnRecord(const kafka::ConsumedRecord& record, const ZonePlan& plan) {
  auto it = partitions_.find({record.topic, record.partition});
  if (it == partitions_.end()) return;  // not ours (any more)
  Partition& p = it->second;
  if (p.retry_offset >= 0) return;       // paused for an unknown schema: read again later
  ArchiveSchema unframed;
  const ArchiveSchema* schema = nullptr;
  std::string bytes;
  std::string_view body;
  absl::StatusOr<codec::ConfluentMessage> framed = codec::UnframeConfluent(record.value);
  if (framed.ok()) {
    schema = plan.SchemaOf(framed->schema_id.value);
    body = framed->datum;
    if (schema == nullptr) {
      // Registered just before it was published: the view follows in a moment.
      p.retry_offset = record.offset;
      p.retry_at = absl::Now() + options_.unknown_schema_retry;
      Seek(it->first, record.offset, /*pause=*/true);
      return;
    }
  } else {
    const ArchivedTopic* topic = plan.TopicOf(options_.cluster, record.topic);
    unframed = ArchiveSchema{0, topic ? topic->ns : "unknown", topic ? topic->event_type : "unknown",
                             kBytesSchema};
    schema = &unframed;
    bytes = AvroBytes(record.value);
    body = bytes;
    std::lock_guard lock(stats_mu_);
    ++stats_.unframed;
  }
  absl::Status added = p.archiver->Add(record, *schema, body, absl::Now());
  if (absl::IsFailedPrecondition(added)) return;  // a duplicate fetch
  if (!added.ok()) {
    log::Warn("record not archived yet (read again)",
              {{"topic", record.topic}, {"partition", absl::StrCat(record.partition)},
               {"offset", absl::StrCat(record.offset)}, {"error", added.ToString()}});
    p.retry_offset = record.offset;
    p.retry_at = absl::Now() + options_.unknown_schema_retry;
    Seek(it->first, record.offset, /*pause=*/true);
  }
}

void ClusterArchiver::TickAll() {
  const absl::Time now = absl::Now();
  ClusterArchiverStats live;
  for (auto it = partitions_.begin(); it != partitions_.end();) {
    Partition& p = it->second;
    if (p.retry_offset >= 0 && now >= p.retry_at) {
      PartitionList list(rd_kafka_topic_partition_list_new(1));
      rd_kafka_topic_partition_list_add(list.get(), it->first.first.c_str(), it->first.second);
      p.retry_offset = -1;
      rd_kafka_resume_partitions(consumer_->handle(), list.get());
    }
    absl::Status s = p.archiver->Tick(now);
    if (absl::IsAborted(s)) {
      log::Warn("partition fenced: another archiver claimed it",
                {{"topic", it->first.first}, {"partition", absl::StrCat(it->first.second)},
                 {"error", s.ToString()}});
      PartitionList list(rd_kafka_topic_partition_list_new(1));
      rd_kafka_topic_partition_list_add(list.get(), it->first.first.c_str(), it->first.second);
      rd_kafka_pause_partitions(consumer_->handle(), list.get());
      Fold(p.archiver->stats());
      {
        std::lock_guard lock(stats_mu_);
        ++stats_.fenced;
      }
      it = partitions_.erase(it);
      continue;
    }
    if (!s.ok()) {
      log::Warn("archive tick failed (retried)",
                {{"topic", it->first.first}, {"partition", absl::StrCat(it->first.second)},
                 {"error", s.ToString()}});
    }
    Add(live, p.archiver->stats());
    int64_t low = 0, high = 0;
    // The high watermark of the last fetch (no request to the broker).
    if (rd_kafka_get_watermark_offsets(consumer_->handle(), it->first.first.c_str(),
                                       it->first.second, &low, &high) ==
            RD_KAFKA_RESP_ERR_NO_ERROR &&
        high > p.archiver->committed_offset()) {
      live.lag_records += high - p.archiver->committed_offset();
    }
    const absl::Time oldest = p.archiver->oldest_pending();
    if (oldest != absl::InfiniteFuture()) live.lag = std::max(live.lag, now - oldest);
    ++it;
  }
  CommitKafka(consumer_->handle());
  std::lock_guard lock(stats_mu_);
  ClusterArchiverStats total = stats_;
  live.partitions = static_cast<int64_t>(partitions_.size());
  AddStats(total, live);
  live_ = total;
}

void ClusterArchiver::CommitKafka(rd_kafka_t* rk) {
  // Best-effort: the ledger is the archive's truth; Kafka's offsets let lag tools see progress.
  PartitionList list(rd_kafka_topic_partition_list_new(0));
  std::vector<Partition*> moved;
  for (auto& [tp, p] : partitions_) {
    const int64_t c = p.archiver->committed_offset();
    if (c == p.kafka_committed || c <= 0) continue;
    rd_kafka_topic_partition_list_add(list.get(), tp.first.c_str(), tp.second)->offset = c;
    moved.push_back(&p);
  }
  if (list->cnt == 0) return;
  const rd_kafka_resp_err_t e = rd_kafka_commit(rk, list.get(), /*async=*/0);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    log::Warn("Kafka offset commit failed (lag shown late)",
              {{"cluster", options_.cluster}, {"error", rd_kafka_err2str(e)}});
    return;
  }
  for (Partition* p : moved) p->kafka_committed = p->archiver->committed_offset();
}

void ClusterArchiver::Fold(const PartitionArchiverStats& s) {
  std::lock_guard lock(stats_mu_);
  Add(stats_, s);
}

void ClusterArchiver::OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                  rd_kafka_topic_partition_list_t* partitions) {
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    Assigned(rk, partitions);
    return;
  }
  Revoked(rk, *partitions, rd_kafka_assignment_lost(rk));
  if (std::string_view(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE") {
    if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, partitions)) {
      rd_kafka_error_destroy(e);
    }
  } else {
    rd_kafka_assign(rk, nullptr);
  }
}

void ClusterArchiver::Assigned(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions) {
  for (int i = 0; i < partitions->cnt; ++i) {
    rd_kafka_topic_partition_t& tp = partitions->elems[i];
    int64_t low = 0, high = 0;
    const rd_kafka_resp_err_t w =
        rd_kafka_query_watermark_offsets(rk, tp.topic, tp.partition, &low, &high, 5000);
    if (w != RD_KAFKA_RESP_ERR_NO_ERROR) low = high = 0;
    const int64_t start = options_.start == "latest" ? high : low;
    PartitionRef ref{config_.zone, options_.cluster, tp.topic, tp.partition};
    auto archiver = PartitionArchiver::Start(config_, store_, ledger_, ref, start);
    if (!archiver.ok()) {
      // Without a lease nothing may be read: the partition stays paused at the beginning until
      // the next rebalance (the group re-assigns it on this member's next join).
      log::Error("cannot claim partition (not read)",
                 {{"topic", tp.topic}, {"partition", absl::StrCat(tp.partition)},
                  {"error", archiver.status().ToString()}});
      tp.offset = RD_KAFKA_OFFSET_END;
      continue;
    }
    int64_t from = (*archiver)->start_offset();
    if (w == RD_KAFKA_RESP_ERR_NO_ERROR && from < low) {
      // Retention deleted what was never archived: recorded, alerted, then archiving goes on.
      log::Error("archive gap: retention passed the archived offset",
                 {{"topic", tp.topic}, {"partition", absl::StrCat(tp.partition)},
                  {"from", absl::StrCat(from)}, {"to", absl::StrCat(low)}});
      (*archiver)->Gap(low);
      std::lock_guard lock(stats_mu_);
      ++stats_.gaps;
      from = low;
    }
    tp.offset = from;
    partitions_[{tp.topic, tp.partition}] = Partition{*std::move(archiver)};
    log::Info("partition claimed",
              {{"topic", tp.topic}, {"partition", absl::StrCat(tp.partition)},
               {"from", absl::StrCat(from)},
               {"generation", absl::StrCat(partitions_[{tp.topic, tp.partition}].archiver->generation())}});
  }
  if (std::string_view(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE") {
    if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, partitions)) {
      log::Error("incremental assign failed", {{"error", rd_kafka_error_string(e)}});
      rd_kafka_error_destroy(e);
    }
  } else {
    rd_kafka_assign(rk, partitions);
  }
}

void ClusterArchiver::Revoked(rd_kafka_t* rk, const rd_kafka_topic_partition_list_t& partitions,
                              bool lost) {
  for (int i = 0; i < partitions.cnt; ++i) {
    auto it = partitions_.find({partitions.elems[i].topic, partitions.elems[i].partition});
    if (it == partitions_.end()) continue;
    // Lost: another member may own it already; its claim fences our commit (nothing is lost).
    if (absl::Status s = it->second.archiver->Finish(CloseReason::kRevoke); !s.ok()) {
      log::Warn(lost ? "lost partition not finished" : "revoked partition not finished",
                {{"topic", it->first.first}, {"partition", absl::StrCat(it->first.second)},
                 {"error", s.ToString()}});
    }
  }
  CommitKafka(rk);
  for (int i = 0; i < partitions.cnt; ++i) {
    auto it = partitions_.find({partitions.elems[i].topic, partitions.elems[i].partition});
    if (it == partitions_.end()) continue;
    Fold(it->second.archiver->stats());
    partitions_.erase(it);
  }
}

}  // namespace causeway::archiver
