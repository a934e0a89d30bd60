#include "gateway/server/publisher.h"

#include <uuid/uuid.h>

#include <atomic>
#include <mutex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/core/errors.h"
#include "common/core/names.h"
#include "common/codec/confluent_framing.h"

namespace causeway::gateway {
namespace {

// Collects the per-zone outcomes of one event and reports once every zone has answered. For an
// event answered ACCEPTED, `lost` hears of every zone whose queued write then failed, unless a zone
// refused it at once (then the answer was that refusal, not ACCEPTED).
class ZoneFanIn {
 public:
  using LossReport = std::function<void(const RouteTarget&, const Delivery&)>;
  // `state` keeps the routes (and so the targets Report is given) alive until the last report.
  // `base` carries the zones an earlier attempt wrote already; `zones` more are to report.
  ZoneFanIn(std::shared_ptr<const RoutingState> state, v1::PublishResult base, size_t zones,
            std::function<void(v1::PublishResult)> done, LossReport lost)
      : state_(std::move(state)), result_(std::move(base)), remaining_(zones),
        done_(std::move(done)), lost_(std::move(lost)) {
    result_.mutable_zones()->Reserve(result_.zones_size() + static_cast<int>(zones));
  }

  // `queued`: the sink took the event (its delivery report is `d`); false when Send refused it.
  void Report(const RouteTarget& t, const Delivery& d, bool queued) {
    bool last = false;
    {
      std::lock_guard lock(mu_);
      v1::ZoneResult* z = result_.add_zones();
      z->set_zone(t.zone);
      z->set_cluster(t.cluster.name);
      z->set_code(static_cast<int>(d.status.code()));
      z->set_message(std::string(d.status.message()));
      z->set_partition(d.partition);
      z->set_offset(d.offset);
      if (!d.status.ok()) failures_.push_back(absl::StrCat("zone ", t.zone, ": ", d.status.message()));
      if (!d.status.ok() && first_error_.ok()) first_error_ = d.status;
      if (!queued) refused_ = true;
      if (queued && !d.status.ok() && lost_) undelivered_.emplace_back(&t, d);
      last = --remaining_ == 0;
    }
    if (!last) return;
    if (!first_error_.ok()) {
      result_.set_code(static_cast<int>(first_error_.code()));
      result_.set_message(absl::StrJoin(failures_, "; "));
    }
    if (!refused_) {
      for (const auto& [target, delivery] : undelivered_) lost_(*target, delivery);
    }
    done_(std::move(result_));
  }

 private:
  const std::shared_ptr<const RoutingState> state_;
  std::mutex mu_;
  v1::PublishResult result_;
  size_t remaining_;
  absl::Status first_error_;
  std::vector<std::string> failures_;
  bool refused_ = false;
  std::vector<std::pair<const RouteTarget*, Delivery>> undelivered_;
  std::function<void(v1::PublishResult)> done_;
  LossReport lost_;
};

bool WrittenTo(const std::vector<v1::ZoneResult>& written, const RouteTarget& t) {
  for (const v1::ZoneResult& z : written) {
    if (z.zone() == t.zone && z.cluster() == t.cluster.name) return true;
  }
  return false;
}

// A refusal's text travels as a unary call's grpc-message header: past the peer's metadata
// limit (8 KiB by default, percent-encoding tripling non-ASCII bytes) the client sees
// RESOURCE_EXHAUSTED instead, and its connection's later calls fail too. 100 violations with long
// paths (a payload's keys are its own) exceed it; the full list stays in `violations`.
constexpr size_t kMaxViolationTextBytes = 2048;

// The smallest record limit of the clusters `route` writes to, and one cluster that has it.
std::pair<int64_t, const std::string*> RecordLimit(const EventSink& sink, const Route& route) {
  std::pair<int64_t, const std::string*> limit{INT64_MAX, nullptr};
  for (const RouteTarget& t : route.targets) {
    const int64_t max = sink.MaxRecordBytes(t.cluster);
    if (max < limit.first) limit = {max, &t.cluster.name};
  }
  return limit;
}

v1::PublishResult TooLarge(const std::string& event_id, const std::string& what) {
  v1::PublishResult r = ErrorResult(event_id, InvalidField(kTooLargePath, what));
  v1::Violation* v = r.add_violations();
  v->set_path(kTooLargePath);
  v->set_message(what);
  return r;
}

std::string ViolationText(const std::vector<v1::Violation>& violations) {
  std::string text;
  for (size_t i = 0; i < violations.size(); ++i) {
    const std::string part = absl::StrCat(i == 0 ? "" : "; ", violations[i].path(), ": ",
                                          violations[i].message());
    if (text.size() + part.size() > kMaxViolationTextBytes) {
      size_t listed = i;
      if (i == 0) {  // the first alone is too long: cut at a character boundary
        size_t end = kMaxViolationTextBytes;
        while (end > 0 && (static_cast<unsigned char>(part[end]) & 0xC0) == 0x80) --end;
        text.assign(part, 0, end);
        listed = 1;
      }
      if (listed < violations.size()) {
        absl::StrAppend(&text, "; and ", violations.size() - listed, " more");
      }
      break;
    }
    text += part;
  }
  return text;
}

}  // namespace

std::string NewEventId() {
  uuid_t uuid;
  uuid_generate_random(uuid);
  char text[37];
  uuid_unparse_lower(uuid, text);
  return text;
}

v1::PublishResult ErrorResult(const std::string& event_id, const absl::Status& status) {
  v1::PublishResult r;
  r.set_event_id(event_id);
  r.set_code(static_cast<int>(status.code()));
  r.set_message(std::string(status.message()));
  return r;
}

bool IsTooLarge(const v1::PublishResult& result) {
  return result.code() == static_cast<int>(absl::StatusCode::kInvalidArgument) &&
         result.violations_size() == 1 && result.violations(0).path() == kTooLargePath;
}

Publisher::Publisher(StateSource state, PayloadCodec* codec, EventSink* sink, Dedup* dedup,
                     AuthMode auth, DeliveryObserver* observer)
    : state_(std::move(state)), codec_(codec), sink_(sink), dedup_(dedup), auth_(auth),
      observer_(observer) {}

absl::Status Publisher::Authenticate(const Credentials& credentials) const {
  if (auth_ != AuthMode::kPrincipals) return absl::OkStatus();
  auto state = state_();
  if (!state) return absl::OkStatus();
  return state->principals().Authenticate(credentials).status();
}

std::string Publisher::Publish(const v1::PublishRequest& req, const Credentials& credentials,
                               PublishDone done) {
  const std::string event_id = req.event_id().empty() ? NewEventId() : req.event_id();
  auto fail = [&](const absl::Status& s) {
    done(ErrorResult(event_id, s));
    return event_id;
  };

  auto state = state_();
  if (!state) {
    return fail(absl::UnavailableError("the gateway has no topology yet (causeway-topology "
                                       "unreachable and no snapshot file)"));
  }
  // Who publishes comes first: an unknown caller learns nothing about names or event types.
  std::string producer = req.producer_id();
  if (auth_ == AuthMode::kPrincipals) {
    auto authenticated = state->principals().Authenticate(credentials);
    if (!authenticated.ok()) return fail(authenticated.status());
    if (!producer.empty() && producer != authenticated->principal) {
      return fail(absl::PermissionDeniedError(
          absl::StrCat("producer_id \"", producer, "\" is not the authenticated principal \"",
                       authenticated->principal, "\"")));
    }
    producer = std::move(authenticated->principal);
  }
  if (absl::Status s = ValidateResourceName("namespace", req.namespace_()); !s.ok()) return fail(s);
  if (absl::Status s = ValidateEventTypeName("event_type", req.event_type()); !s.ok()) return fail(s);
  if (req.event_id().size() > 200) return fail(InvalidField("event_id", "longer than 200 bytes"));
  if (auth_ == AuthMode::kPrincipals) {
    if (absl::Status s = state->principals().Check(producer, auth::Need::Publisher(req.namespace_()));
        !s.ok()) {
      return fail(s);
    }
  }
  auto route = state->Resolve(req.namespace_(), req.event_type());
  if (!route.ok()) return fail(route.status());
  if (req.payload_case() == v1::PublishRequest::kAvro && req.schema_id().empty()) {
    return fail(InvalidField("schema_id", "required with an Avro payload"));
  }
  if (req.payload_case() == v1::PublishRequest::PAYLOAD_NOT_SET) {
    return fail(InvalidField("payload", "json or avro required"));
  }
  // Too large to fit even before it is parsed (see kJsonToRecordFactor).
  const auto [max_record, limiting_cluster] = RecordLimit(*sink_, **route);
  const bool json = req.payload_case() == v1::PublishRequest::kJson;
  const int64_t payload_bytes = static_cast<int64_t>(json ? req.json().size() : req.avro().size());
  if (limiting_cluster != nullptr &&
      payload_bytes > (json ? kJsonToRecordFactor * max_record : max_record)) {
    done(TooLarge(event_id, absl::StrCat(
        json ? "the JSON payload is " : "the Avro payload is ", payload_bytes,
        " bytes; an event must fit in ", max_record, " bytes as a Kafka record (the limit of "
        "cluster \"", *limiting_cluster, "\", the gateway's --message-max-bytes)",
        json ? absl::StrCat(", and a JSON payload over ", kJsonToRecordFactor,
                            " times that is refused before it is parsed")
             : "")));
    return event_id;
  }
  auto schema = state->SchemaFor(req.namespace_(), req.event_type(), req.schema_id());
  if (!schema.ok()) return fail(schema.status());

  // The Confluent header first, then the datum encoded right after it: no copy.
  std::string value;
  codec::AppendConfluentHeader(codec::GlobalSchemaId{(*schema)->meta.global_id()}, value);
  std::vector<v1::Violation> violations;
  absl::Status encoded =
      req.payload_case() == v1::PublishRequest::kJson
          ? codec_->EncodeJson(*(*schema)->parsed, req.json(), &value, &violations)
          : codec_->CheckBinary(*(*schema)->parsed, req.avro(), &violations);
  if (!encoded.ok()) {
    v1::PublishResult r = ErrorResult(event_id, encoded);
    if (!violations.empty()) r.set_message(ViolationText(violations));
    for (auto& v : violations) *r.add_violations() = std::move(v);
    done(r);
    return event_id;
  }
  if (req.payload_case() == v1::PublishRequest::kAvro) value += req.avro();

  OutgoingEvent event;
  event.topic = (*route)->topic;
  event.has_key = !req.key().empty();
  event.key = req.key();
  event.value = std::move(value);
  event.headers = {{kHeaderEventId, event_id},
                   {kHeaderNamespace, req.namespace_()},
                   {kHeaderEventType, req.event_type()},
                   {kHeaderSchemaId, (*schema)->meta.id()}};
  if (!producer.empty()) event.headers.emplace_back(kHeaderProducerId, producer);
  if (!req.traceparent().empty()) event.headers.emplace_back(kHeaderTraceparent, req.traceparent());

  // Refused here rather than by librdkafka (MSG_SIZE_TOO_LARGE), and before dedup remembers it.
  if (const int64_t bytes = RecordBytes(event); limiting_cluster != nullptr && bytes > max_record) {
    done(TooLarge(event_id, absl::StrCat(
        "the event is ", bytes, " bytes as a Kafka record (encoded payload, key and headers), "
        "more than the ", max_record, " bytes cluster \"", *limiting_cluster,
        "\" accepts (the gateway's --message-max-bytes)")));
    return event_id;
  }

  v1::PublishResult base;
  base.set_event_id(event_id);
  base.set_schema_id((*schema)->meta.id());
  base.set_global_schema_id((*schema)->meta.global_id());

  // Only an event id the client chose can be retried, so only those are remembered.
  const bool remember = !req.event_id().empty();
  EventFingerprint fingerprint;
  std::vector<v1::ZoneResult> written;  // by an earlier attempt that failed elsewhere
  if (remember) {
    const bool avro = req.payload_case() == v1::PublishRequest::kAvro;
    fingerprint = FingerprintOf(
        {.producer = producer,
         .namespace_ = req.namespace_(),
         .event_type = req.event_type(),
         .event_id = event_id,
         .avro = avro,
         .payload = avro ? req.avro() : req.json(),
         .kafka_key = req.key(),
         .named_schema_global_id = req.schema_id().empty() ? 0 : (*schema)->meta.global_id()});
    switch (dedup_->Begin(fingerprint, event_id, done, absl::Now(), &written)) {
      case Dedup::Claim::kNew: break;
      case Dedup::Claim::kAnswered:
      case Dedup::Claim::kWaiting: return event_id;
      case Dedup::Claim::kConflict:
        return fail(absl::AlreadyExistsError(absl::StrCat(
            "event id \"", event_id, "\" was already used for a different ", req.namespace_(), "/",
            req.event_type(), " event within this gateway's dedup window; a retry must repeat the "
            "payload, key and schema id, a new event needs a new event id")));
    }
  }

  const bool persisted = req.ack() != v1::ACK_ACCEPTED;
  Dedup* dedup = dedup_;
  auto finish = [persisted, done, dedup, remember, fingerprint](v1::PublishResult result) {
    if (remember) dedup->Finish(fingerprint, result);
    if (persisted) done(result);
  };
  // A retry after a partial failure writes only the zones the earlier attempt did not.
  std::vector<const RouteTarget*> targets;
  targets.reserve((*route)->targets.size());
  for (const RouteTarget& t : (*route)->targets) {
    if (!WrittenTo(written, t)) targets.push_back(&t);
  }
  v1::PublishResult with_written = base;
  for (v1::ZoneResult& z : written) *with_written.add_zones() = std::move(z);
  if (targets.empty()) {  // every zone was written by earlier attempts
    finish(with_written);
    if (!persisted) done(with_written);
    return event_id;
  }
  ZoneFanIn::LossReport lost;
  if (!persisted && observer_ != nullptr) {
    lost = [observer = observer_, event_id, ns = req.namespace_(), type = req.event_type()](
               const RouteTarget& t, const Delivery& d) {
      observer->AcceptedLost({.event_id = event_id, .namespace_ = ns, .event_type = type,
                              .zone = t.zone, .cluster = t.cluster.name, .failure = d.failure,
                              .error = d.status});
    };
  }
  auto fan_in = std::make_shared<ZoneFanIn>(state, std::move(with_written), targets.size(), finish,
                                            std::move(lost));
  absl::Status queued;
  for (size_t i = 0; i < targets.size(); ++i) {
    const RouteTarget& t = *targets[i];
    // The last zone takes the event itself: one copy fewer for the common single-zone case.
    absl::Status s = sink_->Send(t.cluster, i + 1 == targets.size() ? std::move(event) : event,
                                 [fan_in, &t](const Delivery& d) { fan_in->Report(t, d, true); });
    if (!s.ok()) {
      if (queued.ok()) queued = s;
      Delivery refused;
      refused.status = s;
      fan_in->Report(t, refused, false);
    }
  }
  // ACCEPTED answers now: queued everywhere, or the first zone's refusal.
  if (!persisted) {
    v1::PublishResult accepted = queued.ok() ? base : ErrorResult(event_id, queued);
    done(accepted);
  }
  return event_id;
}

}  // namespace causeway::gateway
