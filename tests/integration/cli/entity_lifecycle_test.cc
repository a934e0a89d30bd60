// create/get/list/update/delete of every entity kind through the CLI, in tables and in --json.
// One table of cases drives the same lifecycle for each kind, as the CLI itself does.
#include <algorithm>

#include "absl/strings/str_replace.h"
#include "cli_fixture.h"

namespace causeway::testing {
namespace {

struct Lifecycle {
  std::string noun;
  std::string key;  // "{ns}" stands for the test's namespace
  std::vector<std::vector<std::string>> setup;
  std::vector<std::string> create_flags;
  std::string created_field, created_value;  // in `get --json` after create
  std::vector<std::string> update_flags;
  std::string updated_field, updated_value;  // after update
  std::string list_column;                   // a column header of `list`
  std::vector<std::string> list_filter;      // flags of a filtered `list` that still shows it
};

void PrintTo(const Lifecycle& c, std::ostream* os) { *os << c.noun; }

const Lifecycle kCases[] = {
    {.noun = "namespace",
     .key = "{ns}",
     .create_flags = {"--description", "Food logging", "--owner", "team-food"},
     .created_field = "owner",
     .created_value = "team-food",
     .update_flags = {"--owner", "team-diary"},
     .updated_field = "owner",
     .updated_value = "team-diary",
     .list_column = "OWNER"},
    {.noun = "zone",
     .key = "eu",
     .create_flags = {"--archived", "--retention-ms", "3600000"},
     .created_field = "retention_ms",
     .created_value = "3600000",
     .update_flags = {"--archived=false"},
     .updated_field = "archived",
     .updated_value = "false",
     .list_column = "RETENTION_MS"},
    {.noun = "cluster",
     .key = "eu-a",
     .setup = {{"zone", "create", "eu"}},
     .create_flags = {"--zone", "eu", "--bootstrap-servers", "127.0.0.1:9092", "--property",
                      "client.rack=eu-1a"},
     .created_field = "bootstrap_servers",
     .created_value = "127.0.0.1:9092",
     .update_flags = {"--state", "draining", "--property", "client.rack="},
     .updated_field = "state",
     .updated_value = "CLUSTER_STATE_DRAINING",
     .list_column = "BOOTSTRAP_SERVERS",
     .list_filter = {"--zone", "eu"}},
    {.noun = "event-type",
     .key = "{ns}/FoodEntryCreated",
     .setup = {{"namespace", "create", "{ns}"}},
     .create_flags = {"--partitions", "4", "--compatibility", "full"},
     .created_field = "compatibility",
     .created_value = "COMPATIBILITY_MODE_FULL",
     .update_flags = {"--compatibility", "NONE", "--description", "a diary entry"},
     .updated_field = "compatibility",
     .updated_value = "COMPATIBILITY_MODE_NONE",
     .list_column = "COMPATIBILITY",
     .list_filter = {"--namespace", "{ns}"}},
    {.noun = "principal",
     .key = "billing",
     .create_flags = {"--owner", "team-billing", "--certificate-name", "billing.example.com",
                      "--certificate-name", "spiffe://example.com/ns/prod/sa/billing"},
     .created_field = "certificate_names.1",
     .created_value = "spiffe://example.com/ns/prod/sa/billing",
     .update_flags = {"--certificate-name", "billing-v2.example.com"},
     .updated_field = "certificate_names.0",
     .updated_value = "billing-v2.example.com",
     .list_column = "CERTIFICATE_NAMES"},
};

class EntityLifecycleTest : public CliTest, public ::testing::WithParamInterface<Lifecycle> {
 protected:
  std::vector<std::string> Args(std::vector<std::string> args) {
    for (auto& arg : args) arg = absl::StrReplaceAll(arg, {{"{ns}", ns_}});
    return args;
  }
  std::vector<std::string> Command(const std::string& verb, std::vector<std::string> flags = {}) {
    std::vector<std::string> args = {GetParam().noun, verb, GetParam().key};
    args.insert(args.end(), flags.begin(), flags.end());
    return Args(args);
  }
  // The name as `list` shows it in its NAME column.
  std::string Name() {
    const std::string key = Args({GetParam().key})[0];
    return key.substr(key.find('/') + 1);
  }
};

TEST_P(EntityLifecycleTest, CreateGetListUpdateDeleteInTablesAndJson) {
  const Lifecycle& c = GetParam();
  for (const auto& setup : c.setup) Ok(Args(setup));

  CliResult created = Ok(Command("create", c.create_flags));
  EXPECT_NE(created.out.find("FIELD"), std::string::npos) << created;
  EXPECT_NE(created.out.find(Name()), std::string::npos) << created;

  auto got = JsonObject(Ok(Command("get", {"--json"})).out);
  EXPECT_EQ(JsonField(got, c.created_field), c.created_value);
  EXPECT_EQ(JsonField(got, "version"), "1");

  CliResult list = Ok(Args({c.noun, "list"}));
  EXPECT_NE(list.out.find(c.list_column), std::string::npos) << list;
  EXPECT_NE(list.out.find(Name()), std::string::npos) << list;
  std::vector<std::string> filtered = Args({c.noun, "list", "--json"});
  filtered.insert(filtered.end(), c.list_filter.begin(), c.list_filter.end());
  // Principals have no filter, and the test admin is one of them: count this one.
  auto items = JsonArray(Ok(Args(filtered)).out);
  EXPECT_EQ(std::count_if(items.values().begin(), items.values().end(),
                          [this](const google::protobuf::Value& item) {
                            return JsonField(item.struct_value(), "name") == Name();
                          }),
            1)
      << items.ShortDebugString();
  EXPECT_EQ(items.values_size(), c.noun == "principal" ? 2 : 1) << items.ShortDebugString();

  CliResult updated = Ok(Command("update", c.update_flags));
  EXPECT_NE(updated.out.find("version"), std::string::npos) << updated;
  got = JsonObject(Ok(Command("get", {"--json"})).out);
  EXPECT_EQ(JsonField(got, c.updated_field), c.updated_value);
  EXPECT_EQ(JsonField(got, "version"), "2");

  CliResult deleted = Ok(Command("delete"));
  EXPECT_NE(deleted.out.find("deleted"), std::string::npos) << deleted;
  CliResult gone = Cli(Command("get"));
  EXPECT_EQ(gone.exit_code, 1) << gone;
  EXPECT_NE(gone.err.find("error: NOT_FOUND: "), std::string::npos) << gone;
}

INSTANTIATE_TEST_SUITE_P(EveryKind, EntityLifecycleTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) {
                           return absl::StrReplaceAll(info.param.noun, {{"-", "_"}});
                         });

TEST_F(CliTest, ListFollowsPageTokensToTheEndOrTheLimit) {
  for (const char* name : {"a", "b", "c", "d", "e"}) Ok({"zone", "create", name});
  EXPECT_EQ(JsonArray(Ok({"zone", "list", "--page-size", "2", "--json"}).out).values_size(), 5);
  EXPECT_EQ(JsonArray(Ok({"zone", "list", "--page-size", "2", "--limit", "3", "--json"}).out)
                .values_size(),
            3);
  CliResult table = Ok({"zone", "list", "--page-size", "2"});
  EXPECT_EQ(std::count(table.out.begin(), table.out.end(), '\n'), 6) << table;  // header + 5
}

TEST_F(CliTest, UpdateKeepsFieldsNotGiven) {
  Ok({"namespace", "create", ns_, "--description", "Food logging", "--owner", "team-food"});
  Ok({"namespace", "update", ns_, "--owner", "team-diary"});
  auto got = JsonObject(Ok({"namespace", "get", ns_, "--json"}).out);
  EXPECT_EQ(JsonField(got, "description"), "Food logging");
  EXPECT_EQ(JsonField(got, "owner"), "team-diary");
}

TEST_F(CliTest, ClusterPropertiesAreSetAndRemovedByKey) {
  Ok({"zone", "create", "eu"});
  Ok({"cluster", "create", "eu-a", "--zone", "eu", "--bootstrap-servers", "127.0.0.1:9092",
      "--property", "client.rack=eu-1a", "--property", "socket.timeout.ms=30000"});
  auto properties = [this] {
    auto got = JsonObject(Ok({"cluster", "get", "eu-a", "--json"}).out);
    return got.fields().at("client_properties").struct_value();
  };
  EXPECT_EQ(properties().fields().at("client.rack").string_value(), "eu-1a");
  Ok({"cluster", "update", "eu-a", "--property", "client.rack="});
  EXPECT_FALSE(properties().fields().contains("client.rack"));
  EXPECT_EQ(properties().fields().at("socket.timeout.ms").string_value(), "30000");
  CliResult list = Ok({"cluster", "list"});
  EXPECT_NE(list.out.find("socket.timeout.ms=30000"), std::string::npos) << list;
}

TEST_F(CliTest, ServerComesFromTheEnvironment) {
  CliResult result = CliBare({"zone", "list"}, {"CAUSEWAY_TOPOLOGY=" + server_->address(),
                                                std::string("CAUSEWAY_TOKEN=") + kTestAdminToken});
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_NE(result.out.find("NAME"), std::string::npos) << result;
}

}  // namespace
}  // namespace causeway::testing
