#pragma once
// causeway-archiver on the real servers: PostgreSQL (topology and the ledger), causeway-topology
// and causeway-gateway in-process, the real Kafka broker, a LocalStore in a temp folder. The zone
// "eu" of GatewayTest is archived; files are read back with Avro C and counted by event id.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "archiver/ledger/pg_archive_ledger.h"
#include "archiver/server/archiver_app.h"
#include "avro_read_back.h"
#include "integration/gateway/gateway_fixture.h"
#include "support/test_principals.h"

namespace causeway::testing {

namespace av = ::causeway::archiver;

class ArchiverTest : public GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    SetArchived(true);
    archiver_token_ = MakePrincipal(*topo_, "archiver", tv1::ROLE_ARCHIVER);
    char tmpl[] = "/tmp/causeway-archiver-svc-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::filesystem::create_directories(dir_ + "/spool");
    StartGateway();
  }
  void TearDown() override {
    archiver_.reset();
    std::filesystem::remove_all(dir_);
    GatewayTest::TearDown();
  }

  void SetArchived(bool archived) {
    tv1::GetZoneRequest get;
    get.set_name("eu");
    tv1::Zone zone;
    ASSERT_TRUE(topo_->GetZone(Context().get(), get, &zone).ok());
    zone.set_archived(archived);
    tv1::UpdateZoneRequest update;
    *update.mutable_zone() = zone;
    grpc::Status s = topo_->UpdateZone(Context().get(), update, &zone);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  av::ArchiverAppOptions Options() {
    av::ArchiverAppOptions o;
    o.server = ServerOptions{"127.0.0.1:0", "127.0.0.1:0", absl::Seconds(5)};
    o.follower.topology.address = topology_->address();
    o.follower.topology.token = archiver_token_;
    o.follower.retry = absl::Milliseconds(100);
    o.follower.max_retry = absl::Milliseconds(500);
    o.zone = "eu";
    o.database = db_->dsn();
    o.local_root = dir_ + "/store";
    o.archive.spool_dir = dir_ + "/spool";
    o.archive.roller.max_file_age = absl::Seconds(2);
    o.archive.roller.max_file_records = 150;
    o.cluster.group_id = "causeway-archiver." + ns_;  // this test's own group on the shared broker
    o.cluster.tick = absl::Milliseconds(200);
    o.cluster.session_timeout = absl::Seconds(6);
    return o;
  }
  void StartArchiver() {
    archiver_ = std::make_unique<av::ArchiverApp>(Options());
    absl::Status s = archiver_->Start();
    ASSERT_TRUE(s.ok()) << s;
    ASSERT_TRUE(archiver_->follower().WaitForRevision(topology_->hub().revision(),
                                                      absl::Seconds(20)));
  }
  // Records in committed files (the ledger's manifest rows).
  int64_t Committed() {
    av::PgArchiveLedger ledger(db_->dsn(), 1);
    av::FileQuery q;
    q.zone = "eu";
    q.limit = 10000;
    auto files = ledger.ListFiles(q);
    if (!files.ok()) return -1;
    int64_t n = 0;
    for (const auto& f : *files) n += f.records;
    return n;
  }
  bool WaitForCommitted(int64_t n, absl::Duration limit = absl::Seconds(60)) {
    const absl::Time until = absl::Now() + limit;
    while (absl::Now() < until) {
      if (Committed() >= n) return true;
      absl::SleepFor(absl::Milliseconds(200));
    }
    return false;
  }
  // Event id -> copies in the committed files, from the files' envelopes (header
  // causeway-event-id), read with Avro C.
  std::map<std::string, int> EventIdsInFiles() {
    std::map<std::string, int> ids;
    av::PgArchiveLedger ledger(db_->dsn(), 1);
    av::FileQuery q;
    q.zone = "eu";
    q.limit = 10000;
    auto files = ledger.ListFiles(q);
    EXPECT_TRUE(files.ok()) << files.status();
    for (const av::ArchivedFile& f : *files) {
      EXPECT_EQ(f.namespace_name, ns_);
      EXPECT_EQ(f.event_type, "Person");
      EXPECT_EQ(f.schema_id, person_.global_id());
      const std::string path = dir_ + "/store/" + f.object_key;
      ReadAvroFile(path, [&](avro_value_t* v) {
        avro_value_t headers, header, field, branch;
        size_t count = 0;
        avro_value_get_by_name(v, "headers", &headers, nullptr);
        avro_value_get_size(&headers, &count);
        for (size_t i = 0; i < count; ++i) {
          avro_value_get_by_index(&headers, i, &header, nullptr);
          const void* key = nullptr;
          size_t key_size = 0;
          avro_value_get_by_name(&header, "key", &field, nullptr);
          avro_value_get_bytes(&field, &key, &key_size);
          if (std::string(static_cast<const char*>(key), key_size) != "causeway-event-id") continue;
          avro_value_get_by_name(&header, "value", &field, nullptr);
          avro_value_get_current_branch(&field, &branch);
          const void* value = nullptr;
          size_t value_size = 0;
          avro_value_get_bytes(&branch, &value, &value_size);
          ++ids[std::string(static_cast<const char*>(value), value_size)];
        }
      });
    }
    return ids;
  }

  // The group's committed offsets on the Person topic, summed (what lag tools see).
  int64_t KafkaCommitted(const std::string& group) {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", KafkaBootstrap().c_str(), err, sizeof err);
    rd_kafka_conf_set(conf, "group.id", group.c_str(), err, sizeof err);
    rd_kafka_t* c = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (c == nullptr) {
      ADD_FAILURE() << err;
      return -1;
    }
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(3);
    for (int p = 0; p < 3; ++p) rd_kafka_topic_partition_list_add(list, Topic("Person").c_str(), p);
    EXPECT_EQ(rd_kafka_committed(c, list, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    int64_t sum = 0;
    for (int i = 0; i < list->cnt; ++i) sum += std::max<int64_t>(0, list->elems[i].offset);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_destroy(c);
    return sum;
  }
  // Every committed event id exactly once, and each of `published` there.
  void ExpectExactlyOnce(const std::vector<std::string>& published) {
    const std::map<std::string, int> ids = EventIdsInFiles();
    EXPECT_EQ(ids.size(), published.size());
    for (const std::string& id : published) {
      EXPECT_EQ(ids.count(id) ? ids.at(id) : 0, 1) << id;
    }
  }

  std::string archiver_token_;
  std::string dir_;
  std::unique_ptr<av::ArchiverApp> archiver_;
};

}  // namespace causeway::testing
