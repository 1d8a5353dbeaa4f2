// rsc_order / rsc_colocation over <resource_set>s -> `order [a b] then [c d]` / `colocate [a b]
// with [c d]`. Only what the language writes back the same is taken: the set ids pcs gives
// (<constraint>_set, _set-1, ...), options that differ from Pacemaker's defaults, members the spec
// holds, each once; anything else stays in the CIB with the reason.
#include <algorithm>
#include <initializer_list>
#include <set>

#include "compiler/import/import_build.hpp"
#include "compiler/lang/vocabulary.hpp"
#include "compiler/lower/lower.hpp"

namespace aa::import_detail {
namespace {

struct SetsRead {
    std::vector<ast::ResourceSet> sets;
    std::vector<std::string> resource_ids;  // for pcs's constraint id
};

std::string why_not(const std::string& name, const std::string& v, bool order) {
    if ((name == "sequential" || name == "require-all") && v == "true") return "Pacemaker's default, which aa leaves implicit";
    if (name == "action" && v == "start") return "Pacemaker's default, which aa leaves implicit";
    if (name == "role" && v == "Started") return "Pacemaker's default, which aa leaves implicit";
    if (name == "require-all" && !order) return "Pacemaker gives it a meaning in orders only";
    if (name == "role" && order) return "a role in an order set, which the language does not spell";
    if (name == "action" && !order) return "an action in a colocation set, which the language does not spell";
    return "no spelling in the language";
}

// Why `set` cannot be written, or empty; fills `out` when it can. `order` selects which options a
// set may carry: action and require-all in orders, role in colocations.
std::string read_set(Context& ctx, const pugi::xml_node& c, const pugi::xml_node& set, const std::string& pcs_id,
                     bool order, std::set<std::string>& named, ast::ResourceSet& out, SetsRead& read) {
    if (std::string_view(set.attribute("id").value()) != pcs_id)
        return "resource_set id " + std::string(set.attribute("id").value()) + " (aa gives " + pcs_id + ")";
    for (pugi::xml_attribute a : set.attributes()) {
        const std::string name = a.name(), v = a.value();
        if (name == "id") continue;
        if (name == "sequential" && v == "false") out.flags.push_back(ident("parallel"));
        else if (name == "require-all" && v == "false" && order) out.flags.push_back(ident("any"));
        else if (name == "action" && order && v != "start" &&
                 std::find(vocab::order_actions.begin(), vocab::order_actions.end(), v) != vocab::order_actions.end())
            out.qualifier = ident(v);
        else if (name == "role" && !order && !role_word(v).empty() && v != "Started") out.qualifier = ident(role_word(v));
        else return "resource_set " + name + "=\"" + v + "\" (" + why_not(name, v, order) + ")";
    }
    for (pugi::xml_node ref : set.children()) {
        if (ref.type() != pugi::node_element) continue;
        if (std::string_view(ref.name()) != "resource_ref") return std::string("a <") + ref.name() + "> in a resource_set";
        std::optional<Side> side = side_of(ctx, c, ref.attribute("id").value(), "resource_ref");
        if (!side) return {"-"};  // side_of reported it
        if (!named.insert(side->name()).second) return "resource " + side->rsc + " named twice";
        if (out.qualifier && out.qualifier->text != "stop" && !side->promotable)
            return out.qualifier->text + " of " + side->rsc + ", which is not promotable";
        out.members.push_back(ident(side->name()));
        read.resource_ids.push_back(side->rsc);
    }
    if (out.members.empty()) return "an empty resource_set";
    return {};
}

std::optional<SetsRead> read_sets(Context& ctx, const pugi::xml_node& c, bool order) {
    SetsRead read;
    std::set<std::string> named;
    const std::string base = std::string(c.attribute("id").value()) + "_set";
    for (pugi::xml_node set : c.children()) {
        if (set.type() != pugi::node_element) continue;
        if (std::string_view(set.name()) != "resource_set") {
            ctx.skip(c, c.name(), std::string("a <") + set.name() + "> beside resource sets");
            return std::nullopt;
        }
        const std::string pcs_id = read.sets.empty() ? base : base + "-" + std::to_string(read.sets.size());
        ast::ResourceSet out;
        std::string why = read_set(ctx, c, set, pcs_id, order, named, out, read);
        if (why == "-") return std::nullopt;
        if (!why.empty()) {
            ctx.skip(c, c.name(), why);
            return std::nullopt;
        }
        out.bracketed = out.members.size() > 1 || !out.flags.empty();
        read.sets.push_back(std::move(out));
    }
    if (read.resource_ids.size() < 2) {
        ctx.skip(c, c.name(), "fewer than two resources (the language needs two to relate)");
        return std::nullopt;
    }
    // Two lone names read back as the v1 statement: keep them sets.
    if (read.sets.size() == 2 && !read.sets[0].bracketed && !read.sets[1].bracketed)
        for (ast::ResourceSet& s : read.sets) s.bracketed = true;
    if (read.sets.size() == 1) read.sets[0].bracketed = true;
    return read;
}

// The id the checker gives the constraint in this place (pcs's, made unique in spec order): then the
// spec need not write it.
std::optional<ast::Value> set_id(Context& ctx, const pugi::xml_node& c, std::string_view prefix,
                                 const std::vector<std::string>& resource_ids) {
    const std::string given = lower::unique_id(lower::set_constraint_id(prefix, resource_ids), ctx.set_constraint_ids);
    ctx.set_constraint_ids.insert(c.attribute("id").value());
    return explicit_id(c, given);
}

}  // namespace

void import_order_sets(Context& ctx, const pugi::xml_node& c, std::vector<ast::TopItem>& top) {
    if (!only_attributes(ctx, c, {"id", "kind"})) return;
    const std::string kind = c.attribute("kind").value();
    if (c.attribute("kind") && kind != "Optional" && kind != "Serialize") {
        ctx.skip(c, "rsc_order", "kind=\"" + kind + "\" (aa leaves Mandatory implicit)");
        return;
    }
    std::optional<SetsRead> read = read_sets(ctx, c, true);
    if (!read) return;
    ast::Order o;
    o.keyword = ident("order");
    o.sets = std::move(read->sets);
    if (!kind.empty()) o.kind = ident(kind == "Optional" ? "optional" : "serialize");
    o.id = set_id(ctx, c, "order", read->resource_ids);
    top.push_back(std::move(o));
}

void import_colocation_sets(Context& ctx, const pugi::xml_node& c, std::vector<ast::TopItem>& top) {
    if (!only_attributes(ctx, c, {"id", "score"})) return;
    if (!c.attribute("score")) {
        ctx.skip(c, "rsc_colocation", "no score");
        return;
    }
    std::optional<SetsRead> read = read_sets(ctx, c, false);
    if (!read) return;
    ast::Colocate o;
    o.keyword = ident("colocate");
    o.sets = std::move(read->sets);
    const std::string score = c.attribute("score").value();
    if (score != "INFINITY") o.score = value(score);
    o.id = set_id(ctx, c, "colocation", read->resource_ids);
    top.push_back(std::move(o));
}

}  // namespace aa::import_detail
