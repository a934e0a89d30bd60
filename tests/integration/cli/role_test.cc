// `role grant|list|revoke`: which roles principals hold, globally or in a namespace; `whoami`:
// who the CLI's credentials name. Roles are granted here and then exercised by acting as the
// principal.
#include "absl/strings/match.h"
#include "cli_fixture.h"

namespace causeway::testing {
namespace {

namespace tv1 = ::causeway::topology::v1;

class CliRoleTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    other_ns_ = UniqueName("ns");
    Ok({"namespace", "create", ns_});
    Ok({"namespace", "create", other_ns_});
    Ok({"principal", "create", "billing"});
    Ok({"principal", "create", "ledger"});
  }

  int Count(std::vector<std::string> filter) {
    std::vector<std::string> args = {"role", "list", "--json"};
    args.insert(args.end(), filter.begin(), filter.end());
    return JsonArray(Ok(args).out).values_size();
  }

  std::string other_ns_;
};

TEST_F(CliRoleTest, GrantListFilterRevoke) {
  auto granted = JsonObject(Ok({"role", "grant", "billing", "publisher", ns_, "--json"}).out);
  EXPECT_EQ(JsonField(granted, "principal"), "billing");
  EXPECT_EQ(JsonField(granted, "role"), "ROLE_PUBLISHER");
  EXPECT_EQ(JsonField(granted, "namespace"), ns_);
  EXPECT_EQ(JsonField(granted, "version"), "1");
  Ok({"role", "grant", "billing", "owner", other_ns_});
  Ok({"role", "grant", "ledger", "consumer", ns_});
  Ok({"role", "grant", "ledger", "viewer"});  // global

  const int bootstrap = 1;  // the test admin's own admin binding
  EXPECT_EQ(Count({}), 4 + bootstrap);
  EXPECT_EQ(Count({"--principal", "billing"}), 2);
  EXPECT_EQ(Count({"--namespace", ns_}), 2);
  CliResult table = Ok({"role", "list", "--principal", "ledger"});
  for (const char* shown : {"PRINCIPAL", "ROLE", "NAMESPACE", "consumer", "viewer", "(global)"}) {
    EXPECT_NE(table.out.find(shown), std::string::npos) << shown << "\n" << table;
  }
  EXPECT_NE(table.out.find(ns_), std::string::npos) << table;

  CliResult revoked = Ok({"role", "revoke", "billing", "owner", other_ns_, "--version", "1"});
  EXPECT_NE(revoked.out.find("revoked role owner of namespace " + other_ns_ + " from principal billing"),
            std::string::npos)
      << revoked;
  EXPECT_EQ(Count({"--principal", "billing"}), 1);
  Ok({"role", "revoke", "ledger", "viewer"});
  EXPECT_EQ(Count({"--principal", "ledger"}), 1);

  CliResult again = Cli({"role", "revoke", "billing", "owner", other_ns_});
  EXPECT_EQ(again.exit_code, 1) << again;
  EXPECT_TRUE(absl::StartsWith(again.err, "error: NOT_FOUND: ")) << again;
}

TEST_F(CliRoleTest, ARoleBindingKeepsItsNamespaceAndGoesWithItsPrincipal) {
  Ok({"role", "grant", "billing", "publisher", ns_});
  CliResult in_use = Cli({"namespace", "delete", ns_});
  EXPECT_EQ(in_use.exit_code, 1) << in_use;
  EXPECT_TRUE(absl::StartsWith(in_use.err, "error: FAILED_PRECONDITION: ")) << in_use;

  Ok({"principal", "delete", "billing"});
  EXPECT_EQ(Count({"--namespace", ns_}), 0);
  Ok({"namespace", "delete", ns_});
}

TEST_F(CliRoleTest, ARoleNotInLowerCaseIsAUsageErrorNamingTheRoles) {
  for (const char* role : {"Owner", "ROLE_OWNER", "superuser"}) {
    CliResult result = Cli({"role", "grant", "billing", role, ns_});
    EXPECT_EQ(result.exit_code, 2) << result;
    EXPECT_TRUE(absl::StartsWith(result.err, "error: usage: ")) << result;
    EXPECT_NE(result.err.find("admin, owner, publisher, consumer, viewer, gateway, relay, archiver"),
              std::string::npos)
        << result;
  }
}

TEST_F(CliRoleTest, WhoAmIShowsThePrincipalTheMethodAndTheRoles) {
  Ok({"role", "grant", "billing", "owner", ns_});
  Ok({"role", "grant", "billing", "viewer"});
  const std::string token = IssueToken("billing");

  CliResult table = Cli({"whoami"}, {"CAUSEWAY_TOKEN=" + token});
  ASSERT_EQ(table.exit_code, 0) << table;
  for (const std::string& shown :
       {std::string("principal"), std::string("billing"), std::string("token"),
        "owner of namespace " + ns_, std::string("viewer")}) {
    EXPECT_NE(table.out.find(shown), std::string::npos) << shown << "\n" << table;
  }

  auto admin = JsonObject(Ok({"whoami", "--json"}).out);
  EXPECT_EQ(JsonField(admin, "principal"), kTestAdmin);
  EXPECT_EQ(JsonField(admin, "role_bindings.0.role"), "ROLE_ADMIN");
}

TEST_F(CliRoleTest, ARoleGrantedIsWhatThePrincipalMayDo) {
  const std::string token = IssueToken("ledger");
  const std::vector<std::string> as_ledger = {"CAUSEWAY_TOKEN=" + token};
  const std::vector<std::string> create = {"event-type", "create", ns_ + "/Entry"};

  CliResult refused = Cli(create, as_ledger);
  EXPECT_EQ(refused.exit_code, 1) << refused;
  EXPECT_TRUE(absl::StartsWith(refused.err, "error: PERMISSION_DENIED: ")) << refused;
  EXPECT_NE(refused.err.find("owner"), std::string::npos) << refused;  // the role needed
  EXPECT_NE(refused.err.find("hint: causeway whoami"), std::string::npos) << refused;

  Ok({"role", "grant", "ledger", "owner", ns_});
  CliResult allowed = Cli(create, as_ledger);
  EXPECT_EQ(allowed.exit_code, 0) << allowed;

  // History records the authenticated principal as the actor.
  auto changes = JsonArray(Ok({"history", "--entity", "event_type/" + ns_ + "/Entry", "--json"}).out);
  ASSERT_EQ(changes.values_size(), 1);
  EXPECT_EQ(JsonField(changes.values(0).struct_value(), "actor"), "ledger");
}

}  // namespace
}  // namespace causeway::testing
