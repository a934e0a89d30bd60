#include "common/topology/entity_kinds.h"

#include <gtest/gtest.h>

namespace causeway::topology {
namespace {

TEST(EntityKinds, KeysAndPathsComeFromTheMessage) {
  v1::Placement p;
  p.set_namespace_("mfp");
  p.set_event_type("A");
  p.set_zone("eu");
  EXPECT_EQ(KeyOf(EntityKind::kPlacement, p), (std::vector<std::string>{"mfp", "A", "eu"}));
  EXPECT_EQ(EntityPath(EntityKind::kPlacement, KeyOf(EntityKind::kPlacement, p)),
            "event_type/mfp/A/placement/eu");
  v1::Zone z;
  z.set_name("eu");
  EXPECT_EQ(EntityPath(EntityKind::kZone, KeyOf(EntityKind::kZone, z)), "zone/eu");
}

TEST(EntityKinds, JsonRoundTripKeepsEnumsAndMaps) {
  v1::Cluster c;
  c.set_name("eu-a");
  c.set_state(v1::CLUSTER_STATE_DRAINING);
  (*c.mutable_client_properties())["security.protocol"] = "SSL";
  SetVersion(&c, 7);
  const std::string json = ToJson(c);
  EXPECT_NE(json.find("CLUSTER_STATE_DRAINING"), std::string::npos);
  v1::Cluster back;
  ASSERT_TRUE(FromJson(json, &back).ok());
  EXPECT_EQ(back.SerializeAsString(), c.SerializeAsString());
  EXPECT_EQ(ColumnValue(c, "state"), "CLUSTER_STATE_DRAINING");
  EXPECT_EQ(VersionOf(back), 7);
}

TEST(EntityKinds, ChangeCarriesTheEntityOfItsKind) {
  v1::EventType et;
  et.set_namespace_("mfp");
  et.set_name("A");
  v1::Change change;
  SetChangeEntity(EntityKind::kEventType, et, &change);
  ASSERT_TRUE(change.has_event_type());
  EXPECT_EQ(*ChangeKind(change), EntityKind::kEventType);
  EXPECT_EQ(ChangeEntity(change).SerializeAsString(), et.SerializeAsString());
  EXPECT_FALSE(ChangeKind(v1::Change()).ok());
}

TEST(EntityKinds, KindNamesRoundTrip) {
  for (EntityKind k : AllKinds()) EXPECT_EQ(*KindFromName(Spec(k).name), k);
  EXPECT_FALSE(KindFromName("nope").ok());
}

}  // namespace
}  // namespace causeway::topology
