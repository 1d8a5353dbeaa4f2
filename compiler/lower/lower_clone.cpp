// A cloned service: <clone id="NAME-clone"> holding the primitive first, then the clone's
// meta_attributes (pcs's order), whose nvpairs pcs sorts by name.
#include "compiler/lower/lower.hpp"

namespace aa::lower {

// The checker already puts clone-max and clone-node-max first in Clone::meta (model.hpp).
std::vector<model::NvPair> clone_meta(const model::Clone& c) { return c.meta; }

pugi::xml_node append_clone(pugi::xml_node parent, const model::Service& s) {
    const std::string id = s.resource_id();
    pugi::xml_node clone = parent.append_child("clone");
    clone.append_attribute("id") = id.c_str();
    append_primitive(clone, s);
    std::vector<model::NvPair> meta = clone_meta(*s.clone);
    // `pcs resource clone X` with no meta writes no meta_attributes element at all.
    if (!meta.empty()) append_nvpair_set(clone, "meta_attributes", id + "-meta_attributes", meta, true);
    return clone;
}

}  // namespace aa::lower
