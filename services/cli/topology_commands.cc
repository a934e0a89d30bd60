#include "cli/topology_commands.h"

#include "cli/change_commands.h"
#include "cli/entity_commands.h"
#include "cli/entity_specs.h"
#include "cli/placement_commands.h"

namespace causeway::cli {

void AddTopologyCommands(CLI::App& app, CommandRunner& runner) {
  CLI::App* event_type = nullptr;
  for (const EntitySpec& spec : TopologyEntitySpecs()) {
    CLI::App* noun = AddEntityCommands(app, runner, spec);
    if (spec.noun == "event-type") event_type = noun;
  }
  AddPlacementCommands(app, event_type, runner);
  AddChangeCommands(app, runner);
}

}  // namespace causeway::cli
