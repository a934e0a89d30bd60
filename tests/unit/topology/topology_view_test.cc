#include "common/topology/topology_view.h"

#include <gtest/gtest.h>

namespace causeway::topology {
namespace {

v1::Change Put(int64_t revision, const google::protobuf::Message& entity, EntityKind kind) {
  v1::Change c;
  c.set_revision(revision);
  c.set_op(v1::Change::OP_PUT);
  SetChangeEntity(kind, entity, &c);
  return c;
}

std::vector<v1::Change> Seed() {
  v1::Namespace ns;
  ns.set_name("mfp");
  v1::Zone eu;
  eu.set_name("eu");
  eu.set_archived(true);
  v1::Cluster c;
  c.set_name("eu-a");
  c.set_zone("eu");
  c.set_bootstrap_servers("k:9092");
  v1::EventType et;
  et.set_namespace_("mfp");
  et.set_name("A");
  et.set_topic("mfp.a");
  v1::EventType other;
  other.set_namespace_("mfp");
  other.set_name("AB");
  v1::Placement p;
  p.set_namespace_("mfp");
  p.set_event_type("A");
  p.set_zone("eu");
  p.set_cluster("eu-a");
  p.set_topic("mfp.a");
  v1::Placement p2 = p;
  p2.set_event_type("AB");
  return {Put(5, ns, EntityKind::kNamespace), Put(5, eu, EntityKind::kZone),
          Put(5, c, EntityKind::kCluster),    Put(5, et, EntityKind::kEventType),
          Put(5, other, EntityKind::kEventType), Put(5, p, EntityKind::kPlacement),
          Put(5, p2, EntityKind::kPlacement)};
}

TEST(TopologyView, ResolveJoinsPlacementsWithClusterAndZone) {
  auto view = TopologyView::FromSnapshot(5, Seed());
  auto resolved = view->Resolve("mfp", "A");
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->revision(), 5);
  ASSERT_EQ(resolved->placements_size(), 1) << "the prefix range must not include mfp/AB";
  EXPECT_EQ(resolved->placements(0).bootstrap_servers(), "k:9092");
  EXPECT_TRUE(resolved->placements(0).zone_archived());
}

TEST(TopologyView, ResolveUnknownIsNotFound) {
  auto view = TopologyView::FromSnapshot(5, Seed());
  EXPECT_EQ(view->Resolve("mfp", "Nope").status().code(), absl::StatusCode::kNotFound);
}

TEST(TopologyView, ApplyIsCopyOnWriteAndSkipsOldRevisions) {
  auto v5 = TopologyView::FromSnapshot(5, Seed());
  v1::Placement p;
  p.set_namespace_("mfp");
  p.set_event_type("A");
  p.set_zone("eu");
  v1::Change del = Put(6, p, EntityKind::kPlacement);
  del.set_op(v1::Change::OP_DELETE);
  v1::Zone stale;
  stale.set_name("stale");
  auto v6 = v5->Apply({Put(4, stale, EntityKind::kZone), del});
  EXPECT_EQ(v6->revision(), 6);
  EXPECT_EQ(v6->Resolve("mfp", "A")->placements_size(), 0);
  EXPECT_EQ(v5->Resolve("mfp", "A")->placements_size(), 1) << "the old view is unchanged";
  EXPECT_EQ(v6->Find(EntityKind::kZone, "stale"), nullptr);
}

TEST(TopologyView, EntitiesAreStampedWithTheViewRevision) {
  auto v = TopologyView::FromSnapshot(5, Seed())->Apply({});
  v1::Namespace ns;
  ns.set_name("new");
  auto v7 = v->Apply({Put(7, ns, EntityKind::kNamespace)});
  auto entities = v7->Entities();
  EXPECT_EQ(entities.size(), 8u);
  for (const auto& e : entities) EXPECT_EQ(e->revision(), 7);
}

TEST(TopologyView, CursorWalksTheEntitiesInTheOrderOfEntities) {
  v1::Namespace ns;
  ns.set_name("new");
  auto view = TopologyView::FromSnapshot(5, Seed())->Apply({Put(7, ns, EntityKind::kNamespace)});
  const auto entities = view->Entities();
  size_t i = 0;
  for (auto cursor = view->Begin(); cursor.get() != nullptr; cursor.Advance(), ++i) {
    ASSERT_LT(i, entities.size());
    v1::Change stamped = *cursor.get();
    StampForSnapshot(view->revision(), &stamped);
    EXPECT_EQ(stamped.SerializeAsString(), entities[i]->SerializeAsString()) << i;
  }
  EXPECT_EQ(i, entities.size());
}

TEST(TopologyView, CursorOfAnEmptyViewStartsAtTheEnd) {
  auto view = TopologyView::FromSnapshot(3, {});
  auto cursor = view->Begin();
  EXPECT_EQ(cursor.get(), nullptr);
  cursor.Advance();
  EXPECT_EQ(cursor.get(), nullptr);
}

}  // namespace
}  // namespace causeway::topology
