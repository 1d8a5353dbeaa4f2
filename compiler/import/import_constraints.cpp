// <constraints> -> prefer/avoid inside services, and top-level order/colocate statements.
// Only the simple forms are expressible: one resource (or clone) per side, start-start orders,
// no roles, rules, resource sets or node attributes.
#include <algorithm>
#include <initializer_list>
#include <optional>

#include "compiler/import/import_build.hpp"
#include "compiler/lower/lower.hpp"

namespace aa::import_detail {
namespace {

// True when `c` has only the attributes in `allowed` and no children; reports it otherwise.
bool simple(Context& ctx, const pugi::xml_node& c, std::initializer_list<std::string_view> allowed) {
    if (c.child("resource_set")) {
        ctx.skip(c, "resource set", std::string(c.name()) + " over a resource set");
        return false;
    }
    if (c.child("rule")) {
        ctx.skip(c, "rule", std::string(c.name()) + " with a rule");
        return false;
    }
    for (pugi::xml_attribute a : c.attributes()) {
        if (std::find(allowed.begin(), allowed.end(), std::string_view(a.name())) == allowed.end()) {
            ctx.skip(c, c.name(), std::string("attribute ") + a.name() + " has no spelling in the language");
            return false;
        }
    }
    return true;
}

// The service a constraint side names, and the id aa will lower that side to.
struct Side {
    ast::Service* service = nullptr;
    std::string rsc;
};

std::optional<Side> side(Context& ctx, const pugi::xml_node& c, const char* attribute) {
    std::string rsc = c.attribute(attribute).value();
    auto it = ctx.service_by_rsc.find(rsc);
    if (it == ctx.service_by_rsc.end()) {
        if (!ctx.wanted(rsc)) return std::nullopt;
        ctx.skip(c, c.name(), std::string(attribute) + " " + rsc + " is not an imported service or clone");
        return std::nullopt;
    }
    ast::Service& s = ctx.services[it->second];
    bool cloned = rsc != s.name.text;
    return Side{&s, cloned ? s.name.text + "-clone" : s.name.text};
}

// The language has one constraint per pair (E014); a second one between the same two stays in the CIB.
bool first_of_its_pair(Context& ctx, const pugi::xml_node& c, std::string key) {
    if (ctx.constraint_pairs.insert(std::string(c.name()) + "\n" + key).second) return true;
    ctx.skip(c, c.name(), "a second " + std::string(c.name()) + " between the same two (the language has one)");
    return false;
}

std::optional<ast::Value> explicit_id(const pugi::xml_node& c, const std::string& pcs_id) {
    std::string id = c.attribute("id").value();
    if (id == pcs_id) return std::nullopt;
    return quoted(id);
}

void location(Context& ctx, const pugi::xml_node& c) {
    if (!simple(ctx, c, {"id", "rsc", "node", "score"})) return;
    std::string node = c.attribute("node").value(), score = c.attribute("score").value();
    if (!c.attribute("node") || !c.attribute("score") || !is_identifier(node)) {
        ctx.skip(c, "rsc_location", "only a node name with a score can be written");
        return;
    }
    if (!ctx.nodes.count(node)) {
        ctx.skip(c, "rsc_location", "node " + node + " is not in <nodes>");
        return;
    }
    std::optional<Side> s = side(ctx, c, "rsc");
    if (!s || !first_of_its_pair(ctx, c, s->rsc + "\n" + node)) return;
    ast::LocationStmt l;
    bool avoid = score == "-INFINITY";
    l.keyword = ident(avoid ? "avoid" : "prefer");
    l.node = ident(node);
    if (!avoid && score != "INFINITY") l.score = value(score);
    l.id = explicit_id(c, lower::location_id(s->rsc, model::Location{node, score, {}, {}}));
    s->service->items.push_back(l);
}

void order(Context& ctx, const pugi::xml_node& c, std::vector<ast::TopItem>& top) {
    if (!simple(ctx, c, {"id", "first", "then", "kind", "first-action", "then-action"})) return;
    // aa writes first-action="start" then-action="start" and leaves kind Mandatory implicit, as
    // pcs does; an order spelled otherwise would be rewritten by an adopting plan.
    for (const char* action : {"first-action", "then-action"}) {
        pugi::xml_attribute a = c.attribute(action);
        if (!a || std::string_view(a.value()) != "start") {
            ctx.skip(c, "rsc_order", a ? std::string(action) + "=" + a.value() + " (only start-start orders can be written)"
                                       : std::string("no ") + action + " (aa writes start-start orders explicitly)");
            return;
        }
    }
    if (std::string_view(c.attribute("kind").value()) == "Mandatory") {
        ctx.skip(c, "rsc_order", "kind=\"Mandatory\" written out (aa leaves Pacemaker's default implicit)");
        return;
    }
    std::string kind = c.attribute("kind") ? c.attribute("kind").value() : "Mandatory";
    if (kind != "Mandatory" && kind != "Optional" && kind != "Serialize") {
        ctx.skip(c, "rsc_order", "kind " + kind);
        return;
    }
    std::optional<Side> first = side(ctx, c, "first"), then = side(ctx, c, "then");
    if (!first || !then || !first_of_its_pair(ctx, c, first->rsc + "\n" + then->rsc)) return;
    ast::Order o;
    o.keyword = ident("order");
    o.first = ident(first->service->name.text);
    o.then = ident(then->service->name.text);
    if (kind != "Mandatory") o.kind = ident(kind == "Optional" ? "optional" : "serialize");
    o.id = explicit_id(c, lower::order_id(first->rsc, then->rsc, kind));
    top.push_back(o);
}

void colocation(Context& ctx, const pugi::xml_node& c, std::vector<ast::TopItem>& top) {
    if (!simple(ctx, c, {"id", "rsc", "with-rsc", "score"})) return;
    if (!c.attribute("score")) {
        ctx.skip(c, "rsc_colocation", "no score");
        return;
    }
    std::string score = c.attribute("score").value();
    std::optional<Side> rsc = side(ctx, c, "rsc"), with = side(ctx, c, "with-rsc");
    if (!rsc || !with || !first_of_its_pair(ctx, c, rsc->rsc + "\n" + with->rsc)) return;
    ast::Colocate o;
    o.keyword = ident("colocate");
    o.rsc = ident(rsc->service->name.text);
    o.with = ident(with->service->name.text);
    if (score != "INFINITY") o.score = value(score);
    o.id = explicit_id(c, lower::colocation_id(rsc->rsc, with->rsc, score));
    top.push_back(o);
}

}  // namespace

void import_constraints(Context& ctx, const pugi::xml_node& constraints, std::vector<ast::TopItem>& top) {
    for (pugi::xml_node c : constraints.children()) {
        if (c.type() != pugi::node_element) continue;
        std::string_view kind = c.name();
        if (kind == "rsc_location") location(ctx, c);
        else if (kind == "rsc_order") order(ctx, c, top);
        else if (kind == "rsc_colocation") colocation(ctx, c, top);
        else ctx.skip(c, std::string(kind), "no spelling in the language");
    }
}

}  // namespace aa::import_detail
