#pragma once
// TopologyView: an immutable, in-memory copy of the whole topology at one revision. Built from a
// snapshot and advanced by applying changes, each step producing a new view (copy on write), so
// readers hold a std::shared_ptr<const TopologyView> and never lock.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/topology/entity_kinds.h"

namespace causeway::topology {

class TopologyView {
 public:
  // `entities`: OP_PUT changes, as from TopologyStore::Snapshot.
  static std::shared_ptr<const TopologyView> FromSnapshot(int64_t revision,
                                                          const std::vector<v1::Change>& entities);

  // A new view with `changes` (in revision order, all after this view's revision) applied.
  std::shared_ptr<const TopologyView> Apply(const std::vector<v1::Change>& changes) const;

  int64_t revision() const { return revision_; }

  // Every entity as an OP_PUT change stamped with this view's revision (the gateway's snapshot
  // file). Watch streams walk a Cursor instead, so that no stream copies the view.
  std::vector<std::shared_ptr<const v1::Change>> Entities() const;

  // A place in the view's entities, in (kind, key) order. Valid while the view lives: its holder
  // keeps the std::shared_ptr<const TopologyView> it came from.
  class Cursor {
   public:
    // The entity here as stored (its own revision, op and actor: see StampForSnapshot), or
    // nullptr past the last one.
    const v1::Change* get() const {
      return table_ < view_->tables_.size() ? it_->second.get() : nullptr;
    }
    void Advance();

   private:
    friend class TopologyView;
    explicit Cursor(const TopologyView* view);
    void SkipEmptyTables();
    const TopologyView* view_;
    size_t table_ = 0;
    std::map<std::string, std::shared_ptr<const v1::Change>>::const_iterator it_;
  };
  Cursor Begin() const { return Cursor(this); }

  // Where an event type lives: NOT_FOUND if the event type does not exist.
  absl::StatusOr<v1::ResolveResponse> Resolve(const std::string& ns,
                                              const std::string& event_type) const;

  // The schemas of an event type (any status), and every schema.
  std::vector<const v1::Schema*> SchemasOf(const std::string& ns, const std::string& event_type) const;
  std::vector<const v1::Schema*> AllSchemas() const;
  std::vector<const v1::EventType*> AllEventTypes() const;
  std::vector<const v1::Principal*> AllPrincipals() const;
  std::vector<const v1::RoleBinding*> AllRoleBindings() const;
  std::vector<const v1::Subscription*> AllSubscriptions() const;
  // nullptr if there is none of that name.
  const v1::Subscription* FindSubscription(const std::string& name) const;

  // Look-ups by kind and key text ("mfp/FoodEntryCreated"); nullptr if absent.
  const google::protobuf::Message* Find(EntityKind kind, const std::string& key) const;

 private:
  using Table = std::map<std::string, std::shared_ptr<const v1::Change>>;
  template <typename T>
  std::vector<const T*> Range(EntityKind kind, const std::string& prefix) const;
  int64_t revision_ = 0;
  std::vector<Table> tables_;  // indexed by EntityKind
};

// Makes a stored entity's change what a snapshot at `revision` carries: OP_PUT at that revision,
// without the actor and time of the change that last wrote it.
void StampForSnapshot(int64_t revision, v1::Change* change);

}  // namespace causeway::topology
