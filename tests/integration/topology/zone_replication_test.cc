// A zone's replication_factor and min_insync_replicas: secure defaults, their bounds (named by
// field path), fixed once set, and taken once by a zone from before migration 0005.
#include <pqxx/pqxx>

#include "topology_fixture.h"

namespace causeway::testing {
namespace {

grpc::Status CreateZone(v1::Topology::Stub& stub, int replication, int min_insync, v1::Zone* out) {
  v1::CreateZoneRequest req;
  req.mutable_zone()->set_name("eu");
  req.mutable_zone()->set_replication_factor(replication);
  req.mutable_zone()->set_min_insync_replicas(min_insync);
  return stub.CreateZone(Context().get(), req, out);
}

void ExpectInvalidField(const grpc::Status& s, const std::string& field) {
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(s.error_message().rfind(field + ":", 0), 0u) << s.error_message();
}

TEST_F(TopologyTest, ZonesDefaultToThreeCopiesTwoInSync) {
  v1::Zone zone;
  ASSERT_TRUE(CreateZone(*stub_, 0, 0, &zone).ok());
  EXPECT_EQ(zone.replication_factor(), 3);
  EXPECT_EQ(zone.min_insync_replicas(), 2);
}

TEST_F(TopologyTest, MinInsyncDefaultsToAtMostTheReplicationFactor) {
  v1::Zone zone;
  ASSERT_TRUE(CreateZone(*stub_, 1, 0, &zone).ok());
  EXPECT_EQ(zone.replication_factor(), 1);
  EXPECT_EQ(zone.min_insync_replicas(), 1);
}

TEST_F(TopologyTest, ReplicationOutOfBoundsIsInvalidArgumentNamingTheField) {
  v1::Zone zone;
  ExpectInvalidField(CreateZone(*stub_, 3, 4, &zone), "zone.min_insync_replicas");
  ExpectInvalidField(CreateZone(*stub_, 0, 4, &zone), "zone.min_insync_replicas");
  ExpectInvalidField(CreateZone(*stub_, 3, -1, &zone), "zone.min_insync_replicas");
  ExpectInvalidField(CreateZone(*stub_, -1, 0, &zone), "zone.replication_factor");
  ExpectInvalidField(CreateZone(*stub_, 17, 0, &zone), "zone.replication_factor");
  v1::ListZonesResponse zones;
  ASSERT_TRUE(stub_->ListZones(Context().get(), v1::ListRequest(), &zones).ok());
  EXPECT_EQ(zones.zones_size(), 0);
}

TEST_F(TopologyTest, ReplicationIsFixedOnceSet) {
  v1::Zone zone;
  ASSERT_TRUE(CreateZone(*stub_, 3, 2, &zone).ok());
  v1::UpdateZoneRequest update;
  *update.mutable_zone() = zone;
  update.mutable_zone()->set_replication_factor(5);
  v1::Zone out;
  ExpectInvalidField(stub_->UpdateZone(Context().get(), update, &out), "zone.replication_factor");
  *update.mutable_zone() = zone;
  update.mutable_zone()->set_min_insync_replicas(1);
  ExpectInvalidField(stub_->UpdateZone(Context().get(), update, &out), "zone.min_insync_replicas");
  // Unchanged or unset (0) fields leave them as they are.
  *update.mutable_zone() = zone;
  update.mutable_zone()->set_description("Europe");
  update.mutable_zone()->clear_replication_factor();
  ASSERT_TRUE(stub_->UpdateZone(Context().get(), update, &out).ok());
  EXPECT_EQ(out.replication_factor(), 3);
  EXPECT_EQ(out.min_insync_replicas(), 2);
}

TEST_F(TopologyTest, AZoneFromBeforeReplicationTakesItOnce) {
  v1::Zone zone;
  ASSERT_TRUE(CreateZone(*stub_, 3, 2, &zone).ok());
  {  // as migration 0005 leaves a zone created before it
    pqxx::connection conn(db_->dsn());
    pqxx::work txn(conn);
    txn.exec("UPDATE zones SET body = body - 'replication_factor' - 'min_insync_replicas'");
    txn.commit();
  }
  v1::UpdateZoneRequest update;
  update.mutable_zone()->set_name("eu");
  update.mutable_zone()->set_version(zone.version());
  update.mutable_zone()->set_replication_factor(3);
  v1::Zone out;
  grpc::Status s = stub_->UpdateZone(Context().get(), update, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.replication_factor(), 3);
  EXPECT_EQ(out.min_insync_replicas(), 2);
}

}  // namespace
}  // namespace causeway::testing
