// `aa plan` as one function: checked model + base CIB -> Plan. The in-process stages (ownership,
// lowering, patch, summary, host actions) run here in order; the Pacemaker tools only check the
// result (cibadmin --patch on a shadow, crm_verify, crm_simulate -R).
#pragma once
#include <string>
#include <vector>

#include "compiler/lang/model.hpp"
#include "compiler/plan/plan.hpp"

#include <pugixml.hpp>

namespace aa::runtime {

struct PlanRequest {
    const model::Model& model;
    std::string spec_hash;
    std::vector<std::string> spec_files;
    std::string base_xml;     // empty: the embedded default base (the spec's nodes online)
    std::string base_source;  // "default", the file path, or "live"
    bool adopt = false;
    bool accept_new_problems = false;  // plan although the change adds problems (recorded in the plan)
    bool accept_outage = false;        // plan although a route would empty while the change runs
    bool simulate = true;     // false: skip the Pacemaker tools (benchmarks of the in-process part)
    bool keep_desired = false;  // fill PlanOutcome::desired_xml (debug, tests): a whole-CIB serialisation
    std::vector<std::string> standby;  // what-ifs for `aa simulate`
    std::vector<std::string> node_down;
};

struct PlanOutcome {
    bool ok = false;
    // Each a full sentence naming the file/object and the problem; "[E080] ..." when it has a code.
    std::vector<std::string> errors;
    plan::Plan plan;
    std::string desired_xml;          // the whole desired CIB, only with PlanRequest::keep_desired
    std::vector<std::string> transition;  // "start app_service:0 on node-01", for `aa simulate`
    std::vector<std::string> base_managed;  // ids the base's aa-managed tag lists (for `aa drift`)
};

// Takes the request by value: a given CIB's text is freed once parsed (callers move it in).
PlanOutcome make_plan(PlanRequest req);

// The embedded default base: an empty CIB with the spec's nodes online, standing for a healthy
// cluster. A healthy cluster with STONITH enabled (Pacemaker's default) has a fencing device, so
// the default base holds one placeholder (`aa-default-fencing`, never owned by a spec); without
// it crm_verify refuses the configuration and nothing would be placed.
void default_base(const model::Model& m, pugi::xml_document& out);

// Fingerprint of the spec text: sha256 over each file's path and contents, in load order.
std::string spec_fingerprint(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace aa::runtime
