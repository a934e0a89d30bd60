#include "cli/list_pages.h"

#include <algorithm>

#include "cli/reflection.h"

namespace causeway::cli {
namespace {

// The API's largest page: fewest round trips.
constexpr int kMaxPageSize = 1000;

}  // namespace

absl::StatusOr<std::vector<std::unique_ptr<google::protobuf::Message>>> ListAllPages(
    TopologyClient& client, absl::string_view method, google::protobuf::Message& request,
    int limit) {
  std::vector<std::unique_ptr<google::protobuf::Message>> items;
  std::unique_ptr<google::protobuf::Message> page = client.NewResponse(method);
  const auto& items_field = ItemsField(*page->GetDescriptor());
  std::string token;
  do {
    const int wanted = limit > 0 ? limit - static_cast<int>(items.size()) : kMaxPageSize;
    SetIntField(&request, "page_size", std::min(wanted, kMaxPageSize));
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
