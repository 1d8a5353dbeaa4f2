// Model::resolve: a name of the resource tree to the node constraints refer to.
#include "compiler/lang/model.hpp"

namespace aa::model {

std::optional<Ref> Model::resolve(const std::string& name) const {
    for (const Service& s : services)
        if (s.name == name || (s.clone && s.resource_id() == name)) return Ref{&s, nullptr, s.resource_id()};
    for (const Group& g : groups)
        if (g.name == name || (g.clone && g.resource_id() == name)) return Ref{nullptr, &g, g.resource_id()};
    return std::nullopt;
}

}  // namespace aa::model
