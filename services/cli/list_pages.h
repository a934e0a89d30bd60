#pragma once
// Following page tokens: every List RPC of the Topology API (and ListHistory) takes `page_size`
// and `page_token` and answers with a repeated field of items and `next_page_token`.
#include <memory>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/client.h"
#include "google/protobuf/message.h"

namespace causeway::cli {

// The API's largest page.
inline constexpr int kMaxPageSize = 1000;

struct PageOptions {
  int limit = 0;                   // items in all; 0: every page
  int page_size = kMaxPageSize;    // items per request
};

// Adds --limit (default `options->limit`) and --page-size to a list command.
void AddPageOptions(CLI::App* command, PageOptions* options);

// Calls `method` page after page until the last page, or until `options.limit` items.
// `request` carries the filters; its page fields are set here.
absl::StatusOr<std::vector<std::unique_ptr<google::protobuf::Message>>> ListAllPages(
    TopologyClient& client, absl::string_view method, google::protobuf::Message& request,
    const PageOptions& options);

}  // namespace causeway::cli
