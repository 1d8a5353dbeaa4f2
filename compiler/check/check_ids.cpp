// Ids that collide once the spec is lowered (E070), or take an id aa or Pacemaker reserves (E094):
// every CIB id the spec will produce, in one table.
#include <bit>
#include <functional>

#include "compiler/check/check_context.hpp"

namespace aa::checker {
namespace {

// Ids aa and Pacemaker keep for themselves: a spec object with one of them would replace or
// break the object that owns it (cibadmin refuses the patch with a schema dump, or worse, takes it).
struct Reserved {
    std::string_view id;
    std::string_view owner;
};
constexpr Reserved reserved_ids[] = {
    {"aa-managed", "aa's ownership tag"},
    {"cib-bootstrap-options", "the cluster property set"},
    {"rsc_defaults-meta_attributes", "the resource defaults set"},
    {"op_defaults-meta_attributes", "the operation defaults set"},
    {"aa-default-fencing", "the fencing placeholder of aa's default base"},
};

void check_reserved(Context& cx, const IdDecl& decl) {
    for (const Reserved& r : reserved_ids)
        if (decl.id == r.id) {
            cx.diags.error("E094", decl.span,
                           "id " + q(decl.id) + " of " + describe(decl) + " is reserved for " + std::string(r.owner) +
                               "; choose another name");
            return;
        }
}

}  // namespace

void check_ids(Context& cx) {
    // Open addressing over indices into cx.ids: tens of thousands of ids, no allocation per id.
    const std::size_t size = std::bit_ceil(std::max<std::size_t>(16, cx.ids.size() * 2));
    std::vector<std::uint32_t> slots(size, 0);  // 0: empty, else index + 1
    const std::hash<std::string_view> hash;
    for (std::size_t i = 0; i < cx.ids.size(); ++i) {
        const IdDecl& decl = cx.ids[i];
        check_reserved(cx, decl);
        std::size_t at = hash(decl.id) & (size - 1);
        while (slots[at] != 0 && cx.ids[slots[at] - 1].id != decl.id) at = (at + 1) & (size - 1);
        if (slots[at] == 0) {
            slots[at] = static_cast<std::uint32_t>(i + 1);
            continue;
        }
        const IdDecl& first = cx.ids[slots[at] - 1];
        cx.diags.error("E070", decl.span,
                       "id " + q(decl.id) + " of " + describe(decl) + " collides with the id of " + describe(first))
            .notes.push_back(note_at(describe(first) + " declared here", first.span));
    }
}

}  // namespace aa::checker
