#include "common/topology/topology_view.h"

#include "common/core/errors.h"

namespace causeway::topology {

std::shared_ptr<const TopologyView> TopologyView::FromSnapshot(
    int64_t revision, const std::vector<v1::Change>& entities) {
  auto view = std::make_shared<TopologyView>();
  view->revision_ = revision;
  view->tables_.resize(AllKinds().size());
  for (const v1::Change& change : entities) {
    auto kind = ChangeKind(change);
    if (!kind.ok()) continue;
    view->tables_[static_cast<int>(*kind)][KeyText(KeyOf(*kind, ChangeEntity(change)))] =
        std::make_shared<const v1::Change>(change);
  }
  return view;
}

std::shared_ptr<const TopologyView> TopologyView::Apply(
    const std::vector<v1::Change>& changes) const {
  auto next = std::make_shared<TopologyView>(*this);
  for (const v1::Change& change : changes) {
    if (change.revision() <= next->revision_) continue;  // already reflected
    next->revision_ = change.revision();
    auto kind = ChangeKind(change);
    if (!kind.ok()) continue;
    Table& table = next->tables_[static_cast<int>(*kind)];
    const std::string key = KeyText(KeyOf(*kind, ChangeEntity(change)));
    if (change.op() == v1::Change::OP_DELETE) {
      table.erase(key);
    } else {
      table[key] = std::make_shared<const v1::Change>(change);
    }
  }
  return next;
}

std::vector<std::shared_ptr<const v1::Change>> TopologyView::Entities() const {
  std::vector<std::shared_ptr<const v1::Change>> out;
  for (const Table& table : tables_) {
    for (const auto& [key, change] : table) {
      if (change->revision() == revision_ && change->op() == v1::Change::OP_PUT) {
        out.push_back(change);
      } else {
        auto stamped = std::make_shared<v1::Change>(*change);
        StampForSnapshot(revision_, stamped.get());
        out.push_back(std::move(stamped));
      }
    }
  }
  return out;
}

TopologyView::Cursor::Cursor(const TopologyView* view) : view_(view) {
  if (!view_->tables_.empty()) it_ = view_->tables_[0].begin();
  SkipEmptyTables();
}

void TopologyView::Cursor::SkipEmptyTables() {
  while (table_ < view_->tables_.size() && it_ == view_->tables_[table_].end()) {
    if (++table_ < view_->tables_.size()) it_ = view_->tables_[table_].begin();
  }
}

void TopologyView::Cursor::Advance() {
  if (table_ >= view_->tables_.size()) return;
  ++it_;
  SkipEmptyTables();
}

void StampForSnapshot(int64_t revision, v1::Change* change) {
  change->set_revision(revision);
  change->set_op(v1::Change::OP_PUT);
  change->clear_actor();
  change->clear_time();
}

const google::protobuf::Message* TopologyView::Find(EntityKind kind, const std::string& key) const {
  const Table& table = tables_[static_cast<int>(kind)];
  auto it = table.find(key);
  return it == table.end() ? nullptr : &ChangeEntity(*it->second);
}

template <typename T>
std::vector<const T*> TopologyView::Range(EntityKind kind, const std::string& prefix) const {
  std::vector<const T*> out;
  const Table& table = tables_[static_cast<int>(kind)];
  for (auto it = table.lower_bound(prefix);
       it != table.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    out.push_back(static_cast<const T*>(&ChangeEntity(*it->second)));
  }
  return out;
}

std::vector<const v1::Schema*> TopologyView::SchemasOf(const std::string& ns,
                                                       const std::string& event_type) const {
  return Range<v1::Schema>(EntityKind::kSchema, ns + "/" + event_type + "/");
}

std::vector<const v1::Schema*> TopologyView::AllSchemas() const {
  return Range<v1::Schema>(EntityKind::kSchema, "");
}

std::vector<const v1::EventType*> TopologyView::AllEventTypes() const {
  return Range<v1::EventType>(EntityKind::kEventType, "");
}

std::vector<const v1::Principal*> TopologyView::AllPrincipals() const {
  return Range<v1::Principal>(EntityKind::kPrincipal, "");
}

std::vector<const v1::RoleBinding*> TopologyView::AllRoleBindings() const {
  return Range<v1::RoleBinding>(EntityKind::kRoleBinding, "");
}

std::vector<const v1::Subscription*> TopologyView::AllSubscriptions() const {
  return Range<v1::Subscription>(EntityKind::kSubscription, "");
}

const v1::Subscription* TopologyView::FindSubscription(const std::string& name) const {
  return static_cast<const v1::Subscription*>(Find(EntityKind::kSubscription, name));
}

absl::StatusOr<v1::ResolveResponse> TopologyView::Resolve(const std::string& ns,
                                                          const std::string& event_type) const {
  const std::string key = ns + "/" + event_type;
  const auto* et = static_cast<const v1::EventType*>(Find(EntityKind::kEventType, key));
  if (et == nullptr) return NotFound("event type", key);
  v1::ResolveResponse out;
  *out.mutable_event_type() = *et;
  out.set_revision(revision_);
  // Placement keys start with "<ns>/<event_type>/": a range of the ordered map.
  for (const v1::Placement* placement : Range<v1::Placement>(EntityKind::kPlacement, key + "/")) {
    const v1::Placement& p = *placement;
    v1::ResolvedPlacement* rp = out.add_placements();
    *rp->mutable_placement() = p;
    if (const auto* c = static_cast<const v1::Cluster*>(Find(EntityKind::kCluster, p.cluster()))) {
      rp->set_bootstrap_servers(c->bootstrap_servers());
      *rp->mutable_client_properties() = c->client_properties();
      rp->set_cluster_state(c->state());
    }
    if (const auto* z = static_cast<const v1::Zone*>(Find(EntityKind::kZone, p.zone()))) {
      rp->set_zone_archived(z->archived());
    }
  }
  return out;
}

}  // namespace causeway::topology
