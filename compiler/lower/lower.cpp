// The whole lowering: sections in the order pcs leaves them in a fresh CIB (crm_config,
// resources, constraints, then rsc_defaults and op_defaults appended at the end).
#include "compiler/lower/lower.hpp"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace aa::lower {
namespace {

void collect_ids(const pugi::xml_node& parent, std::vector<std::string>& out) {
    for (pugi::xml_node n : parent.children())
        if (const char* id = n.attribute("id").value(); *id) out.emplace_back(id);
}

}  // namespace

void lower(const model::Model& m, pugi::xml_node configuration) {
    configuration.append_child("crm_config");
    pugi::xml_node resources = configuration.append_child("resources");
    // Resources in spec order; a group stands where its first member was declared, which is where
    // `pcs resource create ... --group G` puts it.
    std::unordered_map<std::string_view, const model::Group*> groups;
    for (const model::Group& g : m.groups) groups.emplace(g.name, &g);
    std::unordered_set<std::string_view> placed;
    for (const model::Service& s : m.services) {
        if (s.group.empty()) {
            lower_service(s, resources);
            continue;
        }
        auto it = groups.find(s.group);
        if (it != groups.end() && placed.insert(s.group).second) lower_group(*it->second, m, resources);
    }
    lower_constraints(m, configuration.append_child("constraints"));
    lower_options(m, configuration);
    lower_fencing(m, configuration);
}

// Owned: each property/default nvpair, each top-level resource and the primitive inside a clone,
// each constraint.
std::vector<std::string> owned_ids(const model::Model& m) {
    pugi::xml_document doc;
    pugi::xml_node configuration = doc.append_child("configuration");
    lower(m, configuration);
    return owned_ids(configuration);
}

std::vector<std::string> owned_ids(const pugi::xml_node& configuration) {
    std::vector<std::string> ids;
    collect_ids(configuration.child("crm_config").child("cluster_property_set"), ids);
    // A top-level resource and every resource nested in it (clone > group > primitives).
    for (pugi::xml_node r : configuration.child("resources").children()) {
        ids.emplace_back(r.attribute("id").value());
        for (pugi::xml_node inner : r.children())
            if (std::string_view(inner.name()) == "primitive" || std::string_view(inner.name()) == "group") {
                ids.emplace_back(inner.attribute("id").value());
                for (pugi::xml_node member : inner.children("primitive")) ids.emplace_back(member.attribute("id").value());
            }
    }
    collect_ids(configuration.child("constraints"), ids);
    collect_ids(configuration.child("rsc_defaults").child("meta_attributes"), ids);
    collect_ids(configuration.child("op_defaults").child("meta_attributes"), ids);
    collect_ids(configuration.child("fencing-topology"), ids);
    return ids;
}

}  // namespace aa::lower
