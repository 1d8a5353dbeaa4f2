// The three views of a plan: text for terminals, markdown for pull-request comments, json for tools
// (schema in docs/plan-json.md). All read only the Plan value.
#pragma once
#include <string>

#include "compiler/plan/plan.hpp"

namespace aa::plan {

std::string render_text(const Plan& p);
std::string render_markdown(const Plan& p);
std::string render_json(const Plan& p);
// Just the numbered host actions, one per line (golden actions.txt).
std::string render_actions(const Plan& p);
// "app_service-clone: Started [ node-01 node-02 ]" lines, as `pcs status resources` words it.
std::string render_placement(const Placement& placement);
// "Plan: 2 to create, 1 to change, 0 to destroy; running resources: 2 to restart." or "No changes."
// An adopt-only plan starts "Plan: 3 to adopt, 0 to create, ...".
std::string summary_line(const Plan& p);
// The counts alone, as the markdown heading shows them: "2 to create, 1 to change, 0 to destroy".
std::string summary_counts(const Plan& p);

}  // namespace aa::plan
