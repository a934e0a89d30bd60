#include "stream_consumer.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "causeway/relay/v1/relay.grpc.pb.h"

namespace causeway::bench {
namespace {

namespace rv1 = ::causeway::relay::v1;
using Clock = std::chrono::steady_clock;

struct Shared {
  std::atomic<int64_t> events{0}, bytes{0}, batches{0}, redelivered{0};
  std::mutex mu;
  Clock::time_point first = Clock::time_point::max(), last{};
  absl::Status failure;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;  // to cancel every stream at the end
};

void RunOne(const StreamConsumeOptions& o, int index, Shared& shared, grpc::ClientContext* ctx) {
  grpc::ChannelArguments args;
  // One connection per stream, as separate consumer processes would have.
  args.SetInt("grpc.channel_id", index);
  args.SetMaxReceiveMessageSize(64 << 20);
  auto channel =
      grpc::CreateCustomChannel(o.relay, grpc::InsecureChannelCredentials(), args);
  auto stub = rv1::Relay::NewStub(channel);
  if (!o.token.empty()) ctx->AddMetadata("authorization", "Bearer " + o.token);
  auto stream = stub->Consume(ctx);
  rv1::ConsumeRequest init;
  init.mutable_init()->set_subscription(o.subscription);
  init.mutable_init()->set_client_id(absl::StrCat("bench-", index));
  init.mutable_init()->set_max_batch(o.max_batch);
  init.mutable_init()->set_max_outstanding_events(o.max_outstanding);
  init.mutable_init()->set_batch_flush_ms(20);
  stream->Write(init);
  rv1::ConsumeResponse resp;
  rv1::ConsumeRequest ack;
  while (shared.events.load() < o.events && stream->Read(&resp)) {
    if (!resp.has_events()) continue;
    const Clock::time_point now = Clock::now();
    ack.mutable_ack()->clear_ack_ids();
    int64_t bytes = 0, redelivered = 0;
    for (const rv1::ConsumedEvent& e : resp.events().events()) {
      ack.mutable_ack()->add_ack_ids(e.ack_id());
      bytes += static_cast<int64_t>(e.payload().size());
      redelivered += e.attempt() > 1;
    }
    if (!stream->Write(ack)) break;
    shared.batches.fetch_add(1);
    shared.bytes.fetch_add(bytes);
    shared.redelivered.fetch_add(redelivered);
    const int64_t total = shared.events.fetch_add(resp.events().events_size()) +
                          resp.events().events_size();
    std::lock_guard lock(shared.mu);
    if (now < shared.first) shared.first = now;
    shared.last = Clock::now();
    if (total >= o.events) break;
  }
  stream->WritesDone();
  ctx->TryCancel();
  const grpc::Status s = stream->Finish();
  if (!s.ok() && s.error_code() != grpc::StatusCode::CANCELLED) {
    std::lock_guard lock(shared.mu);
    if (shared.failure.ok()) {
      shared.failure = absl::UnknownError(
          absl::StrCat("stream ", index, ": ", s.error_code(), " ", s.error_message()));
    }
  }
}

}  // namespace

absl::StatusOr<StreamConsumeResult> RunStreamConsumers(const StreamConsumeOptions& o) {
  const Clock::time_point start = Clock::now();
  Shared shared;
  for (int i = 0; i < o.streams; ++i) {
    shared.contexts.push_back(std::make_unique<grpc::ClientContext>());
    shared.contexts.back()->set_deadline(std::chrono::system_clock::now() +
                                         absl::ToChronoNanoseconds(o.deadline));
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < o.streams; ++i) {
    threads.emplace_back([&, i] {
      RunOne(o, i, shared, shared.contexts[i].get());
      // The first stream done (the total reached, or failed) ends the others.
      for (auto& c : shared.contexts) c->TryCancel();
    });
  }
  for (auto& t : threads) t.join();
  StreamConsumeResult r;
  r.events = shared.events.load();
  r.bytes = shared.bytes.load();
  r.batches = shared.batches.load();
  r.redelivered = shared.redelivered.load();
  if (r.events > 0) {
    r.elapsed = absl::FromChrono(shared.last - shared.first);
    r.first = absl::FromChrono(shared.first - start);
  }
  if (r.events < o.events) {
    if (!shared.failure.ok()) return shared.failure;
    return absl::DeadlineExceededError(
        absl::StrCat("acknowledged ", r.events, " of ", o.events, " events"));
  }
  return r;
}

}  // namespace causeway::bench
