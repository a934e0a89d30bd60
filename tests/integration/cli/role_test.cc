// `grant add|list|remove`: which namespaces a producer may publish to.
#include "absl/strings/match.h"
#include "cli_fixture.h"

namespace causeway::testing {
namespace {

class CliGrantTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    other_ns_ = UniqueName("ns");
    Ok({"namespace", "create", ns_});
    Ok({"namespace", "create", other_ns_});
    Ok({"producer", "create", "billing"});
    Ok({"producer", "create", "ledger"});
  }

  int Count(std::vector<std::string> filter) {
    std::vector<std::string> args = {"grant", "list", "--json"};
    args.insert(args.end(), filter.begin(), filter.end());
    return JsonArray(Ok(args).out).values_size();
  }

  std::string other_ns_;
};

TEST_F(CliGrantTest, AddListFilterRemove) {
  auto added = JsonObject(Ok({"grant", "add", "billing", ns_, "--json"}).out);
  EXPECT_EQ(JsonField(added, "producer"), "billing");
  EXPECT_EQ(JsonField(added, "namespace"), ns_);
  EXPECT_EQ(JsonField(added, "version"), "1");
  Ok({"grant", "add", "billing", other_ns_});
  Ok({"grant", "add", "ledger", ns_});

  EXPECT_EQ(Count({}), 3);
  EXPECT_EQ(Count({"--producer", "billing"}), 2);
  EXPECT_EQ(Count({"--namespace", ns_}), 2);
  CliResult table = Ok({"grant", "list", "--producer", "ledger"});
  EXPECT_NE(table.out.find("PRODUCER"), std::string::npos) << table;
  EXPECT_NE(table.out.find("NAMESPACE"), std::string::npos) << table;
  EXPECT_NE(table.out.find(ns_), std::string::npos) << table;

  CliResult removed = Ok({"grant", "remove", "billing", other_ns_, "--version", "1"});
  EXPECT_NE(removed.out.find("removed"), std::string::npos) << removed;
  EXPECT_EQ(Count({"--producer", "billing"}), 1);

  CliResult again = Cli({"grant", "remove", "billing", other_ns_});
  EXPECT_EQ(again.exit_code, 1) << again;
  EXPECT_TRUE(absl::StartsWith(again.err, "error: NOT_FOUND: ")) << again;
}

TEST_F(CliGrantTest, AGrantKeepsItsNamespaceAndGoesWithItsProducer) {
  Ok({"grant", "add", "billing", ns_});
  CliResult in_use = Cli({"namespace", "delete", ns_});
  EXPECT_EQ(in_use.exit_code, 1) << in_use;
  EXPECT_TRUE(absl::StartsWith(in_use.err, "error: FAILED_PRECONDITION: ")) << in_use;

  Ok({"producer", "delete", "billing"});
  EXPECT_EQ(Count({"--namespace", ns_}), 0);
  Ok({"namespace", "delete", ns_});
}

}  // namespace
}  // namespace causeway::testing
