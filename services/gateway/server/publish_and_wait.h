#pragma once
// The request/response doors (unary and batch gRPC, HTTP) publish, then block until each event's
// outcome or a deadline. Shared here so that every door answers a late acknowledgement the same
// way: UNAVAILABLE, "not acknowledged, retry with the same event id".
#include <vector>

#include "absl/time/time.h"
#include "gateway/server/publisher.h"

namespace causeway::gateway {

// One result per request, in order. Events whose outcome has not come by `until` get
// NotAcknowledged (they may still be written: a retry with the same event id is not duplicated).
std::vector<v1::PublishResult> PublishAndWait(Publisher& publisher,
                                              const std::vector<const v1::PublishRequest*>& events,
                                              const Credentials& credentials, absl::Time until);

v1::PublishResult NotAcknowledged(const std::string& event_id);

}  // namespace causeway::gateway
