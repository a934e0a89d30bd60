// A hostile DAG-shaped schema (records that each use the one before twice: 2^k types in a few
// KiB) against the real servers: topology refuses to register it, naming the bound; and a gateway
// given such a schema anyway (stored before the bound, written straight to the database) refuses
// its events with INVALID_ARGUMENT while a well-behaved client keeps publishing.
#include <gmock/gmock.h>

#include <atomic>
#include <functional>
#include <iostream>
#include <thread>

#include "../gateway/gateway_fixture.h"
#include "common/avro/canonical_form.h"
#include "common/avro/fingerprint.h"
#include "common/avro/schema_parser.h"
#include "common/pg/pg_pool.h"
#include "support/dag_schema.h"
#include "support/resident_memory.h"
#include "topology/pg_schema_store.h"

// AddressSanitizer keeps freed memory in a quarantine (256 MiB by default) that shows as RSS; a
// small one lets RSS measure what the servers hold.
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=8"; }

namespace causeway::testing {
namespace {

using ::testing::HasSubstr;

// What refusing a hostile schema's events may cost the process (servers in-process): its default
// expansion is bounded at about 64 Ki values per event, so the growth is buffers, not 2^k.
constexpr size_t kRssBound = size_t{64} << 20;
using test_support::DagSchema;

class DagSchemaTest : public GatewayTest {
 protected:
  grpc::Status Register(const std::string& event_type, const std::string& definition,
                        tv1::Schema* out) {
    tv1::RegisterSchemaRequest req;
    req.set_namespace_(ns_);
    req.set_event_type(event_type);
    req.set_definition(definition);
    return schemas_->RegisterSchema(Context().get(), req, out);
  }

  // Attached as the RPC would, but straight through the store: no bounds, as before they existed.
  void StoreWithoutBounds(const std::string& event_type, const std::string& definition) {
    absl::StatusOr<avro::Schema> schema = avro::ParseSchema(definition);
    ASSERT_TRUE(schema.ok()) << schema.status();
    pg::PgPool pool(db_->dsn(), 1, topology::PrepareStoreStatements);
    topology::PgSchemaStore store(&pool);
    tv1::Schema out;
    auto committed = store.Register(ns_, event_type, avro::SchemaId(*schema), definition,
                                    avro::CanonicalForm(*schema), &out, {"test"});
    ASSERT_TRUE(committed.ok()) << committed.status();
    tv1::SchemaTransitionRequest act;
    act.set_id(out.id());
    act.set_namespace_(ns_);
    act.set_event_type(event_type);
    grpc::Status s = schemas_->ActivateSchema(Context().get(), act, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // Another client: its own connection to the gateway, publishing Person events.
  std::function<grpc::Status(int)> PersonPublisher() {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    std::shared_ptr<gv1::Gateway::Stub> stub = gv1::Gateway::NewStub(grpc::CreateCustomChannel(
        absl::StrCat("127.0.0.1:", gateway_->grpc_port()), grpc::InsecureChannelCredentials(),
        args));
    return [this, stub](int i) {
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
      gv1::PublishResponse out;
      return stub->Publish(&ctx,
                           Json(R"({"first_name": "Ada", "last_name": "Lovelace"})",
                                "well-behaved-" + std::to_string(i)),
                           &out);
    };
  }

  gv1::PublishRequest DagEvent(const std::string& json) {
    gv1::PublishRequest r = Json(json, "", gv1::ACK_ACCEPTED);
    r.set_event_type("Dag");
    return r;
  }
};

// Publishes Person events one after another until stopped; every one must be persisted.
class WellBehavedClient {
 public:
  explicit WellBehavedClient(std::function<grpc::Status(int)> publish)
      : thread_([this, publish] {
          for (int i = 0; !stop_; ++i) {
            grpc::Status s = publish(i);
            (s.ok() ? ok_ : failed_)++;
          }
        }) {}
  // Stops after at least one more publish; returns how many succeeded.
  int StopAndCount() {
    const int seen = ok_ + failed_;
    while (ok_ + failed_ == seen) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stop_ = true;
    thread_.join();
    EXPECT_EQ(failed_, 0);
    return ok_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> ok_{0};
  std::atomic<int> failed_{0};
  std::thread thread_;
};

TEST_F(DagSchemaTest, RegistrationRefusesADagSchemaNamingTheBound) {
  CreateEventType("Dag");
  tv1::Schema out;
  grpc::Status s = Register("Dag", DagSchema(40), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr(R"(definition: $.fields.defs[17]: type "R16")"));
  EXPECT_THAT(s.error_message(), HasSubstr("exceeds the bound of 100000 types"));

  const std::string large = R"({"type": "string", "doc": ")" + std::string(300 << 10, 'x') + "\"}";
  s = Register("Dag", large, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("exceeds the bound of 262144 bytes"));

  // Within the bounds, the same shape registers.
  s = Register("Dag", DagSchema(12), &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(DagSchemaTest, GatewayBoundsTheDefaultsOfADagSchemaStoredBeforeTheBound) {
  CreateEventType("Dag");
  StoreWithoutBounds("Dag", DagSchema(40));
  Place("Dag", "eu");
  StartGateway();

  PeakRssGrowth rss;
  WellBehavedClient person(PersonPublisher());
  // `top` defaults to {}, which expands to 2^40 ints: refused at the bound, not written.
  for (int i = 0; i < 20; ++i) {
    gv1::PublishResponse out;
    grpc::Status s = Publish(DagEvent("{}"), &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), HasSubstr("$.top: the field's default cannot be written"));
    EXPECT_THAT(s.error_message(), HasSubstr("expand past the bound of"));
  }
  EXPECT_GT(person.StopAndCount(), 0);
  const size_t growth = rss.Stop();
  EXPECT_LT(growth, kRssBound);
  std::cout << "[figure] 20 events of a k=40 DAG schema refused, RSS growth " << (growth >> 20)
            << " MiB\n";
}

TEST_F(DagSchemaTest, GatewayBoundsManySmallDefaultsOfARegisteredSchema) {
  // R12 is within the registry's bounds, but each {} item takes defaults of 12,286 values.
  CreateEventType("Dag");
  tv1::Schema schema = RegisterAndActivate("Dag", DagSchema(12));
  Place("Dag", "eu");
  StartGateway();

  PeakRssGrowth rss;
  WellBehavedClient person(PersonPublisher());
  std::string many = R"({"top": {"a": {}, "b": {}}, "list": [{})";
  for (int i = 1; i < 2000; ++i) many += ", {}";
  many += "]}";
  for (int i = 0; i < 5; ++i) {
    gv1::PublishResponse out;
    grpc::Status s = Publish(DagEvent(many), &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(s.error_message(), HasSubstr("expand past the bound of"));
  }
  // A few items are within the bound and are published.
  gv1::PublishResponse out;
  grpc::Status s = Publish(DagEvent(R"({"list": [{}, {}]})"), &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_GT(person.StopAndCount(), 0);
  const size_t growth = rss.Stop();
  EXPECT_LT(growth, kRssBound);
  std::cout << "[figure] 5 events of 2,000 defaulted items refused, RSS growth " << (growth >> 20)
            << " MiB\n";
}

}  // namespace
}  // namespace causeway::testing
