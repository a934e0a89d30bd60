// `publish --token` (or $CAUSEWAY_TOKEN) reaches the gateway as `authorization: Bearer <token>`.
// A recording Gateway stands in for causeway-gateway: what is under test is what the CLI sends.
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "causeway/gateway/v1/gateway.grpc.pb.h"
#include "cli_fixture.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"

namespace causeway::testing {
namespace {

namespace gv1 = ::causeway::gateway::v1;

// Refuses a publish without credentials, as causeway-gateway does unless --auth=development.
class RecordingGateway final : public gv1::Gateway::Service {
 public:
  grpc::Status Publish(grpc::ServerContext* context, const gv1::PublishRequest* request,
                       gv1::PublishResponse*) override {
    std::lock_guard<std::mutex> lock(mu_);
    const auto& metadata = context->client_metadata();
    auto found = metadata.find("authorization");
    authorization_ =
        found == metadata.end() ? "" : std::string(found->second.data(), found->second.size());
    producer_id_ = request->producer_id();
    if (authorization_.empty()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no credentials");
    }
    return grpc::Status::OK;
  }

  std::string authorization() {
    std::lock_guard<std::mutex> lock(mu_);
    return authorization_;
  }
  std::string producer_id() {
    std::lock_guard<std::mutex> lock(mu_);
    return producer_id_;
  }

 private:
  std::mutex mu_;
  std::string authorization_;
  std::string producer_id_;
};

class CliPublishTokenTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&gateway_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    address_ = absl::StrCat("127.0.0.1:", port);
  }
  void TearDown() override {
    server_->Shutdown();
    CliTest::TearDown();
  }

  std::vector<std::string> Publish(std::vector<std::string> flags = {}) {
    std::vector<std::string> args = {"publish", ns_ + "/Person", "--json", "{}", "--gateway",
                                     address_};
    args.insert(args.end(), flags.begin(), flags.end());
    return args;
  }

  RecordingGateway gateway_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

TEST_F(CliPublishTokenTest, TokenFlagIsSentAsBearerAuthorization) {
  CliResult result = Cli(Publish({"--token", "cwt_from-flag"}));
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(gateway_.authorization(), "Bearer cwt_from-flag");
  EXPECT_EQ(gateway_.producer_id(), "");  // the gateway takes the token's producer
}

TEST_F(CliPublishTokenTest, TokenComesFromTheEnvironment) {
  CliResult result = Cli(Publish(), {"CAUSEWAY_TOKEN=cwt_from-env"});
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(gateway_.authorization(), "Bearer cwt_from-env");
}

TEST_F(CliPublishTokenTest, WithoutATokenTheRefusalIsUnauthenticated) {
  CliResult result = Cli(Publish());
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "error: UNAUTHENTICATED: ")) << result;
  EXPECT_EQ(gateway_.producer_id(), "causeway-cli");  // what --auth=development records
}

}  // namespace
}  // namespace causeway::testing
