#include "gateway/server/topology_follower.h"

namespace causeway::gateway {

TopologyFollower::TopologyFollower(FollowerOptions options)
    : follower_(std::move(options), [this](const std::shared_ptr<const topology::TopologyView>& view) {
        auto previous = state();
        std::atomic_store(&state_, RoutingState::Build(view, previous.get()));
      }) {}

}  // namespace causeway::gateway
