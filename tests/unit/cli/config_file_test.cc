// The config file's format: contexts of connection settings and a current-context, every fault
// reported with its line.
#include "cli/config_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_split.h"

namespace causeway::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr absl::string_view kPath = "/home/ana/.config/causeway/config";

constexpr absl::string_view kTwoContexts = R"(# Causeway contexts
current-context = prod

[context prod]
server = topology.prod.example.com:7070
gateway = gateway.prod.example.com:7080
token-file = ~/.config/causeway/prod.token
tls-ca = /etc/causeway/ca.pem
tls-server-name = topology.prod.example.com

; a local run
[context local]
  server   =   localhost:7070
token = cwt_local
)";

// The fault lines of a refused file.
std::vector<std::string> Faults(absl::string_view text) {
  auto parsed = ParseConfigFile(text, kPath);
  EXPECT_FALSE(parsed.ok());
  if (parsed.ok()) return {};
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  return absl::StrSplit(parsed.status().message(), '\n');
}

TEST(ConfigFileTest, ReadsContextsInOrderWithTheirLines) {
  auto parsed = ParseConfigFile(kTwoContexts, kPath);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_TRUE(parsed->current_context.has_value());
  EXPECT_EQ(parsed->current_context->value, "prod");
  EXPECT_EQ(parsed->current_context->line, 2);
  ASSERT_EQ(parsed->contexts.size(), 2u);
  EXPECT_EQ(parsed->ContextNames(), "prod, local");

  const ConfigContext* prod = parsed->FindContext("prod");
  ASSERT_NE(prod, nullptr);
  EXPECT_EQ(prod->line, 4);
  EXPECT_EQ(prod->values.size(), 5u);
  EXPECT_EQ(prod->values.at(Setting::kServer).value, "topology.prod.example.com:7070");
  EXPECT_EQ(prod->values.at(Setting::kTokenFile).value, "~/.config/causeway/prod.token");
  EXPECT_EQ(prod->values.at(Setting::kTlsCa).line, 8);

  const ConfigContext* local = parsed->FindContext("local");
  ASSERT_NE(local, nullptr);
  EXPECT_EQ(local->values.at(Setting::kServer).value, "localhost:7070");  // trimmed
  EXPECT_EQ(local->values.at(Setting::kToken).value, "cwt_local");
  EXPECT_EQ(parsed->FindContext("staging"), nullptr);
}

TEST(ConfigFileTest, AnEmptyFileHasNoContexts) {
  auto parsed = ParseConfigFile("", kPath);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_FALSE(parsed->current_context.has_value());
  EXPECT_TRUE(parsed->contexts.empty());
}

TEST(ConfigFileTest, ValuesMayContainEqualsSigns) {
  auto parsed = ParseConfigFile("[context a]\ntoken = cwt_abc=def\n", kPath);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->contexts[0].values.at(Setting::kToken).value, "cwt_abc=def");
}

TEST(ConfigFileTest, EveryFaultIsListedWithItsLine) {
  const std::vector<std::string> faults = Faults(R"([context a]
server = a:1
tls_ca = /x
server = a:2
just words
[context a]
[cluster b]
)");
  ASSERT_EQ(faults.size(), 5u) << ::testing::PrintToString(faults);
  EXPECT_THAT(faults[0], HasSubstr(std::string(kPath) + ":3: unknown key \"tls_ca\""));
  EXPECT_THAT(faults[0], HasSubstr("tls-ca"));  // the keys it could have meant
  EXPECT_THAT(faults[1], HasSubstr(":4: server is given twice in context \"a\" (first on line 2)"));
  EXPECT_THAT(faults[2], HasSubstr(":5: expected `key = value`"));
  EXPECT_THAT(faults[3], HasSubstr(":6: context \"a\" is defined twice"));
  EXPECT_THAT(faults[4], HasSubstr(":7: unknown section"));
}

TEST(ConfigFileTest, SettingsBelongInAContext) {
  const std::vector<std::string> faults = Faults("server = localhost:7070\n");
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_THAT(faults[0], HasSubstr(":1: server outside a [context NAME] section"));
}

TEST(ConfigFileTest, CurrentContextGoesFirstAndOnce) {
  EXPECT_THAT(Faults("[context a]\ncurrent-context = a\n")[0],
              HasSubstr(":2: current-context goes before the first [context NAME]"));
  EXPECT_THAT(Faults("current-context = a\ncurrent-context = b\n")[0],
              HasSubstr(":2: current-context is given twice"));
}

TEST(ConfigFileTest, HeadersNameOneContext) {
  EXPECT_THAT(Faults("[context]\n")[0], HasSubstr(":1: a context header is [context NAME]"));
  EXPECT_THAT(Faults("[context a b]\n")[0], HasSubstr(":1: a context header is [context NAME]"));
  EXPECT_THAT(Faults("[context a\n")[0], HasSubstr(":1: a section header ends with ]"));
}

TEST(ConfigFileTest, AnEmptyValueIsAFault) {
  EXPECT_THAT(Faults("[context a]\ntls-ca =\n")[0], HasSubstr(":2: tls-ca has no value"));
}

TEST(ConfigFileTest, TokenAndTokenFileInOneContextIsAFaultThatQuotesNoToken) {
  const std::vector<std::string> faults =
      Faults("[context a]\ntoken = cwt_secret\ntoken-file = /t\n");
  ASSERT_EQ(faults.size(), 1u);
  EXPECT_THAT(faults[0], HasSubstr(":3: context \"a\" has both token and token-file"));
  EXPECT_THAT(faults[0], Not(HasSubstr("cwt_secret")));
}

TEST(ConfigFileTest, WithCurrentContextReplacesTheLineAndKeepsTheRest) {
  const std::string edited = WithCurrentContext(kTwoContexts, "local");
  auto parsed = ParseConfigFile(edited, kPath);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->current_context->value, "local");
  EXPECT_EQ(parsed->current_context->line, 2);
  EXPECT_THAT(edited, HasSubstr("# Causeway contexts\n"));
  EXPECT_THAT(edited, HasSubstr("; a local run\n"));
  EXPECT_EQ(parsed->contexts.size(), 2u);
}

TEST(ConfigFileTest, WithCurrentContextAddsALineWhenThereIsNone) {
  const std::string edited = WithCurrentContext("[context a]\nserver = a:1\n", "a");
  EXPECT_EQ(edited, "current-context = a\n[context a]\nserver = a:1\n");
  EXPECT_EQ(WithCurrentContext("", "a"), "current-context = a\n");
  auto parsed = ParseConfigFile(edited, kPath);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->current_context->value, "a");
}

}  // namespace
}  // namespace causeway::cli
