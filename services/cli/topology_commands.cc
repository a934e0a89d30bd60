#include "cli/topology_commands.h"

#include "cli/change_commands.h"
#include "cli/entity_commands.h"
#include "cli/entity_specs.h"
#include "cli/grant_commands.h"
#include "cli/placement_commands.h"
#include "cli/producer_commands.h"

namespace causeway::cli {

void AddTopologyCommands(CLI::App& app, CommandRunner& runner) {
  for (const EntitySpec& spec : TopologyEntitySpecs()) AddEntityCommands(app, runner, spec);
  // Verbs beyond create/list/get/update/delete join their noun.
  AddPlacementCommands(app, app.get_subcommand("event-type"), runner);
  AddProducerTokenCommands(app.get_subcommand("producer"), runner);
  AddGrantCommands(app, runner);
  AddChangeCommands(app, runner);
}

}  // namespace causeway::cli
