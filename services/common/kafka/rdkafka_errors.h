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

}  // namespace causeway::kafka
