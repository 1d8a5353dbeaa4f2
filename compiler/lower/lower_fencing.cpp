// The fencing topology as `pcs stonith level add N TARGET DEVICE...` writes it: one
// <fencing-level> per level in the order added, attributes index, devices, target, id.
#include <fmt/format.h>

#include "compiler/lower/lower.hpp"

namespace aa::lower {

void lower_fencing(const model::Model& m, pugi::xml_node configuration) {
    if (m.fencing_levels.empty()) return;
    pugi::xml_node topology = configuration.append_child("fencing-topology");
    for (const model::FencingLevel& l : m.fencing_levels) {
        pugi::xml_node x = topology.append_child("fencing-level");
        x.append_attribute("index") = std::to_string(l.index).c_str();
        x.append_attribute("devices") = fmt::format("{}", fmt::join(l.devices, ",")).c_str();
        if (!l.target.empty()) {
            x.append_attribute("target") = l.target.c_str();
        } else if (!l.target_pattern.empty()) {
            x.append_attribute("target-pattern") = l.target_pattern.c_str();
        } else {
            x.append_attribute("target-attribute") = l.target_attribute.c_str();
            x.append_attribute("target-value") = l.target_value.c_str();
        }
        x.append_attribute("id") = l.id.c_str();
    }
}

}  // namespace aa::lower
