// A group: <group id="NAME"> with its member primitives in order, then its meta_attributes, as
// `pcs resource create ... --group NAME` and `pcs resource meta NAME K=V` leave it; cloned, the
// group sits inside <clone id="NAME-clone"> (`pcs resource clone NAME`).
#include <string_view>

#include "compiler/lower/lower.hpp"

namespace aa::lower {

pugi::xml_node append_group(pugi::xml_node parent, const model::Group& g, const model::Model& m) {
    pugi::xml_node group = parent.append_child("group");
    group.append_attribute("id") = g.name.c_str();
    for (const std::string& member : g.members)
        for (const model::Service& s : m.services)
            if (s.name == member && s.group == g.name) {
                append_primitive(group, s);
                break;
            }
    if (!g.meta.empty()) append_nvpair_set(group, "meta_attributes", g.name + "-meta_attributes", g.meta, true);
    return group;
}

void lower_group(const model::Group& g, const model::Model& m, pugi::xml_node resources) {
    if (g.clone)
        append_clone(resources, g, m);
    else
        append_group(resources, g, m);
}

}  // namespace aa::lower
