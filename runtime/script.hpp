// `aa plan --script`: the whole transaction of a plan as a POSIX shell script an operator can read
// line by line and run by hand — the same order, guards and rollback as `aa apply`, spelled out
// with cibadmin, crm_verify, crm_simulate, systemctl through the host transport, and the router's
// commands. See docs/transaction.md for what it checks less strictly than `aa apply`.
#pragma once
#include <string>

#include "compiler/plan/plan.hpp"
#include "runtime/transport.hpp"

namespace aa::runtime {

struct ScriptTarget {
    std::string cib;      // a CIB file path, or "live"
    std::string on_node;  // with "live": run the Pacemaker tools on this node through the transport
    int wait_seconds = 120;  // convergence deadline on a live cluster
};

std::string render_script(const plan::Plan& p, const Transport& hosts, const ScriptTarget& target);

}  // namespace aa::runtime
