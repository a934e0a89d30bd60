// PostgreSQL stopped and restarted under a running causeway-topology: UNAVAILABLE meanwhile, reads
// from the in-memory view keep working, and it recovers by itself.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "support/subprocess.h"
#include "support/test_database.h"
#include "support/test_placement.h"
#include "support/topology_server.h"
#include "topology/migrator.h"

namespace causeway::testing {
namespace {

namespace v1 = ::causeway::topology::v1;

int FreePort() {
  std::string out;
  RunProcess({"python3", "-c",
              "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); "
              "print(s.getsockname()[1])"},
             &out, nullptr);
  return std::stoi(out);
}

class PrivatePostgres {
 public:
  PrivatePostgres() : port_(FreePort()) {
    char dir[] = "/tmp/causeway-pg.XXXXXX";
    dir_ = mkdtemp(dir);
    Start();
  }
  ~PrivatePostgres() {
    Stop();
    RunProcess({"rm", "-rf", dir_}, nullptr, nullptr);
  }
  void Start() { Tool({"start", dir_, std::to_string(port_)}); }
  void Stop() { Tool({"stop", dir_}); }
  std::string dsn() const { return absl::StrCat("postgresql://postgres@127.0.0.1:", port_, "/causeway"); }

 private:
  void Tool(std::vector<std::string> args) {
    args.insert(args.begin(), absl::StrCat(CAUSEWAY_SOURCE_DIR, "/tools/pg"));
    std::string out, err;
    ASSERT_EQ(RunProcess(args, &out, &err), 0) << err;
  }
  int port_;
  std::string dir_;
};

grpc::Status CreateNamespace(v1::Topology::Stub* stub, const std::string& name) {
  v1::CreateNamespaceRequest req;
  req.mutable_namespace_()->set_name(name);
  v1::Namespace out;
  return stub->CreateNamespace(Context(10).get(), req, &out);
}

TEST(PostgresRestart, ServiceAnswersUnavailableThenRecovers) {
  PrivatePostgres pg;
  auto migrations = topology::LoadMigrations(MigrationsDir());
  ASSERT_TRUE(migrations.ok());
  ASSERT_TRUE(topology::ApplyMigrations(pg.dsn(), *migrations).ok());
  TopologyServer server(pg.dsn(), NoTopicProvisioner());
  auto stub = server.NewStub();
  ASSERT_TRUE(CreateNamespace(stub.get(), "before").ok());
  v1::CreateZoneRequest zr;
  zr.mutable_zone()->set_name("eu");
  v1::Zone zone;
  ASSERT_TRUE(stub->CreateZone(Context().get(), zr, &zone).ok());

  pg.Stop();
  grpc::Status down = CreateNamespace(stub.get(), "during");
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
  v1::GetZoneRequest gz;
  gz.set_name("eu");
  EXPECT_EQ(stub->GetZone(Context().get(), gz, &zone).error_code(), grpc::StatusCode::UNAVAILABLE);

  pg.Start();
  grpc::Status up;
  for (int i = 0; i < 100; ++i) {
    up = CreateNamespace(stub.get(), "after");
    if (up.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_TRUE(up.ok()) << up.error_message();
  // The watch follower reconnected too: the view has the new namespace.
  EXPECT_TRUE(server.hub().WaitForRevision(3, absl::Seconds(20)));
  EXPECT_NE(server.hub().view()->Find(topology::EntityKind::kNamespace, "after"), nullptr);
}

}  // namespace
}  // namespace causeway::testing
