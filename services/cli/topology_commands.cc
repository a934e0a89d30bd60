#include "cli/topology_commands.h"

#include "cli/change_commands.h"
#include "cli/consumer_commands.h"
#include "cli/entity_commands.h"
#include "cli/entity_specs.h"
#include "cli/placement_commands.h"
#include "cli/principal_commands.h"
#include "cli/role_commands.h"
#include "cli/dead_letter_commands.h"
#include "cli/subscription_commands.h"

namespace causeway::cli {

void AddTopologyCommands(CLI::App& app, CommandRunner& runner) {
  for (const EntitySpec& spec : TopologyEntitySpecs()) AddEntityCommands(app, runner, spec);
  // Verbs beyond create/list/get/update/delete join their noun.
  AddPlacementCommands(app, app.get_subcommand("event-type"), runner);
  AddConsumerCommands(app.get_subcommand("event-type"), runner);
  AddPrincipalTokenCommands(app.get_subcommand("principal"), runner);
  AddRoleCommands(app, runner);
  AddSubscriptionCommands(app, runner);
  AddDeadLetterCommands(app.get_subcommand("subscription"), runner);
  AddWhoAmICommand(app, runner);
  AddChangeCommands(app, runner);
}

}  // namespace causeway::cli
