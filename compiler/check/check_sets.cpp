// The set forms of `order` and `colocate` (docs/language-v2.md, "Resource sets"): members (E041,
// E130, E157), a resource named twice (E141), fewer than two resources (E142), roles and actions
// that need a promotable clone (E140), `parallel`/`any` where they change nothing (W057), duplicates
// (E014), and pcs's ids.
#include "compiler/check/check_context.hpp"
#include "compiler/lang/set_text.hpp"
#include "compiler/lang/vocabulary.hpp"
#include "compiler/lower/lower.hpp"

namespace aa::checker {
namespace {

struct CheckedSets {
    std::vector<model::ResourceSet> sets;
    std::vector<std::vector<Target>> targets;  // parallel to sets
    std::vector<std::string> resource_ids;     // every member's CIB id, in order (for pcs's id)
};

bool flagged(const ast::ResourceSet& set, std::string_view flag) {
    for (const ast::Ident& f : set.flags)
        if (f.text == flag) return true;
    return false;
}

// Members resolved, each named once in the whole constraint; the qualifier judged for each member.
std::optional<CheckedSets> read_sets(Context& cx, const std::vector<ast::ResourceSet>& sets, std::string_view statement,
                                     bool order) {
    CheckedSets out;
    std::unordered_map<std::string_view, Span> named;
    bool ok = true;
    for (const ast::ResourceSet& set : sets) {
        model::ResourceSet m;
        std::vector<Target> targets;
        bool qualifier_ok = true;  // said once per set
        for (const ast::Ident& member : set.members) {
            std::optional<Target> t = require_target(cx, member, statement);
            if (!t) {
                ok = false;
                continue;
            }
            auto [it, fresh] = named.emplace(t->name(), member.span);
            if (!fresh) {
                cx.diags.error("E141", member.span,
                               std::string(statement) + " names " + std::string(t->kind()) + " " + q(t->name()) +
                                   " twice; a resource stands in one place of a set constraint")
                    .notes.push_back(note_at("first named here", it->second));
                ok = false;
                continue;
            }
            if (qualifier_ok) qualifier_ok = require_promotable(cx, set.qualifier, *t, statement);
            ok = qualifier_ok && ok;
            m.members.push_back(t->name());
            out.resource_ids.push_back(t->facts->resource_id);
            targets.push_back(*t);
        }
        // `start`/`started` is Pacemaker's default: left implicit in the CIB, as import reads it back.
        if (set.qualifier && set.qualifier->text != "start" && set.qualifier->text != "started")
            (order ? m.action = set.qualifier->text : m.role = role_value(set.qualifier));
        m.sequential = !flagged(set, "parallel");
        m.require_all = !flagged(set, "any");
        SeenOnce<std::string_view> flags;
        for (const ast::Ident& f : set.flags)
            ok = flags.add(cx, f.text, f.span, [&] { return "`" + f.text + "` is given twice for one set"; }) && ok;
        out.sets.push_back(std::move(m));
        out.targets.push_back(std::move(targets));
    }
    if (!ok) return std::nullopt;
    return out;
}

// Fewer than two resources relate nothing (E142); `parallel`/`any` on the only set: nothing to
// relate the members to, so Pacemaker ignores them (W057).
bool judge_shape(Context& cx, const std::vector<ast::ResourceSet>& sets, const CheckedSets& checked,
                 std::string_view statement, Span span) {
    if (checked.resource_ids.size() < 2) {
        cx.diags.error("E142", span,
                       std::string(statement) + " relates fewer than two resources; a set constraint needs at "
                                                "least two (a lone service needs no constraint)");
        return false;
    }
    if (sets.size() == 1)
        for (const ast::Ident& f : sets.front().flags)
            cx.diags.warning("W057", f.span,
                             "`" + f.text + "` on the only set of " + std::string(statement) +
                                 " changes nothing: it relates a set's members to other sets, and there are none");
    return true;
}

// The id the constraint carries: explicit, or pcs's; registered for E070 either way.
std::optional<std::string> constraint_id(Context& cx, const Maybe<ast::Value>& written, std::string_view prefix,
                                         const CheckedSets& checked, const ast::Ident& keyword, std::string_view text) {
    std::optional<std::string> id = read_explicit_id(cx, written);
    if (written && !id) return std::nullopt;
    // pcs's create_id, made unique in spec order.
    if (!id) id = lower::unique_id(lower::set_constraint_id(prefix, checked.resource_ids), cx.set_constraint_ids);
    cx.set_constraint_ids.insert(*id);
    cx.add_id({*id}, written ? written->span : keyword.span, IdOwner::SetConstraint, {}, cx.arena.join({text}));
    return id;
}

// Two set constraints of one kind that say the same: the canonical text of the resolved sets.
std::string key_of(const CheckedSets& checked, std::string_view extra) {
    std::string key(extra);
    for (const model::ResourceSet& s : checked.sets) {
        key += "\n[" + s.action + s.role + (s.sequential ? "" : "/p") + (s.require_all ? "" : "/a") + "]";
        for (const std::string& m : s.members) key += " " + m;
    }
    return key;
}

// Ordering edges: each member of a sequential set before the next; every member of a set before
// the junction to the next set, and the junction before every member of that set.
void add_edges(const CheckedSets& checked, OrderEdges& edges) {
    for (std::size_t i = 0; i < checked.targets.size(); ++i) {
        const std::vector<Target>& set = checked.targets[i];
        if (checked.sets[i].sequential)
            for (std::size_t j = 0; j + 1 < set.size(); ++j) edges.emplace_back(set[j].node, set[j + 1].node);
        if (i + 1 == checked.targets.size()) continue;
        for (const Target& a : set) edges.emplace_back(a.node, kJunction + i);
        for (const Target& b : checked.targets[i + 1]) edges.emplace_back(kJunction + i, b.node);
    }
}

}  // namespace

std::optional<model::Order> check_order_sets(Context& cx, const ast::Order& o, SeenOnce<std::string>& seen,
                                             OrderEdges& edges) {
    const std::string text = "order " + sets_text(o.sets, "then");
    const std::string statement = "`" + text + "`";
    std::optional<CheckedSets> checked = read_sets(cx, o.sets, statement, true);
    std::optional<std::string> kind = order_kind(cx, o);
    if (!checked || !kind || !judge_shape(cx, o.sets, *checked, statement, o.keyword.span)) return std::nullopt;
    if (!seen.add(cx, key_of(*checked, *kind), o.span, [&] { return statement + " is declared twice"; }))
        return std::nullopt;
    std::optional<std::string> id = constraint_id(cx, o.id, "order", *checked, o.keyword, text);
    if (!id) return std::nullopt;
    if (*kind != "Serialize") add_edges(*checked, edges);
    model::Order out{{}, {}, *kind, id, o.span};
    out.sets = std::move(checked->sets);
    return out;
}

std::optional<model::Colocation> check_colocation_sets(Context& cx, const ast::Colocate& c,
                                                       SeenOnce<std::string>& seen) {
    const std::string text = "colocate " + sets_text(c.sets, "with");
    const std::string statement = "`" + text + "`";
    std::optional<CheckedSets> checked = read_sets(cx, c.sets, statement, false);
    std::optional<std::string> score = std::string("INFINITY");
    if (c.score) score = read_score(cx, *c.score, {"score of " + statement, {}, {}});
    if (!checked || !score || !judge_shape(cx, c.sets, *checked, statement, c.keyword.span)) return std::nullopt;
    if (!seen.add(cx, key_of(*checked, *score), c.span, [&] { return statement + " is declared twice"; }))
        return std::nullopt;
    std::optional<std::string> id = constraint_id(cx, c.id, "colocation", *checked, c.keyword, text);
    if (!id) return std::nullopt;
    model::Colocation out{{}, {}, *score, id, c.span};
    out.sets = std::move(checked->sets);
    return out;
}

}  // namespace aa::checker
