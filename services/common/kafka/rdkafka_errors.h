#pragma once
// The one place where librdkafka's error codes become absl::Status codes, so that every Kafka
// failure in Causeway is worded and classified the same way.
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "librdkafka/rdkafka.h"

namespace causeway::kafka {

// UNAVAILABLE for connectivity and leadership, DEADLINE_EXCEEDED for timeouts, INVALID_ARGUMENT for
// requests the broker refuses as malformed, UNIMPLEMENTED for features the broker lacks, UNKNOWN
// for anything unclassified.
absl::StatusCode StatusCodeOf(rd_kafka_resp_err_t err);

// `<action>: <ERROR_NAME>: <detail>` with the code of StatusCodeOf(err), e.g.
// `creating topic "a" on cluster 127.0.0.1:9092: INVALID_PARTITIONS: Number of partitions ...`.
// An empty detail falls back to librdkafka's description of err.
absl::Status KafkaError(rd_kafka_resp_err_t err, absl::string_view action,
                        absl::string_view detail);

// True for the errors that only mean "no answer yet" (timeouts, transport), which a caller may turn
// into UNAVAILABLE when it knows the cluster was never reached.
bool IsTimeoutOrTransport(rd_kafka_resp_err_t err);

// A producer's failure as the client whose event it was sees it. Faults on the writer's side (its
// credentials, ACLs, brokers, timeouts) are not the client's to fix, so they are never
// UNAUTHENTICATED or PERMISSION_DENIED (which tell a client that *its* credentials are at fault):
// UNAVAILABLE when they may pass (retry later with the same event id), INTERNAL when the writer's
// own configuration is wrong; an event the cluster refuses as too large or malformed is
// INVALID_ARGUMENT, a full local queue RESOURCE_EXHAUSTED.
absl::StatusCode ProducerStatusCodeOf(rd_kafka_resp_err_t err);

// `cluster "<cluster>" could not take the event: <ERROR_NAME> (...)` with ProducerStatusCodeOf(err):
// names the error, says whose side it is on and what to do, and nothing else (librdkafka's detail
// belongs in the writer's log, not in an answer to a client).
absl::Status ProducerError(rd_kafka_resp_err_t err, absl::string_view cluster);

}  // namespace causeway::kafka
