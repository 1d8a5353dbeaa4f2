// Resource agents' metadata from the installed Pacemaker: `crm_resource --show-metadata AGENT`
// for the parameters, `crm_resource --list-agents CLASS:PROVIDER` for the did-you-mean of an agent
// this machine does not have. The AgentSource of compiler/check/check_agents.hpp.
#pragma once
#include <string>

#include "compiler/check/check_agents.hpp"

namespace aa::runtime {

AgentLookup lookup_agent(const std::string& agent);

}  // namespace aa::runtime
