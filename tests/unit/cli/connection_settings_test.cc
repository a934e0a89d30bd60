// Which value each connection setting takes: flag > environment > context > default, the context
// chosen by --context > $CAUSEWAY_CONTEXT > current-context, and token/token-file as one choice.
#include "cli/connection_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

namespace causeway::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr absl::string_view kPath = "/home/ana/.config/causeway/config";

constexpr absl::string_view kConfig = R"(current-context = prod
[context prod]
server = topology.prod:7070
gateway = gateway.prod:7080
token-file = prod.token
tls-ca = ~/pki/ca.pem
[context staging]
server = topology.staging:7070
token = cwt_staging
)";

class ConnectionSettingsTest : public ::testing::Test {
 protected:
  ConnectionSettingsTest() {
    auto parsed = ParseConfigFile(kConfig, kPath);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    config_ = *std::move(parsed);
  }

  SettingSources Sources(bool with_config = true) {
    SettingSources sources;
    sources.flags = flags_;
    sources.context_flag = context_flag_;
    sources.env = [this](absl::string_view name) -> std::optional<std::string> {
      auto it = env_.find(std::string(name));
      if (it == env_.end() || it->second.empty()) return std::nullopt;
      return it->second;
    };
    sources.config = with_config ? &config_ : nullptr;
    sources.config_path = std::string(kPath);
    sources.home = "/home/ana";
    return sources;
  }

  ResolvedSettings Resolve(bool with_config = true) {
    auto resolved = ResolveSettings(Sources(with_config));
    EXPECT_TRUE(resolved.ok()) << resolved.status();
    return resolved.ok() ? *resolved : ResolvedSettings();
  }

  std::string ResolveError(bool with_config = true) {
    auto resolved = ResolveSettings(Sources(with_config));
    EXPECT_FALSE(resolved.ok());
    if (resolved.ok()) return "";
    EXPECT_EQ(resolved.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(resolved.status().message());
  }

  ConfigFile config_;
  std::map<Setting, std::string> flags_;
  std::optional<std::string> context_flag_;
  std::map<std::string, std::string> env_;
};

TEST_F(ConnectionSettingsTest, WithoutAnythingTheDefaultsApply) {
  const ResolvedSettings settings = Resolve(/*with_config=*/false);
  EXPECT_EQ(settings.context, "");
  EXPECT_EQ(settings.Value(Setting::kServer), "localhost:7070");
  EXPECT_EQ(settings.Find(Setting::kServer)->origin, "default");
  EXPECT_EQ(settings.Value(Setting::kGateway), "localhost:7080");
  EXPECT_EQ(settings.Find(Setting::kToken), nullptr);
  EXPECT_EQ(settings.Find(Setting::kTlsCa), nullptr);
}

TEST_F(ConnectionSettingsTest, TheCurrentContextAppliesAndItsFilesAreFoundFromTheConfigFile) {
  const ResolvedSettings settings = Resolve();
  EXPECT_EQ(settings.context, "prod");
  EXPECT_EQ(settings.context_origin, std::string("current-context (") + std::string(kPath) + ":1)");
  EXPECT_EQ(settings.Value(Setting::kServer), "topology.prod:7070");
  EXPECT_EQ(settings.Value(Setting::kGateway), "gateway.prod:7080");
  // Relative to the config file's folder; ~/ is the home folder.
  EXPECT_EQ(settings.Value(Setting::kTokenFile), "/home/ana/.config/causeway/prod.token");
  EXPECT_EQ(settings.Value(Setting::kTlsCa), "/home/ana/pki/ca.pem");
  EXPECT_EQ(settings.Find(Setting::kTlsCa)->origin,
            std::string("context \"prod\" key tls-ca (") + std::string(kPath) + ":6)");
}

TEST_F(ConnectionSettingsTest, FlagOutranksEnvironmentOutranksContext) {
  env_["CAUSEWAY_TOPOLOGY"] = "env:7070";
  env_["CAUSEWAY_GATEWAY"] = "env:7080";
  flags_[Setting::kServer] = "flag:7070";
  const ResolvedSettings settings = Resolve();
  EXPECT_EQ(settings.Value(Setting::kServer), "flag:7070");
  EXPECT_EQ(settings.Find(Setting::kServer)->origin, "--server");
  EXPECT_EQ(settings.Value(Setting::kGateway), "env:7080");
  EXPECT_EQ(settings.Find(Setting::kGateway)->origin, "$CAUSEWAY_GATEWAY");
  EXPECT_EQ(settings.Value(Setting::kTlsCa), "/home/ana/pki/ca.pem");  // context
}

TEST_F(ConnectionSettingsTest, AnEmptyEnvironmentVariableIsUnset) {
  env_["CAUSEWAY_TOPOLOGY"] = "";
  EXPECT_EQ(Resolve().Value(Setting::kServer), "topology.prod:7070");
}

TEST_F(ConnectionSettingsTest, AnEmptyFlagClearsTheSettingOrRestoresItsDefault) {
  flags_[Setting::kTlsCa] = "";
  flags_[Setting::kServer] = "";
  const ResolvedSettings settings = Resolve();
  EXPECT_EQ(settings.Find(Setting::kTlsCa), nullptr);
  EXPECT_EQ(settings.Value(Setting::kServer), "localhost:7070");
}

TEST_F(ConnectionSettingsTest, ContextFlagOutranksEnvironmentOutranksCurrentContext) {
  env_["CAUSEWAY_CONTEXT"] = "staging";
  ResolvedSettings settings = Resolve();
  EXPECT_EQ(settings.context, "staging");
  EXPECT_EQ(settings.context_origin, "$CAUSEWAY_CONTEXT");
  EXPECT_EQ(settings.Value(Setting::kServer), "topology.staging:7070");
  EXPECT_EQ(settings.Value(Setting::kToken), "cwt_staging");
  EXPECT_EQ(settings.Find(Setting::kTlsCa), nullptr);  // prod's settings do not leak in

  context_flag_ = "prod";
  settings = Resolve();
  EXPECT_EQ(settings.context, "prod");
  EXPECT_EQ(settings.context_origin, "--context");

  context_flag_ = "";  // --context= : no context at all
  settings = Resolve();
  EXPECT_EQ(settings.context, "");
  EXPECT_EQ(settings.Value(Setting::kServer), "localhost:7070");
}

TEST_F(ConnectionSettingsTest, AMissingContextNamesWhatChoseItAndTheContextsThereAre) {
  context_flag_ = "qa";
  const std::string error = ResolveError();
  EXPECT_THAT(error, HasSubstr("context \"qa\" (from --context) is not in"));
  EXPECT_THAT(error, HasSubstr(std::string(kPath)));
  EXPECT_THAT(error, HasSubstr("its contexts: prod, staging"));
}

TEST_F(ConnectionSettingsTest, AContextWithoutAConfigFileIsAnError) {
  env_["CAUSEWAY_CONTEXT"] = "prod";
  EXPECT_THAT(ResolveError(/*with_config=*/false),
              HasSubstr("context \"prod\" (from $CAUSEWAY_CONTEXT): there is no config file"));
}

TEST_F(ConnectionSettingsTest, ACurrentContextNamingNoContextIsAnError) {
  config_.current_context->value = "gone";
  EXPECT_THAT(ResolveError(), HasSubstr("context \"gone\" (from current-context ("));
}

TEST_F(ConnectionSettingsTest, TokenAndTokenFileAreOneChoiceMadeAtTheHighestLevel) {
  // The context (prod) has token-file; the environment's token outranks it as a whole.
  env_["CAUSEWAY_TOKEN"] = "cwt_env";
  ResolvedSettings settings = Resolve();
  EXPECT_EQ(settings.Value(Setting::kToken), "cwt_env");
  EXPECT_EQ(settings.Find(Setting::kTokenFile), nullptr);

  // A token file given as a flag outranks the environment's token.
  flags_[Setting::kTokenFile] = "/run/secrets/token";
  settings = Resolve();
  EXPECT_EQ(settings.Value(Setting::kTokenFile), "/run/secrets/token");  // as given, not moved
  EXPECT_EQ(settings.Find(Setting::kToken), nullptr);
}

TEST_F(ConnectionSettingsTest, TokenAndTokenFileAtOneLevelIsAnErrorQuotingNoToken) {
  env_["CAUSEWAY_TOKEN"] = "cwt_secret";
  env_["CAUSEWAY_TOKEN_FILE"] = "/t";
  const std::string error = ResolveError();
  EXPECT_THAT(error, HasSubstr("$CAUSEWAY_TOKEN and $CAUSEWAY_TOKEN_FILE are both given"));
  EXPECT_THAT(error, Not(HasSubstr("cwt_secret")));

  env_.clear();
  flags_[Setting::kToken] = "cwt_secret";
  flags_[Setting::kTokenFile] = "/t";
  EXPECT_THAT(ResolveError(), HasSubstr("--token and --token-file are both given"));
}

TEST_F(ConnectionSettingsTest, AnEmptyTokenFlagAsksForNoCredentials) {
  flags_[Setting::kToken] = "";
  const ResolvedSettings settings = Resolve();
  EXPECT_EQ(settings.Find(Setting::kToken), nullptr);
  EXPECT_EQ(settings.Find(Setting::kTokenFile), nullptr);  // prod's token-file is outranked
}

TEST_F(ConnectionSettingsTest, ClientCertificateAndKeyGoTogetherAndNeedTheCa) {
  flags_[Setting::kTlsCert] = "/c.pem";
  EXPECT_THAT(ResolveError(), HasSubstr("--tls-cert: tls-cert and tls-key go together; tls-key"));

  flags_[Setting::kTlsKey] = "/k.pem";
  EXPECT_TRUE(ResolveSettings(Sources()).ok());  // prod has tls-ca

  context_flag_ = "staging";
  EXPECT_THAT(ResolveError(), HasSubstr("--tls-cert: needs tls-ca"));
}

TEST_F(ConnectionSettingsTest, ServerNameNeedsTheCa) {
  env_["CAUSEWAY_TLS_SERVER_NAME"] = "topology.internal";
  EXPECT_TRUE(ResolveSettings(Sources()).ok());  // prod has tls-ca
  context_flag_ = "staging";
  EXPECT_THAT(ResolveError(), HasSubstr("$CAUSEWAY_TLS_SERVER_NAME: needs tls-ca"));
}

TEST(ConfigFileNameTest, RelativeNamesAreUnderTheConfigFilesFolder) {
  EXPECT_EQ(ConfigFileName("/etc/ca.pem", "/home/ana/.config/causeway/config", "/home/ana"),
            "/etc/ca.pem");
  EXPECT_EQ(ConfigFileName("~/ca.pem", "/home/ana/.config/causeway/config", "/home/ana"),
            "/home/ana/ca.pem");
  EXPECT_EQ(ConfigFileName("pki/ca.pem", "/home/ana/.config/causeway/config", "/home/ana"),
            "/home/ana/.config/causeway/pki/ca.pem");
  EXPECT_EQ(ConfigFileName("ca.pem", "config", "/home/ana"), "ca.pem");
}

}  // namespace
}  // namespace causeway::cli
