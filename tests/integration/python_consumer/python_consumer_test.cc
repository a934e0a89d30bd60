// A consumer in Python with grpcio alone (consumer.py, stubs generated from proto/) reads a PULL
// subscription through causeway-relay's Consume stream: every published event arrives once
// acknowledged, as JSON in the subscription's reader schema (an older Person without `username`,
// with a `country` the writer never had, filled from its default), without a Kafka client or an
// Avro library. The relay runs with principals: the consumer authenticates with its token.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "integration/relay/relay_fixture.h"
#include "simdjson.h"
#include "support/subprocess.h"

#ifndef CAUSEWAY_PYTHON_CONSUMER_VENV
#error "CAUSEWAY_PYTHON_CONSUMER_VENV (the venv that setup_venv.sh builds) must be defined"
#endif

namespace causeway::testing {
namespace {

constexpr char kReader[] = R"({
  "name": "Person", "namespace": "org.example", "type": "record",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "age", "type": ["null", "int"]},
    {"name": "country", "type": "string", "default": "unknown"}
  ]})";

class PythonConsumerTest : public RelayTest {};

TEST_F(PythonConsumerTest, GrpcioConsumerReadsInItsReaderSchema) {
  tv1::CreateSubscriptionRequest req;
  tv1::Subscription* s = req.mutable_subscription();
  s->set_name("py-people");
  auto* et = s->add_event_types();
  et->set_namespace_(ns_);
  et->set_name("Person");
  s->set_mode(tv1::SUBSCRIPTION_MODE_PULL);
  s->set_start(tv1::START_POSITION_EARLIEST);
  s->add_reader_schemas()->set_definition(kReader);
  *s->mutable_delivery() = FastPolicy();
  tv1::CreateSubscriptionResponse created;
  grpc::Status st = topo_->CreateSubscription(Context().get(), req, &created);
  ASSERT_TRUE(st.ok()) << st.error_message();

  auto options = RelayOptions({});
  options.auth = auth::AuthMode::kPrincipals;
  StartRelay(std::move(options));
  const std::string token = MakePrincipal(*topo_, "py-consumer", tv1::ROLE_CONSUMER, ns_);
  ASSERT_TRUE(relay_->follower().WaitForRevision(topology_->hub().revision(), absl::Seconds(20)));
  const std::vector<std::string> ids = PublishPeople(30);

  const std::string dir = CAUSEWAY_PYTHON_CONSUMER_DIR;
  const std::string venv = CAUSEWAY_PYTHON_CONSUMER_VENV;
  std::string out, err;
  int rc = RunProcess({"bash", std::string(CAUSEWAY_VENV_SCRIPT), venv, dir + "/requirements.txt",
                       "grpc_tools.protoc"},
                      &out, &err);
  ASSERT_EQ(rc, 0) << "setup_venv.sh failed:\n" << out << err;
  out.clear();
  err.clear();
  rc = RunProcess({"timeout", "120", venv + "/bin/python", dir + "/consumer.py", "--relay",
                   absl::StrCat("127.0.0.1:", relay_->process().grpc_port()), "--subscription",
                   "py-people", "--token", token, "--count", "30", "--proto",
                   std::string(CAUSEWAY_PROTO_DIR)},
                  &out, &err, {"PYTHONDONTWRITEBYTECODE=1"});
  ASSERT_EQ(rc, 0) << "consumer.py failed:\n" << out << err;

  simdjson::dom::parser parser;
  std::set<std::string> seen;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    simdjson::dom::element e;
    ASSERT_EQ(parser.parse(line).get(e), simdjson::SUCCESS) << line;
    std::string_view id, first, country;
    ASSERT_EQ(e["event_id"].get(id), simdjson::SUCCESS) << line;
    seen.insert(std::string(id));
    simdjson::dom::object payload;
    ASSERT_EQ(e["payload"].get(payload), simdjson::SUCCESS) << line;
    // The reader's fields, and only those.
    EXPECT_EQ(payload["first_name"].get(first), simdjson::SUCCESS) << line;
    EXPECT_EQ(first.substr(0, 1), "p") << line;
    EXPECT_EQ(payload["country"].get(country), simdjson::SUCCESS) << line;
    EXPECT_EQ(country, "unknown") << line;
    EXPECT_TRUE(payload["username"].error()) << "a field the reader does not know: " << line;
    EXPECT_TRUE(payload["last_name"].error()) << "a field the reader does not know: " << line;
    std::string_view fingerprint;
    ASSERT_EQ(e["reader_fingerprint"].get(fingerprint), simdjson::SUCCESS);
    EXPECT_EQ(fingerprint, created.subscription().reader_schemas(0).fingerprint()) << line;
  }
  for (const std::string& id : ids) EXPECT_TRUE(seen.count(id)) << "never consumed: " << id;
}

}  // namespace
}  // namespace causeway::testing
