// Ids that collide once the spec is lowered (E070): every CIB id the spec will produce, in one table.
#include "compiler/check_context.hpp"

namespace aa::checker {

void check_ids(Context& cx) {
    std::unordered_map<std::string_view, const IdDecl*> first;
    first.reserve(cx.ids.size());
    for (const IdDecl& decl : cx.ids) {
        auto [it, fresh] = first.try_emplace(decl.id, &decl);
        if (fresh) continue;
        cx.diags.error("E070", decl.span,
                       "id " + q(decl.id) + " of " + decl.what + " collides with the id of " + it->second->what)
            .notes.push_back(note_at(it->second->what + " declared here", it->second->span));
    }
}

}  // namespace aa::checker
