// Lowering: the checked model -> the CIB objects it declares, exactly as pcs 0.11.5 creates them
// (ids, attribute order, child order). See docs/lowering.md.
#pragma once
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "compiler/model.hpp"

namespace aa::lower {

// Fills configuration_out (a <configuration> element) with crm_config (cluster_property_set
// cib-bootstrap-options), rsc_defaults, op_defaults (meta_attributes rsc_defaults-meta_attributes /
// op_defaults-meta_attributes), resources and constraints. Sections with nothing declared are still
// present (empty) for crm_config, resources and constraints; rsc_defaults/op_defaults only when used.
void lower(const model::Model& m, pugi::xml_node configuration_out);

// Every id the spec owns after lowering (resources, clones, constraints, property/default nvpairs),
// in document order.
std::vector<std::string> owned_ids(const model::Model& m);

// --- per-kind lowering, used by lower() and by ownership (one object at a time) ---
void lower_service(const model::Service& s, pugi::xml_node resources);      // primitive or clone
void lower_constraints(const model::Model& m, pugi::xml_node constraints);  // locations, orders, colocations
void lower_options(const model::Model& m, pugi::xml_node configuration);    // crm_config, rsc/op defaults

// Ids as pcs makes them.
std::string op_id(const std::string& rsc, const model::Op& op);
std::string location_id(const std::string& rsc, const model::Location& l);
std::string order_id(const std::string& first, const std::string& then, const std::string& kind);
std::string colocation_id(const std::string& rsc, const std::string& with, const std::string& score);

}  // namespace aa::lower
