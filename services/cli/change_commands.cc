#include "cli/change_commands.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "causeway/topology/v1/topology.pb.h"
#include "cli/change_text.h"
#include "cli/list_pages.h"
#include "cli/output.h"
#include "cli/results.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

// History is long-lived: by default show its most recent part only.
constexpr int kDefaultHistoryLimit = 100;

void AddHistory(CLI::App& app, CommandRunner& runner) {
  CLI::App* command =
      app.add_subcommand("history", "Who changed what and when (the audit log), newest first");
  struct Args {
    std::string entity;
    PageOptions pages{.limit = kDefaultHistoryLimit};
  };
  auto args = std::make_shared<Args>();
  command->add_option("--entity", args->entity,
                      "Only this entity: namespace/<name>, zone/<name>, cluster/<name>, "
                      "event_type/<namespace>/<name> (with its placements and schemas) or "
                      "principal/<name> (with its role bindings)");
  AddPageOptions(command, &args->pages);
  runner.Bind(command, [args](Session& session) {
    v1::ListHistoryRequest request;
    request.set_entity(args->entity);
    // A forced schema activation names the subscriptions it broke (Change.broken_subscriptions).
    std::vector<Column> columns = ChangeColumns();
    columns.push_back(Column{"BROKE", [](const google::protobuf::Message& item) {
      std::vector<std::string> names;
      for (const auto& b : static_cast<const v1::Change&>(item).broken_subscriptions()) {
        names.push_back(absl::StrCat(b.subscription(), " (owner ", b.owner(), ")"));
      }
      return absl::StrJoin(names, ", ");
    }});
    return ShowList(session, ListAllPages(session.client, "ListHistory", request, args->pages),
                    columns);
  });
}

// One line per change as it arrives (a table cannot be aligned ahead of rows not yet known);
// empty cells (snapshot entries have no time or actor) read "-" so that columns stay countable.
void PrintWatchMessage(const v1::WatchResponse& message, int64_t since, Output& out) {
  if (out.json()) {
    out.JsonLine(message);
    return;
  }
  if (message.kind() == v1::WatchResponse::KIND_RESET && since > 0) {
    out.Line(absl::StrCat("-- reset: the server no longer has the changes after revision ", since,
                          "; a snapshot follows"));
  }
  const std::vector<Column> columns = ChangeColumns();
  for (const auto& change : message.changes()) {
    std::vector<std::string> cells;
    for (const auto& column : columns) {
      std::string cell = column.text(change);
      cells.push_back(cell.empty() ? "-" : cell);
    }
    out.Line(absl::StrJoin(cells, "  "));
  }
  if (message.kind() == v1::WatchResponse::KIND_SNAPSHOT_COMPLETE) {
    out.Line(absl::StrCat("-- snapshot complete at revision ", message.revision(),
                          "; watching for changes"));
  }
}

void AddWatch(CLI::App& app, CommandRunner& runner) {
  CLI::App* command = app.add_subcommand(
      "watch",
      "Print topology changes as they commit, until interrupted (Ctrl-C) or --timeout; lines "
      "are REVISION TIME ACTOR OP ENTITY VERSION, or one JSON WatchResponse per line with --json");
  auto since = std::make_shared<int64_t>(0);
  command
      ->add_option("--since", *since,
                   "Print the changes after this revision; 0 starts with a snapshot of everything")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  runner.Bind(command, [since](Session& session) -> absl::Status {
    v1::WatchRequest request;
    request.set_since_revision(*since);
    const absl::Time deadline = session.options.timeout_given
                                    ? absl::Now() + session.options.timeout()
                                    : absl::InfiniteFuture();
    absl::Status status = session.client.Watch(
        request, deadline,
        [&session, since = *since](const v1::WatchResponse& message) {
          PrintWatchMessage(message, since, session.out);
        });
    // Watching for --timeout seconds and then stopping is what was asked for.
    if (session.options.timeout_given && absl::IsDeadlineExceeded(status)) return absl::OkStatus();
    return status;
  });
}

}  // namespace

void AddChangeCommands(CLI::App& app, CommandRunner& runner) {
  AddHistory(app, runner);
  AddWatch(app, runner);
}

}  // namespace causeway::cli
