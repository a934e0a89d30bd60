#pragma once
// What a command prints when its RPC answers: the entity, the list, or a sentence for RPCs that
// answer nothing; or, when the RPC failed, its error handed back for the runner to report.
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/command_runner.h"
#include "cli/output.h"
#include "google/protobuf/message.h"

namespace causeway::cli {

using MessageOrError = absl::StatusOr<std::unique_ptr<google::protobuf::Message>>;
using MessagesOrError = absl::StatusOr<std::vector<std::unique_ptr<google::protobuf::Message>>>;

absl::Status ShowEntity(Session& session, const MessageOrError& entity);
absl::Status ShowList(Session& session, const MessagesOrError& items,
                      const std::vector<Column>& columns);
// `sentence` (`{}` with --json) for an RPC that answers nothing (delete, remove).
absl::Status ShowDone(Session& session, const MessageOrError& response,
                      absl::string_view sentence);

}  // namespace causeway::cli
