#pragma once
// GatewayService: the gRPC face of causeway-gateway (proto/causeway/gateway/v1/gateway.proto) over
// the Publisher. Unary and batch calls wait for their events' outcomes; PublishStream is a
// callback-API reactor with a bounded in-flight window per stream.
//
// Threads: PublishBatch blocks a sync-pool thread until the outcomes or the deadline; Publish and
// PublishStream run on gRPC's callback threads and the sink's delivery threads.
#include <cstdint>

#include "absl/time/time.h"
#include "causeway/gateway/v1/gateway.grpc.pb.h"
#include "gateway/server/publisher.h"

namespace causeway::gateway {

struct GatewayServiceOptions {
  // Events one PublishStream may have read and not yet answered on the wire (awaiting Kafka, or
  // their result waiting to be written to a client that does not read) before the gateway stops
  // reading it; refused events count too. Bounds the results a stream holds.
  int max_in_flight = 1000;
  // How long a unary call without a deadline waits for Kafka.
  absl::Duration default_wait = absl::Seconds(30);
  // Answer UNAVAILABLE this long before the caller's deadline rather than let it expire, so the
  // caller learns nothing was acknowledged and can retry with the same event id.
  absl::Duration deadline_margin = absl::Milliseconds(50);
};

// What a request may carry besides its payload (ids, key, traceparent, framing).
inline constexpr int64_t kRequestEnvelopeBytes = 64 << 10;
// The largest gRPC request message the gateway reads (ServerOptions::max_message_bytes; beyond it
// gRPC answers RESOURCE_EXHAUSTED) for events of at most `max_record_bytes` as Kafka records: one
// JSON event at kJsonToRecordFactor times that (the most the publisher parses) plus
// kRequestEnvelopeBytes. A PublishBatch shares the bound, so batches of large events are split.
int MaxRequestMessageBytes(int64_t max_record_bytes);

// Results every PublishStream in this process holds, produced and not yet written to the client
// (at most max_in_flight per stream): the gauge causeway_gateway_stream_pending_results.
int64_t StreamPendingResults();

// Publish is on the callback API: a call waiting for Kafka holds no thread (on the sync API, 64
// concurrent unary clients made gRPC's pool grow to hundreds of threads: tools/bench/gateway_e2e).
class GatewayService final
    : public v1::Gateway::WithCallbackMethod_Publish<
          v1::Gateway::WithCallbackMethod_PublishStream<v1::Gateway::Service>> {
 public:
  GatewayService(Publisher* publisher, GatewayServiceOptions options = {});

  grpc::ServerUnaryReactor* Publish(grpc::CallbackServerContext*, const v1::PublishRequest*,
                                    v1::PublishResponse*) override;
  grpc::Status PublishBatch(grpc::ServerContext*, const v1::PublishBatchRequest*,
                            v1::PublishBatchResponse*) override;
  grpc::ServerBidiReactor<v1::PublishRequest, v1::PublishResult>* PublishStream(
      grpc::CallbackServerContext*) override;

 private:
  absl::Time WaitUntil(const grpc::ServerContextBase& ctx) const;

  Publisher* publisher_;
  GatewayServiceOptions options_;
};

}  // namespace causeway::gateway
