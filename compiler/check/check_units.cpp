// One systemd unit belongs to one service (E097): two primitives of the same unit would start it
// twice on a node and fight over it, and `systemctl disable` of one would be undone by the other.
#include <unordered_map>

#include "compiler/check/check_context.hpp"

namespace aa::checker {

void check_units(Context& cx) {
    std::unordered_map<std::string_view, std::size_t> first;  // unit -> service index
    first.reserve(cx.model.services.size());
    for (std::size_t i = 0; i < cx.model.services.size(); ++i) {
        const model::Service& s = cx.model.services[i];
        if (s.unit.empty()) continue;
        auto [it, fresh] = first.try_emplace(s.unit, i);
        if (fresh) continue;
        const model::Service& owner = cx.model.services[it->second];
        cx.diags.error("E097", cx.facts[i].agent_span,
                       "unit " + q(s.unit) + " of service " + q(s.name) + " already belongs to service " +
                           q(owner.name) + "; a unit may belong to one service only")
            .notes.push_back(note_at("service " + q(owner.name) + " declares it here", cx.facts[it->second].agent_span));
    }
}

}  // namespace aa::checker
