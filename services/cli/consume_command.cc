#include "cli/consume_command.h"

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "causeway/relay/v1/relay.grpc.pb.h"
#include "cli/errors.h"
#include "common/client/channel.h"
#include "common/core/grpc_status.h"

namespace causeway::cli {
namespace {

namespace rv1 = ::causeway::relay::v1;
namespace tv1 = ::causeway::topology::v1;

struct ConsumeArgs {
  std::string subscription;
  int count = 0;
  bool no_ack = false;
  std::string content;  // "": the subscription's
  int max_outstanding = 0;
  int ack_deadline = 0;
  std::string client_id = "causeway-cli";
};

// One line per event for people: where it came from, then the payload (Avro as hex).
std::string EventLine(const rv1::ConsumedEvent& e) {
  const std::string payload = e.content_type() == "application/json"
                                  ? e.payload()
                                  : absl::StrCat("0x", absl::BytesToHexString(e.payload()));
  return absl::StrCat(e.namespace_(), "/", e.event_type(), " ", e.cluster(), "/", e.partition(),
                      "@", e.offset(), " key=", absl::CEscape(e.key()), " attempt=", e.attempt(),
                      " ", payload);
}

absl::Status Consume(const ConsumeArgs& a, Session& session) {
  if (!session.connection.ok()) return session.connection.status();
  const ChannelOptions& relay = session.connection->relay;
  auto channel = NewChannel(relay);
  if (!channel.ok()) return ConfigError(channel.status());
  auto stub = rv1::Relay::NewStub(*channel);
  grpc::ClientContext ctx;
  // Like `watch`: a stream has no deadline unless --timeout is given.
  if (session.options.timeout_given) {
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + session.options.timeout()));
  }
  AddCallCredentials(relay, &ctx);
  auto stream = stub->Consume(&ctx);

  rv1::ConsumeRequest init;
  rv1::ConsumeInit& i = *init.mutable_init();
  i.set_subscription(a.subscription);
  i.set_client_id(a.client_id);
  i.set_max_outstanding_events(a.max_outstanding);
  i.set_ack_deadline_seconds(a.ack_deadline);
  if (!a.content.empty()) {
    i.set_content(a.content == "avro" ? tv1::SUBSCRIPTION_CONTENT_AVRO
                                      : tv1::SUBSCRIPTION_CONTENT_JSON);
  }
  if (!stream->Write(init)) return FromGrpcStatus(stream->Finish());

  int printed = 0;
  rv1::ConsumeResponse resp;
  while ((a.count == 0 || printed < a.count) && stream->Read(&resp)) {
    if (resp.has_started()) {
      session.out.Line(absl::StrCat("consuming ", a.subscription, " (stream ",
                                    resp.started().stream_id(), ")"));
      continue;
    }
    if (!resp.has_events()) continue;  // heartbeat
    rv1::ConsumeRequest ack;
    for (const rv1::ConsumedEvent& e : resp.events().events()) {
      if (a.count != 0 && printed >= a.count) break;  // the rest are redelivered to others
      if (session.out.json()) {
        session.out.JsonLine(e);
      } else {
        session.out.Line(EventLine(e));
      }
      ++printed;
      ack.mutable_ack()->add_ack_ids(e.ack_id());
    }
    if (!a.no_ack && ack.ack().ack_ids_size() > 0 && !stream->Write(ack)) break;
  }
  stream->WritesDone();
  ctx.TryCancel();  // --count reached: leave without waiting for the server's end
  const grpc::Status s = stream->Finish();
  if (a.count != 0 && printed >= a.count) return absl::OkStatus();
  return s.ok() ? absl::OkStatus() : FromGrpcStatus(s);
}

}  // namespace

void AddConsumeCommand(CLI::App& app, CommandRunner& runner) {
  CLI::App* cmd = app.add_subcommand(
      "consume",
      "Read a PULL subscription through causeway-relay (--relay), printing each event and "
      "acknowledging it once printed; runs until --count events or Ctrl-C (unacknowledged "
      "events are redelivered)");
  auto a = std::make_shared<ConsumeArgs>();
  cmd->add_option("subscription", a->subscription, "The subscription's name")->required();
  cmd->add_option("--count", a->count, "Exit after this many events (0: run until stopped)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--no-ack", a->no_ack,
                "Print without acknowledging: the events come again after the ack deadline");
  cmd->add_option("--content", a->content,
                  "json or avro: what the subscription delivers (checked by the relay; default: "
                  "whatever it delivers). Avro payloads are printed as hex")
      ->check(CLI::IsMember({"json", "avro"}));
  cmd->add_option("--max-outstanding", a->max_outstanding,
                  "Events sent to this stream and not acknowledged at most (default 100)")
      ->check(CLI::Range(0, 10000));
  cmd->add_option("--ack-deadline", a->ack_deadline,
                  "Seconds before an unacknowledged event is delivered again (default 60)")
      ->check(CLI::Range(0, 600));
  cmd->add_option("--client-id", a->client_id, "Names this consumer in the relay's logs");
  runner.Bind(cmd, [a](Session& session) { return Consume(*a, session); });
}

}  // namespace causeway::cli
