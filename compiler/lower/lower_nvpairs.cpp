// Name/value sets (instance_attributes, meta_attributes, cluster_property_set) as pcs writes them.
#include <algorithm>

#include "compiler/lower/lower.hpp"

namespace aa::lower {

pugi::xml_node append_nvpair(pugi::xml_node set, const std::string& set_id, const model::NvPair& p) {
    pugi::xml_node nv = set.append_child("nvpair");
    nv.append_attribute("id") = (p.id ? *p.id : set_id + "-" + p.name).c_str();
    nv.append_attribute("name") = p.name.c_str();
    nv.append_attribute("value") = p.value.c_str();
    return nv;
}

pugi::xml_node append_nvpair_set(pugi::xml_node parent, const char* element, const std::string& set_id,
                                 const std::vector<model::NvPair>& pairs, bool sort_by_name) {
    pugi::xml_node set = parent.append_child(element);
    set.append_attribute("id") = set_id.c_str();
    std::vector<const model::NvPair*> order;
    order.reserve(pairs.size());
    for (const model::NvPair& p : pairs) order.push_back(&p);
    if (sort_by_name)
        std::stable_sort(order.begin(), order.end(),
                         [](const model::NvPair* a, const model::NvPair* b) { return a->name < b->name; });
    for (const model::NvPair* p : order) append_nvpair(set, set_id, *p);
    return set;
}

}  // namespace aa::lower
