#include "relay/server/subscription_runner.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/core/log.h"
#include "common/kafka/event_headers.h"
#include "common/kafka/rdkafka_topic_admin.h"
#include "common/core/time_text.h"
#include "relay/server/record_decoder.h"
#include "google/protobuf/util/time_util.h"

namespace causeway::relay {
namespace {

// Printable ASCII (and tab): a valid proto string any consumer can print. The causeway-* headers
// and traceparent are; binary headers are left out.
bool IsPrintableText(absl::string_view v) {
  for (unsigned char c : v) {
    if ((c < 0x20 && c != '\t') || c >= 0x7f) return false;
  }
  return true;
}

namespace tv1 = ::causeway::topology::v1;

struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* l) const {
    rd_kafka_topic_partition_list_destroy(l);
  }
};
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;

std::string AutoOffsetReset(const tv1::Subscription& s) {
  return s.start() == tv1::START_POSITION_EARLIEST ? "earliest" : "latest";
}

std::string HeaderOr(const kafka::ConsumedRecord& r, const char* name) {
  auto v = r.Header(name);
  return v ? std::string(*v) : std::string();
}

// Requests go unsigned for a static subscription without a signing key: the core always signs,
// so its signature header is removed again.
void StripSignature(HttpRequest& request) {
  std::erase_if(request.headers, [](const auto& h) { return h.first == "webhook-signature"; });
}

}  // namespace

absl::StatusOr<std::shared_ptr<SubscriptionRunner>> SubscriptionRunner::Start(
    std::shared_ptr<const SubscriptionConfig> config, RunnerTarget target, RunnerDeps deps,
    RunnerOptions options) {
  if (config->subscription.mode() == tv1::SUBSCRIPTION_MODE_PULL && deps.pull == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("subscription \"", config->subscription.name(),
                     "\" is PULL and this runner has no stream hub"));
  }
  std::shared_ptr<SubscriptionRunner> r(
      new SubscriptionRunner(std::move(config), std::move(target), std::move(deps), options));
  if (absl::Status s = r->Connect(); !s.ok()) {
    r->fetching_ = false;
    std::call_once(r->stop_once_, [] {});
    return s;
  }
  r->poll_thread_ = std::thread([raw = r.get()] { raw->PollLoop(); });
  return r;
}

SubscriptionRunner::SubscriptionRunner(std::shared_ptr<const SubscriptionConfig> config,
                                       RunnerTarget target, RunnerDeps deps,
                                       RunnerOptions options)
    : name_(config->subscription.name()),
      pull_(config->subscription.mode() == tv1::SUBSCRIPTION_MODE_PULL),
      owner_([] {
        static std::atomic<uint64_t> next{1};
        return next++;
      }()),
      target_(std::move(target)),
      deps_(std::move(deps)),
      options_(options),
      metrics_(deps_.metrics != nullptr ? deps_.metrics->For(name_) : nullptr),
      config_(config),
      scheduler_(OrderingFromProto(config->subscription.ordering()),
                 static_cast<size_t>(config->policy.settings().max_in_flight)) {}

SubscriptionRunner::~SubscriptionRunner() { Stop(absl::Now()); }

absl::Status SubscriptionRunner::Connect() {
  const std::string label = absl::StrCat("cluster \"", target_.cluster, "\"");
  kafka::ConsumerOptions co;
  co.group_id = absl::StrCat("causeway.sub.", name_);
  co.auto_offset_reset = AutoOffsetReset(config_->subscription);
  co.extra = {{"partition.assignment.strategy", "cooperative-sticky"},
              {"session.timeout.ms",
               absl::StrCat(absl::ToInt64Milliseconds(options_.session_timeout))},
              // A fifth of the session timeout: a few missed heartbeats do not lose the group.
              {"heartbeat.interval.ms",
               absl::StrCat(std::max<int64_t>(
                   100, absl::ToInt64Milliseconds(options_.session_timeout) / 5))},
              // Records are copied out at once; a bounded prefetch keeps memory flat when the
              // endpoint is slow (the windows pause partitions long before this fills).
              {"queued.max.messages.kbytes", "16384"}};
  co.on_rebalance = [this](rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* partitions) {
    OnRebalance(rk, err, partitions);
  };
  auto consumer = kafka::KafkaConsumer::Create(label, target_.connection, std::move(co));
  if (!consumer.ok()) return consumer.status();
  consumer_ = *std::move(consumer);
  if (config_->is_static) {
    // Topology creates a subscription's dead-letter topic; a static one (development) has no
    // topology entity, so the relay makes sure its topic exists (one partition, the broker's
    // replication default).
    kafka::TopicSpec spec;
    spec.name = config_->subscription.dead_letter_topic();
    spec.partitions = 1;
    if (absl::Status s = kafka::RdKafkaTopicAdmin().CreateTopic(target_.connection, spec);
        !s.ok()) {
      log::Warn("cannot create the static subscription's dead-letter topic",
                {{"subscription", name_}, {"topic", spec.name}, {"error", s.ToString()}});
    }
  }
  auto producer = DeadLetterProducer::Create(label, target_.connection);
  if (!producer.ok()) return producer.status();
  dead_letters_ = *std::move(producer);
  if (absl::Status s = consumer_->Subscribe(target_.topics); !s.ok()) return s;
  log::Info("subscription runner started",
            {{"subscription", name_},
             {"cluster", target_.cluster},
             {"topics", absl::StrJoin(target_.topics, ",")},
             {"group", absl::StrCat("causeway.sub.", name_)}});
  return absl::OkStatus();
}

void SubscriptionRunner::Update(std::shared_ptr<const SubscriptionConfig> config) {
  std::lock_guard lock(mu_);
  config_ = std::move(config);
}

std::shared_ptr<const SubscriptionConfig> SubscriptionRunner::config() const {
  std::lock_guard lock(mu_);
  return config_;
}

void SubscriptionRunner::Count(const std::string& outcome, const std::string& status_class) {
  if (metrics_) metrics_->CountDelivery(outcome, status_class);
}

// ---- the poll thread ----

void SubscriptionRunner::PollLoop() {
  absl::Time next_commit = absl::Now() + options_.commit_interval;
  while (fetching_) {
    PauseOrResume();
    // What librdkafka has fetched already is taken at once (up to kRecordsPerFlush), and what
    // it makes ready is handed on together: one hand-off per batch, not per record.
    Outbox out;
    absl::Duration timeout = options_.poll_timeout;
    for (int n = 0; n < kRecordsPerFlush && fetching_; ++n) {
      kafka::KafkaConsumer::Polled polled = consumer_->Poll(timeout);
      timeout = absl::ZeroDuration();
      if (polled.result == kafka::KafkaConsumer::PollResult::kRecord) {
        OnRecord(std::move(polled.record), out);
        continue;
      }
      if (polled.result == kafka::KafkaConsumer::PollResult::kError) {
        log::Warn("consumer error", {{"subscription", name_},
                                     {"cluster", target_.cluster},
                                     {"error", polled.error_text}});
      }
      break;
    }
    Flush(std::move(out));
    dead_letters_->Poll(absl::ZeroDuration());
    if (absl::Now() >= next_commit && absl::Now() >= commit_hold_until_) {
      Commit();
      next_commit = absl::Now() + options_.commit_interval;
    }
  }
}

void SubscriptionRunner::OnRecord(kafka::ConsumedRecord record, Outbox& out) {
  std::shared_ptr<const SchemaIndex> schemas = deps_.schemas ? deps_.schemas() : nullptr;
  std::shared_ptr<const SubscriptionConfig> config = this->config();
  absl::StatusOr<DecodedEvent> decoded =
      schemas ? DecodeRecord(record, *schemas, config->readers, config->subscription.content())
              : absl::NotFoundError("no topology view yet");
  {
    std::lock_guard lock(mu_);
    auto pit = partitions_.find({record.topic, record.partition});
    if (pit == partitions_.end()) return;  // not ours (any more): the owner reads it
    PartitionState& ps = *pit->second;
    absl::Status accepted = ps.Accept(record.offset, record.timestamp_ms);
    if (absl::IsResourceExhausted(accepted)) {
      // The window is full: read this record again once the partition is resumed.
      PartitionList list(rd_kafka_topic_partition_list_new(1));
      rd_kafka_topic_partition_list_add(list.get(), record.topic.c_str(), record.partition)
          ->offset = record.offset;
      rd_kafka_pause_partitions(consumer_->handle(), list.get());
      ps.paused = true;
      if (rd_kafka_error_t* e = rd_kafka_seek_partitions(consumer_->handle(), list.get(), 0)) {
        rd_kafka_error_destroy(e);
      }
      return;
    }
    if (!accepted.ok()) return;  // an offset at or below one already read: a duplicate fetch
    const EventHandle handle = next_handle_++;
    Pending& p = events_[handle];
    p.pid = ps.id();
    DeliveryEvent& ev = p.event;
    ev.event_id = HeaderOr(record, kafka::kHeaderEventId);
    ev.namespace_name = HeaderOr(record, kafka::kHeaderNamespace);
    ev.event_type = HeaderOr(record, kafka::kHeaderEventType);
    ev.key = record.key.value_or("");
    ev.cluster = target_.cluster;
    ev.topic = record.topic;
    ev.partition = record.partition;
    ev.offset = record.offset;
    ev.timestamp = record.timestamp_ms >= 0 ? absl::FromUnixMillis(record.timestamp_ms) : absl::Now();
    ev.traceparent = HeaderOr(record, kafka::kHeaderTraceparent);
    p.record = std::move(record);
    if (!decoded.ok() && !absl::IsNotFound(decoded.status())) {
      p.last_error = std::string(decoded.status().message());
      log::Warn("undecodable record dead-lettered",
                {{"subscription", name_},
                 {"source", absl::StrCat(target_.cluster, "/", ev.topic, "/", ev.partition, "/",
                                         ev.offset)},
                 {"error", p.last_error}});
      DeadLetterLocked(handle, DeadLetterReason::kUndecodable, out);
    } else {
      if (decoded.ok()) {
        ApplyDecoded(p, *std::move(decoded));
      } else {
        // A schema id this view does not hold yet: the schema may have been registered just
        // before the event was published, and the view follows a moment later. The event
        // holds its lane (order is kept) and is decoded again until unknown_schema_wait.
        p.last_error = std::string(decoded.status().message());
        p.schema_wait_until = absl::Now() + options_.unknown_schema_wait;
      }
      std::vector<EventHandle> ready;
      p.in_scheduler = true;
      scheduler_.Offer(ScheduledEvent{handle, p.pid, ev.key}, &ready).IgnoreError();
      SendReadyLocked(ready, out);
    }
  }
}

void SubscriptionRunner::ApplyDecoded(Pending& p, DecodedEvent decoded) {
  DeliveryEvent& ev = p.event;
  ev.payload = std::move(decoded.payload);
  ev.content_type = decoded.content_type;
  ev.reader_fingerprint = std::move(decoded.reader_fingerprint);
  ev.schema_global_id = decoded.schema->meta.global_id();
  if (ev.namespace_name.empty()) ev.namespace_name = decoded.schema->meta.namespace_();
  if (ev.event_type.empty()) ev.event_type = decoded.schema->meta.event_type();
  p.decoded = true;
}

void SubscriptionRunner::OnRedecode(EventHandle handle) {
  Outbox out;
  {
    std::lock_guard lock(mu_);
    if (stopped_ || draining_) return;
    auto it = events_.find(handle);
    if (it == events_.end() || PartitionLocked(it->second.pid) == nullptr) return;
    Pending& p = it->second;
    std::shared_ptr<const SchemaIndex> schemas = deps_.schemas ? deps_.schemas() : nullptr;
    absl::StatusOr<DecodedEvent> decoded =
        schemas ? DecodeRecord(p.record, *schemas, config_->readers, config_->subscription.content())
                : absl::NotFoundError("no topology view yet");
    std::vector<EventHandle> ready;
    if (decoded.ok()) {
      ApplyDecoded(p, *std::move(decoded));
      scheduler_.Resume(handle, &ready).IgnoreError();
    } else if (absl::IsNotFound(decoded.status()) && absl::Now() < p.schema_wait_until) {
      ScheduleRedecodeLocked(handle);
    } else {
      p.last_error = std::string(decoded.status().message());
      log::Warn("undecodable record dead-lettered",
                {{"subscription", name_},
                 {"source", absl::StrCat(target_.cluster, "/", p.event.topic, "/",
                                         p.event.partition, "/", p.event.offset)},
                 {"error", p.last_error}});
      DeadLetterLocked(handle, DeadLetterReason::kUndecodable, out);
    }
    SendReadyLocked(ready, out);
  }
  Flush(std::move(out));
}

void SubscriptionRunner::ScheduleRedecodeLocked(EventHandle handle) {
  std::weak_ptr<SubscriptionRunner> weak = weak_from_this();
  timers_.Schedule(absl::Now() + absl::Milliseconds(250), [weak, handle] {
    if (auto self = weak.lock()) self->OnRedecode(handle);
  });
}

void SubscriptionRunner::PauseOrResume() {
  PartitionList pause(rd_kafka_topic_partition_list_new(0));
  PartitionList resume(rd_kafka_topic_partition_list_new(0));
  {
    std::lock_guard lock(mu_);
    for (auto& [tp, ps] : partitions_) {
      if (!ps->paused && ps->full()) {
        rd_kafka_topic_partition_list_add(pause.get(), tp.first.c_str(), tp.second);
        ps->paused = true;
      } else if (ps->paused && !ps->full() && !draining_) {
        rd_kafka_topic_partition_list_add(resume.get(), tp.first.c_str(), tp.second);
        ps->paused = false;
      }
    }
  }
  if (pause->cnt > 0) rd_kafka_pause_partitions(consumer_->handle(), pause.get());
  if (resume->cnt > 0) rd_kafka_resume_partitions(consumer_->handle(), resume.get());
}

void SubscriptionRunner::Commit() {
  PartitionList list(rd_kafka_topic_partition_list_new(0));
  std::vector<std::pair<std::pair<std::string, int32_t>, int64_t>> offsets;
  {
    std::lock_guard lock(mu_);
    for (auto& [tp, ps] : partitions_) {
      std::optional<int64_t> c = ps->committable();
      if (c && *c != ps->committed) {
        rd_kafka_topic_partition_list_add(list.get(), tp.first.c_str(), tp.second)->offset = *c;
        offsets.push_back({tp, *c});
      }
    }
  }
  if (list->cnt == 0) return;
  if (absl::Status s = consumer_->CommitSync(*list); !s.ok()) {
    log::Warn("commit failed", {{"subscription", name_}, {"error", s.ToString()}});
    return;
  }
  std::lock_guard lock(mu_);
  for (const auto& [tp, offset] : offsets) {
    if (auto it = partitions_.find(tp); it != partitions_.end()) it->second->committed = offset;
  }
}

void SubscriptionRunner::OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                                     rd_kafka_topic_partition_list_t* partitions) {
  const bool cooperative = std::string_view(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE";
  // A revoke, or an assignment of nothing, is the first phase of a cooperative rebalance: the
  // second join follows (see RunnerOptions::rebalance_commit_hold).
  if (err != RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS || partitions->cnt == 0) {
    commit_hold_until_ = absl::Now() + options_.rebalance_commit_hold;
  }
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    StartAtTimestamp(rk, partitions);
    OnAssigned(*partitions);
    if (cooperative) {
      if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, partitions)) {
        log::Error("incremental assign failed",
                   {{"subscription", name_}, {"error", rd_kafka_error_string(e)}});
        rd_kafka_error_destroy(e);
      }
    } else {
      rd_kafka_assign(rk, partitions);
    }
    return;
  }
  // Revoked (or lost): commit what is terminal on those partitions, then let them go.
  const bool lost = rd_kafka_assignment_lost(rk);
  log::Info(lost ? "partitions lost" : "partitions revoked",
            {{"subscription", name_},
             {"cluster", target_.cluster},
             {"count", absl::StrCat(partitions->cnt)},
             {"error", rd_kafka_err2name(err)}});
  auto revoked = Revoked(*partitions);
  if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS && !lost) {
    PartitionList list(rd_kafka_topic_partition_list_new(0));
    for (const auto& [ps, offset] : revoked) {
      if (offset < 0) continue;
      rd_kafka_topic_partition_list_add(list.get(), ps->topic().c_str(), ps->partition())->offset =
          offset;
    }
    // Through `rk`, not consumer_: the revoke of the consumer's close runs while consumer_ is
    // being destroyed.
    if (list->cnt > 0) {
      const rd_kafka_resp_err_t e = rd_kafka_commit(rk, list.get(), /*async=*/0);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR__NO_OFFSET) {
        log::Warn("commit on revoke failed",
                  {{"subscription", name_}, {"error", rd_kafka_err2str(e)}});
      }
    }
  }
  {
    std::lock_guard lock(mu_);
    for (const auto& [ps, offset] : revoked) {
      by_id_.erase(ps->id());
      partitions_.erase({ps->topic(), ps->partition()});
    }
  }
  if (cooperative) {
    if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, partitions)) {
      rd_kafka_error_destroy(e);
    }
  } else {
    rd_kafka_assign(rk, nullptr);
  }
}

void SubscriptionRunner::StartAtTimestamp(rd_kafka_t* rk,
                                          rd_kafka_topic_partition_list_t* partitions) {
  const std::shared_ptr<const SubscriptionConfig> config = this->config();
  if (config->subscription.start() != tv1::START_POSITION_TIMESTAMP || partitions->cnt == 0) {
    return;
  }
  // Only partitions the group has no offset for yet start at the timestamp; the others go on
  // from their commit.
  PartitionList committed(rd_kafka_topic_partition_list_copy(partitions));
  if (rd_kafka_committed(rk, committed.get(), 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    log::Warn("cannot read committed offsets; starting where auto.offset.reset says",
              {{"subscription", name_}});
    return;
  }
  const int64_t start_ms = config->subscription.start_time().seconds() * 1000 +
                           config->subscription.start_time().nanos() / 1000000;
  PartitionList times(rd_kafka_topic_partition_list_new(0));
  for (int i = 0; i < committed->cnt; ++i) {
    if (committed->elems[i].offset == RD_KAFKA_OFFSET_INVALID) {
      rd_kafka_topic_partition_list_add(times.get(), committed->elems[i].topic,
                                        committed->elems[i].partition)
          ->offset = start_ms;
    }
  }
  if (times->cnt == 0) return;
  if (rd_kafka_offsets_for_times(rk, times.get(), 10000) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    log::Warn("cannot look up offsets for the start time; starting where auto.offset.reset says",
              {{"subscription", name_}});
    return;
  }
  for (int i = 0; i < times->cnt; ++i) {
    rd_kafka_topic_partition_t* tp = rd_kafka_topic_partition_list_find(
        partitions, times->elems[i].topic, times->elems[i].partition);
    if (tp == nullptr || times->elems[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    // -1: nothing at or after the time yet, so start at the end.
    tp->offset = times->elems[i].offset >= 0 ? times->elems[i].offset : RD_KAFKA_OFFSET_END;
  }
}

void SubscriptionRunner::OnAssigned(const rd_kafka_topic_partition_list_t& partitions) {
  std::lock_guard lock(mu_);
  for (int i = 0; i < partitions.cnt; ++i) {
    const auto& tp = partitions.elems[i];
    auto ps = std::make_unique<PartitionState>(next_pid_++, tp.topic, tp.partition,
                                               options_.window);
    by_id_[ps->id()] = ps.get();
    partitions_[{tp.topic, tp.partition}] = std::move(ps);
  }
  log::Info("partitions assigned", {{"subscription", name_},
                                    {"cluster", target_.cluster},
                                    {"count", absl::StrCat(partitions.cnt)}});
}

std::vector<std::pair<PartitionState*, int64_t>> SubscriptionRunner::Revoked(
    const rd_kafka_topic_partition_list_t& partitions) {
  std::vector<std::pair<PartitionState*, int64_t>> out;
  std::lock_guard lock(mu_);
  for (int i = 0; i < partitions.cnt; ++i) {
    const auto& tp = partitions.elems[i];
    auto it = partitions_.find({tp.topic, tp.partition});
    if (it == partitions_.end()) continue;
    PartitionState* ps = it->second.get();
    std::vector<EventHandle> dropped;
    scheduler_.DropPartition(ps->id(), &dropped);
    for (EventHandle h : dropped) events_.erase(h);
    std::optional<int64_t> c = ps->committable();
    out.push_back({ps, c && *c != ps->committed ? *c : -1});
  }
  // Partitions with nothing new to commit are listed with -1: their state is dropped too, but
  // nothing is committed for them.
  return out;
}

// ---- attempts ----

PartitionState* SubscriptionRunner::PartitionLocked(PartitionId pid) {
  auto it = by_id_.find(pid);
  return it == by_id_.end() ? nullptr : it->second;
}

void SubscriptionRunner::SendReadyLocked(const std::vector<EventHandle>& ready, Outbox& out) {
  const SubscriptionConfig& config = *config_;
  std::vector<EventHandle> work(ready.begin(), ready.end());
  for (size_t i = 0; i < work.size(); ++i) {
    const EventHandle h = work[i];
    auto it = events_.find(h);
    if (it == events_.end()) continue;
    Pending& p = it->second;
    if (!p.decoded) {
      // Waiting for its schema to reach the view: it keeps its lane, gives its slot away.
      scheduler_.Park(h, &work).IgnoreError();
      if (!draining_ && !gone_) ScheduleRedecodeLocked(h);
      continue;
    }
    if (draining_ || gone_) {
      // Held back: the event stays uncommitted and is delivered after a restart or resume. Its
      // slot goes to the next ready event, which is held back the same way.
      scheduler_.Park(h, &work).IgnoreError();
      continue;
    }
    const absl::Time now = absl::Now();
    if (pull_) {
      ++p.attempts;
      if (p.attempts == 1) p.first_attempt = now;
      p.last_attempt = now;
      out.pulls.push_back(PullOffer{h, PullEventLocked(p), p.attempts});
      continue;
    }
    CallbackTarget t;
    t.subscription = name_;
    t.endpoint = config.subscription.endpoint();
    t.zone = config.subscription.zone();
    t.registry_url = config.registry_url;
    t.attempt_timeout = config.policy.settings().attempt_timeout;
    t.allow_private_address = config.subscription.allow_private_endpoint();
    static const WebhookSigner* unsigned_signer = [] {
      static auto s = WebhookSigner::Create({std::string("whsec_dW5zaWduZWQ=")});
      return s.ok() ? &*s : nullptr;
    }();
    t.signer = config.signer ? config.signer.get() : unsigned_signer;
    absl::StatusOr<HttpRequest> req = BuildCallbackRequest(
        p.event, t, p.attempts + 1, now, [this] { return absl::Uniform<uint64_t>(bitgen_); });
    if (!req.ok()) {
      p.last_error = std::string(req.status().message());
      p.last_status = "none";
      DeadLetterLocked(h, DeadLetterReason::kClientError, out);
      continue;
    }
    if (!config.signer) StripSignature(*req);
    ++p.attempts;
    if (p.attempts == 1) p.first_attempt = now;
    p.last_attempt = now;
    out.requests.emplace_back(h, *std::move(req));
  }
}

void SubscriptionRunner::Flush(Outbox out) {
  if (out.gone_reason && deps_.on_gone) deps_.on_gone(name_, *out.gone_reason);
  for (auto& [h, request] : out.requests) {
    std::weak_ptr<SubscriptionRunner> weak = weak_from_this();
    deps_.dispatcher->Send(std::move(request), [weak, h](HttpResult result) {
      if (auto self = weak.lock()) self->OnResult(h, std::move(result));
    });
  }
  if (!out.pulls.empty()) {
    std::weak_ptr<SubscriptionRunner> weak = weak_from_this();
    deps_.pull->Offer(name_, owner_, std::move(out.pulls),
                      [weak](std::vector<PullVerdict> verdicts) {
                        if (auto self = weak.lock()) self->OnPullVerdicts(std::move(verdicts));
                      });
  }
  for (auto& [h, letter] : out.dead_letters) {
    std::weak_ptr<SubscriptionRunner> weak = weak_from_this();
    dead_letters_->Produce(std::move(letter), [weak, h](absl::Status s) {
      if (auto self = weak.lock()) self->OnDeadLetterWritten(h, std::move(s));
    });
  }
}

void SubscriptionRunner::FinishLocked(EventHandle handle, std::vector<EventHandle>* ready) {
  auto it = events_.find(handle);
  if (it == events_.end()) return;
  if (it->second.in_scheduler) {
    scheduler_.Finish(handle, ready).IgnoreError();
    it->second.in_scheduler = false;
  }
}

void SubscriptionRunner::OnResult(EventHandle handle, HttpResult result) {
  Outbox out;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    auto it = events_.find(handle);
    if (it == events_.end()) return;
    Pending& p = it->second;
    const SubscriptionConfig& config = *config_;
    const absl::Time now = absl::Now();
    const Classification c = Classify(result, config.policy.settings().retry_client_errors);
    window_.Record(c, now);
    const std::string status_class(StatusClassLabel(c.status_class));
    (*counters_.mutable_attempts_by_status_class())[status_class]++;
    if (metrics_) metrics_->ObserveCallbackLatency(absl::ToDoubleSeconds(result.latency));
    p.last_status = LastStatusText(c);
    p.last_class = status_class;
    p.last_error = result.error;
    ApplyOutcomeLocked(handle, c.outcome, result.retry_after, DeadLetterReason::kClientError,
                       status_class, out);
  }
  Flush(std::move(out));
}

void SubscriptionRunner::OnPullVerdicts(std::vector<PullVerdict> verdicts) {
  Outbox out;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    const absl::Time now = absl::Now();
    for (PullVerdict& verdict : verdicts) ApplyPullVerdictLocked(verdict, now, out);
  }
  Flush(std::move(out));
}

void SubscriptionRunner::ApplyPullVerdictLocked(const PullVerdict& verdict, absl::Time now,
                                                Outbox& out) {
  auto it = events_.find(verdict.handle);
  if (it == events_.end()) return;
  Pending& p = it->second;
  // The sink redelivered it after deadlines or closed streams: the attempt the client settled.
  p.attempts = std::max(p.attempts, verdict.attempt);
  p.last_attempt = now;
  Outcome outcome = Outcome::kDelivered;
  std::string retry_after;
  std::string status_class;
  switch (verdict.kind) {
    case PullVerdict::Kind::kDelivered:
      status_class = "acked";
      p.last_status = "acked";
      break;
    case PullVerdict::Kind::kRetry:
      status_class = "nacked";
      p.last_status = "nacked";
      p.last_error = "nacked by the consumer";
      if (verdict.retry_after_ms > 0) {
        // Retry-After is in whole seconds: rounded up, so the wait is at least the asked one.
        outcome = Outcome::kRetryAfter;
        retry_after = absl::StrCat((verdict.retry_after_ms + 999) / 1000);
      } else {
        outcome = Outcome::kRetry;
      }
      break;
    case PullVerdict::Kind::kReject:
      status_class = "rejected";
      p.last_status = "rejected";
      p.last_error = kafka::TruncateUtf8(verdict.reason, kafka::kMaxDeadLetterError);
      outcome = Outcome::kDeadLetter;
      break;
  }
  (*counters_.mutable_attempts_by_status_class())[status_class]++;
  p.last_class = status_class;
  ApplyOutcomeLocked(verdict.handle, outcome, retry_after, DeadLetterReason::kRejected,
                     status_class, out);
}

void SubscriptionRunner::ApplyOutcomeLocked(EventHandle handle, Outcome outcome,
                                            absl::string_view retry_after,
                                            DeadLetterReason dead_letter,
                                            const std::string& status_class, Outbox& out) {
  auto it = events_.find(handle);
  if (it == events_.end()) return;
  Pending& p = it->second;
  const SubscriptionConfig& config = *config_;
  const absl::Time now = absl::Now();
  std::vector<EventHandle> ready;
  PartitionState* ps = PartitionLocked(p.pid);
  if (ps == nullptr) {
    // Its partition was revoked: the new owner delivers it again from the committed offset.
    FinishLocked(handle, &ready);
    events_.erase(it);
    SendReadyLocked(ready, out);
    return;
  }
  switch (outcome) {
    case Outcome::kDelivered: {
      counters_.set_delivered(counters_.delivered() + 1);
      Count("delivered", status_class);
      if (metrics_) {
        metrics_->ObservePublishToDelivery(
            std::max(0.0, absl::ToDoubleSeconds(now - p.event.timestamp)));
      }
      ps->Finish(p.event.offset);
      FinishLocked(handle, &ready);
      events_.erase(it);
      break;
    }
    case Outcome::kDeadLetter:
      DeadLetterLocked(handle, dead_letter, out);
      break;
    case Outcome::kSuspend:
      Count("suspended", status_class);
      if (!gone_) {
        gone_ = true;
        gone_reason_ = absl::StrCat("endpoint answered 410 Gone at ", FormatRfc3339(now));
        out.gone_reason = gone_reason_;
        log::Warn("endpoint answered 410 Gone: suspending the subscription",
                  {{"subscription", name_}, {"endpoint", config.subscription.endpoint()}});
      }
      // Not terminal: delivered once the subscription is resumed.
      scheduler_.Park(handle, &ready).IgnoreError();
      break;
    case Outcome::kRetry:
    case Outcome::kRetryAfter: {
      const absl::Duration delay = config.policy.DelayBeforeNextAttempt(
          p.attempts, outcome == Outcome::kRetryAfter ? retry_after : "", now,
          [this] { return absl::Uniform<uint64_t>(bitgen_); });
      if (config.policy.Exhausted(p.first_attempt, now + delay)) {
        DeadLetterLocked(handle, DeadLetterReason::kRetriesExhausted, out);
        break;
      }
      counters_.set_retried(counters_.retried() + 1);
      Count("retried", status_class);
      scheduler_.Park(handle, &ready).IgnoreError();
      if (!draining_) {
        std::weak_ptr<SubscriptionRunner> weak = weak_from_this();
        timers_.Schedule(now + delay, [weak, handle] {
          if (auto self = weak.lock()) self->OnTimer(handle);
        });
      }
      break;
    }
  }
  SendReadyLocked(ready, out);
}

relay::v1::ConsumedEvent SubscriptionRunner::PullEventLocked(const Pending& p) const {
  const DeliveryEvent& ev = p.event;
  relay::v1::ConsumedEvent e;
  e.set_event_id(ev.event_id);
  e.set_namespace_(ev.namespace_name);
  e.set_event_type(ev.event_type);
  e.set_key(ev.key);
  e.set_schema_id(static_cast<int32_t>(ev.schema_global_id));
  *e.mutable_publish_time() =
      google::protobuf::util::TimeUtil::MillisecondsToTimestamp(absl::ToUnixMillis(ev.timestamp));
  // The payload as the engine decoded it for the subscription's content and reader schemas.
  e.set_payload(ev.payload);
  e.set_content_type(std::string(ev.content_type));
  e.set_reader_fingerprint(ev.reader_fingerprint);
  for (const auto& [name, value] : p.record.headers) {
    // Text headers only (the proto's map holds strings); the last of a repeated name wins.
    if (IsPrintableText(value)) (*e.mutable_headers())[name] = value;
  }
  e.set_cluster(ev.cluster);
  e.set_partition(ev.partition);
  e.set_offset(ev.offset);
  return e;
}

void SubscriptionRunner::OnTimer(EventHandle handle) {
  Outbox out;
  {
    std::lock_guard lock(mu_);
    if (stopped_ || draining_ || gone_) return;
    auto it = events_.find(handle);
    if (it == events_.end() || PartitionLocked(it->second.pid) == nullptr) return;
    std::vector<EventHandle> ready;
    if (it->second.in_scheduler) {
      scheduler_.Resume(handle, &ready).IgnoreError();
    } else {
      // A dead letter whose write failed: write it again (with the reason of the first).
      DeadLetterLocked(handle, DeadLetterReason::kClientError, out);
    }
    SendReadyLocked(ready, out);
  }
  Flush(std::move(out));
}

void SubscriptionRunner::DeadLetterLocked(EventHandle handle, DeadLetterReason reason,
                                          Outbox& out) {
  auto it = events_.find(handle);
  if (it == events_.end()) return;
  Pending& p = it->second;
  std::vector<EventHandle> ready;
  FinishLocked(handle, &ready);  // the lane goes on while the dead letter is written
  const SubscriptionConfig& config = *config_;
  DeadLetterInfo info;
  // A rewrite after a failed write keeps the reason of the first.
  if (!p.dead_letter_reason) p.dead_letter_reason = reason;
  info.reason = *p.dead_letter_reason;
  info.last_status = p.last_status;
  info.attempts = p.attempts;
  if (p.attempts > 0) {
    info.first_attempt = p.first_attempt;
    info.last_attempt = p.last_attempt;
  }
  info.cluster = target_.cluster;
  info.topic = p.event.topic;
  info.partition = p.event.partition;
  info.offset = p.event.offset;
  info.error = p.last_error;
  DeadLetter letter;
  letter.topic = config.subscription.dead_letter_topic();
  letter.key = p.record.key;
  letter.value = p.record.value;
  letter.headers = WithDeadLetterHeaders(p.record.headers, info);
  ++dead_letters_pending_;
  out.dead_letters.emplace_back(handle, std::move(letter));
  SendReadyLocked(ready, out);
}

void SubscriptionRunner::OnDeadLetterWritten(EventHandle handle, absl::Status status) {
  std::lock_guard lock(mu_);
  --dead_letters_pending_;
  auto it = events_.find(handle);
  if (it == events_.end()) return;
  PartitionState* ps = PartitionLocked(it->second.pid);
  if (ps == nullptr) {
    events_.erase(it);  // revoked meanwhile: the new owner handles the record again
    return;
  }
  if (!status.ok()) {
    log::Error("dead letter not written; trying again",
               {{"subscription", name_}, {"error", status.ToString()}});
    if (stopped_) return;
    std::weak_ptr<SubscriptionRunner> weak = weak_from_this();
    timers_.Schedule(absl::Now() + options_.dead_letter_retry, [weak, handle] {
      if (auto self = weak.lock()) self->OnTimer(handle);
    });
    return;
  }
  const Pending& p = it->second;
  const DeadLetterReason reason = p.dead_letter_reason.value_or(DeadLetterReason::kClientError);
  (*counters_.mutable_dead_lettered_by_reason())[std::string(DeadLetterReasonName(reason))]++;
  counters_.set_dead_lettered(counters_.dead_lettered() + 1);
  Count("dead_lettered",
        reason == DeadLetterReason::kUndecodable ? std::string("undecodable") : p.last_class);
  ps->Finish(it->second.event.offset);
  events_.erase(it);
}

// ---- stop and status ----

void SubscriptionRunner::Stop(absl::Time deadline) {
  std::call_once(stop_once_, [&] {
    fetching_ = false;
    if (poll_thread_.joinable()) poll_thread_.join();
    {
      std::lock_guard lock(mu_);
      draining_ = true;
    }
    // Pull: the events out on streams are not waited for (a stream may hold them for its whole
    // ack deadline); they stay uncommitted and are delivered again by the next owner.
    if (pull_ && deps_.pull != nullptr) deps_.pull->Forget(name_, owner_);
    // In-flight attempts and dead-letter writes may finish until the deadline.
    while (absl::Now() < deadline) {
      {
        std::lock_guard lock(mu_);
        if ((pull_ || scheduler_.in_flight() == 0) && dead_letters_pending_ == 0) break;
      }
      if (dead_letters_) dead_letters_->Poll(absl::Milliseconds(20));
      else absl::SleepFor(absl::Milliseconds(20));
    }
    timers_.Stop();
    if (consumer_) Commit();
    {
      std::lock_guard lock(mu_);
      stopped_ = true;
    }
    if (consumer_) consumer_.reset();  // leaves the group (its revoke commits nothing new)
    if (dead_letters_) dead_letters_->Close(deadline);
    log::Info("subscription runner stopped",
              {{"subscription", name_}, {"cluster", target_.cluster}});
  });
}

RunnerStatus SubscriptionRunner::Status() const {
  RunnerStatus s;
  std::lock_guard lock(mu_);
  s.counters = counters_;
  s.in_flight = static_cast<int64_t>(scheduler_.in_flight());
  s.retrying = static_cast<int64_t>(scheduler_.parked());
  s.window = window_.Totals(absl::Now());
  s.gone = gone_;
  s.gone_reason = gone_reason_;
  for (const auto& [tp, ps] : partitions_) {
    relay::v1::PartitionStatus p;
    p.set_cluster(target_.cluster);
    p.set_topic(tp.first);
    p.set_partition(tp.second);
    const std::optional<int64_t> c = ps->committable();
    p.set_committable_offset(c.value_or(-1));
    p.set_committed_offset(ps->committed);
    int64_t low = -1, high = -1;
    if (!stopped_ && consumer_ &&
        rd_kafka_get_watermark_offsets(consumer_->handle(), tp.first.c_str(), tp.second, &low,
                                       &high) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      p.set_high_watermark(high);
    } else {
      p.set_high_watermark(-1);
    }
    const int64_t from = c ? *c : ps->committed;
    if (high >= 0 && from >= 0) p.set_lag_records(std::max<int64_t>(0, high - from));
    p.set_uncommitted(static_cast<int64_t>(ps->uncommitted()));
    p.set_paused(ps->paused);
    if (auto oldest = ps->oldest_open()) {
      p.set_oldest_undelivered_seconds(std::max(0.0, absl::ToDoubleSeconds(absl::Now() - *oldest)));
      if (!s.oldest_undelivered || *oldest < *s.oldest_undelivered) s.oldest_undelivered = oldest;
    }
    s.partitions.push_back(std::move(p));
  }
  return s;
}

}  // namespace causeway::relay
