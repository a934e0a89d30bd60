#include "cli/results.h"

namespace causeway::cli {

absl::Status ShowEntity(Session& session, const MessageOrError& entity) {
  if (!entity.ok()) return entity.status();
  session.out.Entity(**entity);
  return absl::OkStatus();
}

absl::Status ShowList(Session& session, const MessagesOrError& items,
                      const std::vector<Column>& columns) {
  if (!items.ok()) return items.status();
  session.out.List(columns, MessagePointers(*items));
  return absl::OkStatus();
}

absl::Status ShowDone(Session& session, const MessageOrError& response,
                      absl::string_view sentence) {
  if (!response.ok()) return response.status();
  session.out.Done(sentence);
  return absl::OkStatus();
}

}  // namespace causeway::cli
