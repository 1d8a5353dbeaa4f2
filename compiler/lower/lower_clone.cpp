// A cloned service: <clone id="NAME-clone"> holding the primitive first, then the clone's
// meta_attributes (pcs's order), whose nvpairs pcs sorts by name.
#include "compiler/lower/lower.hpp"

namespace aa::lower {

// The checker already puts clone-max and clone-node-max first in Clone::meta (model.hpp).
std::vector<model::NvPair> clone_meta(const model::Clone& c) { return c.meta; }

namespace {

// The clone element around what `inner` appends, then its meta (pcs: promotable=true among them).
template <class Inner>
pugi::xml_node wrap_in_clone(pugi::xml_node parent, const std::string& id, const model::Clone& c, Inner inner) {
    pugi::xml_node clone = parent.append_child("clone");
    clone.append_attribute("id") = id.c_str();
    inner(clone);
    std::vector<model::NvPair> meta = clone_meta(c);
    // `pcs resource clone X` with no meta writes no meta_attributes element at all.
    if (!meta.empty()) append_nvpair_set(clone, "meta_attributes", id + "-meta_attributes", meta, true);
    return clone;
}

}  // namespace

pugi::xml_node append_clone(pugi::xml_node parent, const model::Service& s) {
    return wrap_in_clone(parent, s.resource_id(), *s.clone, [&](pugi::xml_node c) { append_primitive(c, s); });
}

pugi::xml_node append_clone(pugi::xml_node parent, const model::Group& g, const model::Model& m) {
    return wrap_in_clone(parent, g.resource_id(), *g.clone, [&](pugi::xml_node c) { append_group(c, g, m); });
}

}  // namespace aa::lower
