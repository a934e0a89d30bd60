#pragma once
// Following page tokens: every List RPC of the Topology API (and ListHistory) takes `page_size`
// and `page_token` and answers with a repeated field of items and `next_page_token`.
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/client.h"
#include "google/protobuf/message.h"

namespace causeway::cli {

// Calls `method` page after page until the last page, or until `limit` items when limit > 0.
// `request` carries the filters; its page fields are set here.
absl::StatusOr<std::vector<std::unique_ptr<google::protobuf::Message>>> ListAllPages(
    TopologyClient& client, absl::string_view method, google::protobuf::Message& request,
    int limit);

}  // namespace causeway::cli
