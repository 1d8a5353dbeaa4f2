// Parameters of resource agents judged by the agents' own metadata: unknown parameters (with a
// did-you-mean), missing required ones, agents this machine does not have. The metadata comes
// through an AgentSource (runtime/agent_metadata.hpp asks crm_resource); this stage only judges.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "compiler/diag/diag.hpp"
#include "compiler/lang/model.hpp"

namespace aa {

struct AgentParameter {
    std::string name;
    bool required = false;
};

// What this machine knows of one agent ("ocf:heartbeat:IPaddr2").
struct AgentLookup {
    enum class State {
        Known,         // its metadata: params
        NotInstalled,  // the query answered "no such agent"; `siblings` are the provider's agents here
        Unavailable,   // no way to ask (crm_resource missing or failing): nothing is judged
    } state = State::Unavailable;
    std::vector<AgentParameter> params;
    std::vector<std::string> siblings;  // types of the same class and provider installed here
    std::string why;                    // Unavailable: the reason, for the one warning
};

using AgentSource = std::function<AgentLookup(const std::string& agent)>;

// Looks up each distinct `ocf` agent once. Systemd units are never looked up (there may be
// thousands; their names follow systemd's rules), nor lsb/service scripts and fence agents,
// which live on the nodes rather than on the planning machine.
void check_agents(const model::Model& m, const AgentSource& source, Diagnostics& diags);

}  // namespace aa
