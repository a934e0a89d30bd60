#include "cli/list_pages.h"

#include <algorithm>

#include "cli/reflection.h"

namespace causeway::cli {

void AddPageOptions(CLI::App* command, PageOptions* options) {
  command->add_option("--limit", options->limit, "Show at most this many (0: all)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  command
      ->add_option("--page-size", options->page_size,
                   "Items per request; every page is fetched either way")
      ->check(CLI::Range(1, kMaxPageSize))
      ->capture_default_str();
}

absl::StatusOr<std::vector<std::unique_ptr<google::protobuf::Message>>> ListAllPages(
    TopologyClient& client, absl::string_view method, google::protobuf::Message& request,
    const PageOptions& options) {
  const int limit = options.limit;
  std::vector<std::unique_ptr<google::protobuf::Message>> items;
  std::unique_ptr<google::protobuf::Message> page = client.NewResponse(method);
  const auto& items_field = ItemsField(*page->GetDescriptor());
  std::string token;
  do {
    const int wanted = limit > 0 ? limit - static_cast<int>(items.size()) : options.page_size;
    SetIntField(&request, "page_size", std::min(wanted, options.page_size));
    SetStringField(&request, "page_token", token);
    page->Clear();
    if (absl::Status status = client.Call(method, request, page.get()); !status.ok()) {
      return status;
    }
    const auto& reflection = *page->GetReflection();
    for (int i = 0; i < reflection.FieldSize(*page, &items_field); ++i) {
      if (limit > 0 && static_cast<int>(items.size()) == limit) break;
      const auto& item = reflection.GetRepeatedMessage(*page, &items_field, i);
      items.push_back(NewMessage(*item.GetDescriptor()));
      items.back()->CopyFrom(item);
    }
    token = GetStringField(*page, "next_page_token");
  } while (!token.empty() && (limit <= 0 || static_cast<int>(items.size()) < limit));
  return items;
}

}  // namespace causeway::cli
