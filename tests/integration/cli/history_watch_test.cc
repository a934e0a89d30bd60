// `history` shows who changed what; `watch` prints the snapshot and the changes after a revision.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cli_fixture.h"

namespace causeway::testing {
namespace {

TEST_F(CliTest, HistoryShowsTheAuthenticatedPrincipalAsTheActorOfEachChange) {
  const std::string alice = MakePrincipal("alice", topology::v1::ROLE_ADMIN);
  CliResult created = Cli({"zone", "create", "eu"}, {"CAUSEWAY_TOKEN=" + alice});
  ASSERT_EQ(created.exit_code, 0) << created;
  Ok({"zone", "update", "eu", "--description", "Europe"});  // as the test admin
  Ok({"zone", "create", "us"});

  CliResult table = Ok({"history", "--entity", "zone/eu"});
  EXPECT_NE(table.out.find("ACTOR"), std::string::npos) << table;
  EXPECT_NE(table.out.find("alice"), std::string::npos) << table;
  EXPECT_NE(table.out.find(kTestAdmin), std::string::npos) << table;
  EXPECT_EQ(table.out.find("zone/us"), std::string::npos) << table;

  auto changes = JsonArray(Ok({"history", "--entity", "zone/eu", "--json"}).out);
  ASSERT_EQ(changes.values_size(), 2);
  // Newest first.
  EXPECT_EQ(JsonField(changes.values(0).struct_value(), "actor"), kTestAdmin);
  EXPECT_EQ(JsonField(changes.values(1).struct_value(), "actor"), "alice");
  EXPECT_EQ(JsonField(changes.values(1).struct_value(), "zone.name"), "eu");

  EXPECT_EQ(JsonArray(Ok({"history", "--limit", "1", "--json"}).out).values_size(), 1);
}

TEST_F(CliTest, HistoryAndWatchShowPrincipalsAndTheirRoleBindings) {
  Ok({"namespace", "create", ns_});
  Ok({"principal", "create", "billing"});
  Ok({"role", "grant", "billing", "publisher", ns_});
  Ok({"role", "grant", "billing", "viewer"});
  const std::string publisher = "principal/billing/role_binding/publisher/" + ns_;
  const std::string viewer = "principal/billing/role_binding/viewer";

  CliResult table = Ok({"history", "--entity", "principal/billing"});
  EXPECT_NE(table.out.find(publisher), std::string::npos) << table;
  EXPECT_NE(table.out.find(viewer + " "), std::string::npos) << table;
  EXPECT_NE(table.out.find("principal/billing "), std::string::npos) << table;
  EXPECT_EQ(table.out.find("namespace/"), std::string::npos) << table;
  auto changes = JsonArray(Ok({"history", "--entity", "principal/billing", "--json"}).out);
  ASSERT_EQ(changes.values_size(), 3);
  EXPECT_EQ(JsonField(changes.values(1).struct_value(), "role_binding.namespace"), ns_);

  CliResult watched = Ok({"--timeout", "2", "watch"});
  EXPECT_NE(watched.out.find(publisher), std::string::npos) << watched;
  EXPECT_NE(watched.out.find(std::string("principal/") + kTestAdmin + "/role_binding/admin"),
            std::string::npos)
      << watched;
}

TEST_F(CliTest, WatchPrintsTheSnapshotThenStopsAtTheTimeout) {
  Ok({"zone", "create", "eu"});
  CliResult watched = Ok({"--timeout", "2", "watch"});
  EXPECT_NE(watched.out.find("zone/eu"), std::string::npos) << watched;
  EXPECT_NE(watched.out.find("snapshot complete"), std::string::npos) << watched;
}

TEST_F(CliTest, WatchSinceARevisionPrintsOnlyLaterChanges) {
  Ok({"zone", "create", "eu"});
  auto history = JsonArray(Ok({"history", "--json"}).out);
  ASSERT_GE(history.values_size(), 1);
  const std::string revision = JsonField(history.values(0).struct_value(), "revision");
  Ok({"zone", "create", "us"});

  CliResult watched = Ok({"watch", "--since", revision, "--timeout", "2", "--json"});
  std::string changes;
  for (absl::string_view line : absl::StrSplit(watched.out, '\n', absl::SkipEmpty())) {
    absl::StrAppend(&changes, line, "\n");
    JsonObject(std::string(line));  // every line is one JSON WatchResponse
  }
  EXPECT_NE(changes.find("\"us\""), std::string::npos) << watched;
  EXPECT_EQ(changes.find("\"eu\""), std::string::npos) << watched;
}

}  // namespace
}  // namespace causeway::testing
