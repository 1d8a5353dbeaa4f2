// crm_verify and crm_simulate on a CIB file (normally a Shadow), with the results parsed from the
// tools' output. Schedule-only (`crm_simulate -R`): `-S` simulates every action's execution and is
// super-linear in the number of resources (see docs/runtime.md for measured costs).
#pragma once
#include <string>
#include <vector>

#include "runtime/placement.hpp"
#include "runtime/runner.hpp"

namespace aa::runtime {

struct VerifyResult {
    bool ok = false;                    // no errors (warnings allowed)
    std::vector<std::string> errors;    // one line each, as crm_verify printed them
    std::vector<std::string> warnings;
    Result raw;
};
// `crm_verify --xml-file PATH -VV`. Exit 0 = valid; exit 78 = "config not valid" (errors) or
// "may not be valid" (warnings only, still ok). Throws CommandError if crm_verify cannot run
// (missing: the message names pacemaker-cli-utils) or times out.
VerifyResult verify(const std::string& cib_path);

// crm_verify on the configuration alone (the CIB text with its status left out, in a private
// shadow). The status holds what the cluster did, not what it is told: active orphans, failed
// operations and "active on 2 nodes" are the transition's business (simulate), not errors of
// the configuration.
VerifyResult verify_configuration(const std::string& cib_xml);

struct WhatIf {
    std::vector<std::string> node_down;  // taken offline cleanly (as crm_simulate --node-down does)
    std::vector<std::string> standby;    // standby=on, set in a private copy of the CIB
};

// Predicts the placement after the cluster reacts to this CIB (and the what-ifs):
// current instances (from the CIB's status) + starts - stops of the scheduled transition.
// Configured nodes with no node_state (a plain file) are brought online for the run, and a CIB
// without have-quorum is given quorum, so a paper cluster behaves like a healthy one. These and
// the what-ifs are edits of a private copy, not crm_simulate injections (each of which costs a
// whole-CIB validation).
// Never writes cib_path. Throws std::invalid_argument for a what-if node that is not configured,
// CommandError when crm_simulate fails, std::runtime_error for XML that does not parse.
Placement simulate(const std::string& cib_path, const WhatIf& what_if = {});

}  // namespace aa::runtime
