// The saved plan (`aa plan --out FILE`, read by `aa apply`): an XML document holding the base's
// version and configuration hash, the spec's hash, the patch, the host actions, the predicted
// placement and the parts of the model apply needs. An integrity hash over the content refuses
// truncated or hand-edited files.
#pragma once
#include <string>

#include "compiler/plan/plan.hpp"

namespace aa::plan {

std::string save(const Plan& p);
// The model part of a plan file alone (nodes, services, routes): for comparing two plans' models.
std::string save_model_text(const model::Model& m);
// False with `error` set ("plan file is truncated", "was edited by hand", "format version 2 is newer ...").
bool load(const std::string& text, Plan& out, std::string& error);

}  // namespace aa::plan
