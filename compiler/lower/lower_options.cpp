// Cluster properties and resource/op defaults: one nvpair set each, with the ids pcs uses
// (`pcs property set`, `pcs resource defaults update`, `pcs resource op defaults update`).
// pcs keeps these nvpairs in command order (it does not sort them).
#include "compiler/lower/lower.hpp"

namespace aa::lower {

void lower_options(const model::Model& m, pugi::xml_node configuration) {
    pugi::xml_node crm_config = configuration.child("crm_config");
    if (!crm_config) crm_config = configuration.append_child("crm_config");
    if (!m.properties.empty())
        append_nvpair_set(crm_config, "cluster_property_set", property_set_id, m.properties, false);
    if (!m.rsc_defaults.empty())
        append_nvpair_set(configuration.append_child("rsc_defaults"), "meta_attributes", rsc_defaults_set_id,
                          m.rsc_defaults, false);
    if (!m.op_defaults.empty())
        append_nvpair_set(configuration.append_child("op_defaults"), "meta_attributes", op_defaults_set_id,
                          m.op_defaults, false);
}

}  // namespace aa::lower
