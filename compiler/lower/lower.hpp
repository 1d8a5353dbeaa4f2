// Lowering: the checked model -> the CIB objects it declares, exactly as pcs 0.11.5 creates them
// (ids, attribute order, child order). See docs/lowering.md.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "compiler/lang/model.hpp"

namespace aa::lower {

// Fills configuration_out (a <configuration> element) with crm_config (cluster_property_set
// cib-bootstrap-options), rsc_defaults, op_defaults (meta_attributes rsc_defaults-meta_attributes /
// op_defaults-meta_attributes), resources and constraints. Sections with nothing declared are still
// present (empty) for crm_config, resources and constraints; rsc_defaults/op_defaults only when used.
void lower(const model::Model& m, pugi::xml_node configuration_out);

// Every id the spec owns after lowering (resources, clones, constraints, property/default nvpairs),
// in document order.
std::vector<std::string> owned_ids(const model::Model& m);
// The same, read from a <configuration> lower() filled.
std::vector<std::string> owned_ids(const pugi::xml_node& lowered_configuration);

// --- per-kind lowering, used by lower() and by ownership (one object at a time) ---
void lower_service(const model::Service& s, pugi::xml_node resources);      // primitive or clone; not a member
// A group (or its clone), its members in order: called where its first member stands in services.
void lower_group(const model::Group& g, const model::Model& m, pugi::xml_node resources);
void lower_constraints(const model::Model& m, pugi::xml_node constraints);  // locations, orders, colocations
void lower_options(const model::Model& m, pugi::xml_node configuration);    // crm_config, rsc/op defaults
void lower_fencing(const model::Model& m, pugi::xml_node configuration);    // fencing-topology, when levels exist

// An <ELEMENT id="SET_ID"> under parent holding one nvpair per entry (id SET_ID-NAME unless explicit).
// pcs sorts the nvpairs of resource meta/instance attributes by name: pass sort_by_name for those.
pugi::xml_node append_nvpair_set(pugi::xml_node parent, const char* element, const std::string& set_id,
                                 const std::vector<model::NvPair>& pairs, bool sort_by_name);
pugi::xml_node append_nvpair(pugi::xml_node set, const std::string& set_id, const model::NvPair& p);

// The ids of the option sets pcs creates.
inline constexpr const char* property_set_id = "cib-bootstrap-options";
inline constexpr const char* rsc_defaults_set_id = "rsc_defaults-meta_attributes";
inline constexpr const char* op_defaults_set_id = "op_defaults-meta_attributes";

pugi::xml_node append_primitive(pugi::xml_node parent, const model::Service& s);
pugi::xml_node append_clone(pugi::xml_node parent, const model::Service& s);
pugi::xml_node append_group(pugi::xml_node parent, const model::Group& g, const model::Model& m);
pugi::xml_node append_clone(pugi::xml_node parent, const model::Group& g, const model::Model& m);
// clone-max, clone-node-max, then the clone's other meta in model order.
std::vector<model::NvPair> clone_meta(const model::Clone& c);

// A score as the CIB takes it: "inf"/"+inf" -> "INFINITY", "-inf" -> "-INFINITY", others as written.
std::string score(const std::string& written);

// Ids as pcs makes them.
std::string op_id(const std::string& rsc, const model::Op& op);
// What pcs keeps of a candidate id: the characters an XML id may hold.
std::string sanitize_id(const std::string& candidate);
std::string location_id(const std::string& rsc, const model::Location& l);
std::string order_id(const std::string& first, const std::string& then, const std::string& kind);
std::string colocation_id(const std::string& rsc, const std::string& with, const std::string& score);
// pcs's find_unique_id: `base`, else base-1, base-2, ..., the first that `taken` does not hold.
template <class Taken>
std::string unique_id(const std::string& base, const Taken& taken) {
    std::string id = base;
    for (int n = 1; taken.count(id); ++n) id = base + "-" + std::to_string(n);
    return id;
}
// pcs's id of a location rule's constraint before it is made unique: location-RSC.
std::string rule_location_id(const std::string& resource_id);
// pcs's id of a set constraint before it is made unique: PREFIX_set_ and the first and last
// character of each of the first three resource ids ("order_set_aabbcc" for a b / c d).
std::string set_constraint_id(std::string_view prefix, const std::vector<std::string>& resource_ids);

}  // namespace aa::lower
