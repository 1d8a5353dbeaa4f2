// <constraints> -> prefer/avoid inside services, and top-level order/colocate statements.
// Resource sets are import_sets.cpp's, location rules import_rules.cpp's.
#include <algorithm>
#include <initializer_list>
#include <optional>

#include "compiler/import/import_build.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/lang/vocabulary.hpp"

namespace aa::import_detail {
bool only_attributes(Context& ctx, const pugi::xml_node& c, std::initializer_list<std::string_view> allowed) {
    for (pugi::xml_attribute a : c.attributes())
        if (std::find(allowed.begin(), allowed.end(), std::string_view(a.name())) == allowed.end()) {
            ctx.skip(c, c.name(), std::string("attribute ") + a.name() + " has no spelling in the language");
            return false;
        }
    return true;
}

std::string role_word(std::string_view role) {
    for (std::size_t i = 0; i < vocab::constraint_role_values.size(); ++i)
        if (vocab::constraint_role_values[i] == role) return std::string(vocab::constraint_roles[i]);
    return {};
}

namespace {

// True when `c` has only the attributes in `allowed` and no resource set or rule; reports it otherwise.
bool simple(Context& ctx, const pugi::xml_node& c, std::initializer_list<std::string_view> allowed) {
    if (c.child("resource_set")) {
        ctx.skip(c, "resource set", std::string(c.name()) + " over a resource set");
        return false;
    }
    if (c.child("rule")) {
        ctx.skip(c, "rule", std::string(c.name()) + " with a rule");
        return false;
    }
    return only_attributes(ctx, c, allowed);
}

bool cloned(const std::vector<ast::ServiceItem>& items) {
    for (const ast::ServiceItem& i : items)
        if (std::holds_alternative<ast::CloneStmt>(i)) return true;
    return false;
}

}  // namespace

std::optional<Side> side_of(Context& ctx, const pugi::xml_node& c, const std::string& rsc, std::string_view what) {
    const std::string attribute(what);
    if (auto g = ctx.group_by_rsc.find(rsc); g != ctx.group_by_rsc.end()) {
        ast::Group& group = ctx.groups[g->second];
        const bool in_clone = cloned(group.items);
        return Side{nullptr, &group, in_clone ? group.name.text + "-clone" : group.name.text,
                    ctx.promotable_rsc.count(rsc) > 0};
    }
    auto it = ctx.service_by_rsc.find(rsc);
    if (it == ctx.service_by_rsc.end()) {
        if (!ctx.wanted(rsc)) return std::nullopt;
        ctx.skip(c, c.name(), std::string(attribute) + " " + rsc + " is not an imported service, group or clone");
        return std::nullopt;
    }
    ast::Service& s = ctx.services[it->second];
    if (s.fence() && std::string_view(c.name()) != "rsc_location") {
        ctx.skip(c, c.name(), std::string(attribute) + " " + rsc + " is a fence device, which the language never orders or colocates");
        return std::nullopt;
    }
    const bool in_clone = cloned(s.items);
    return Side{&s, nullptr, in_clone ? s.name.text + "-clone" : s.name.text, ctx.promotable_rsc.count(rsc) > 0};
}

std::optional<ast::Value> explicit_id(const pugi::xml_node& c, const std::string& pcs_id) {
    std::string id = c.attribute("id").value();
    if (id == pcs_id) return std::nullopt;
    return quoted(id);
}

namespace {

std::optional<Side> side(Context& ctx, const pugi::xml_node& c, const char* attribute) {
    return side_of(ctx, c, c.attribute(attribute).value(), attribute);
}

// The language has one constraint per pair (E014); a second one between the same two stays in the CIB.
bool first_of_its_pair(Context& ctx, const pugi::xml_node& c, std::string key) {
    if (ctx.constraint_pairs.insert(std::string(c.name()) + "\n" + key).second) return true;
    ctx.skip(c, c.name(), "a second " + std::string(c.name()) + " between the same two (the language has one)");
    return false;
}

void location(Context& ctx, const pugi::xml_node& c) {
    if (c.child("rule")) return import_rule_location(ctx, c);
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
    s->items().push_back(l);
}

void order(Context& ctx, const pugi::xml_node& c, std::vector<ast::TopItem>& top) {
    if (c.child("resource_set")) return import_order_sets(ctx, c, top);
    if (!simple(ctx, c, {"id", "first", "then", "kind", "first-action", "then-action"})) return;
    // aa writes both actions and leaves kind Mandatory implicit, as pcs does; an order spelled
    // otherwise would be rewritten by an adopting plan.
    for (const char* action : {"first-action", "then-action"}) {
        pugi::xml_attribute a = c.attribute(action);
        if (!a || std::find(vocab::order_actions.begin(), vocab::order_actions.end(), a.value()) ==
                      vocab::order_actions.end()) {
            ctx.skip(c, "rsc_order", a ? std::string(action) + "=" + a.value() + " (start, stop, promote or demote)"
                                       : std::string("no ") + action + " (aa writes both actions explicitly, as pcs does)");
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
    o.first = ident(first->name());
    o.then = ident(then->name());
    std::string first_action = c.attribute("first-action").value(), then_action = c.attribute("then-action").value();
    if ((first_action == "promote" || first_action == "demote") && !first->promotable) {
        ctx.skip(c, "rsc_order", first_action + " of " + first->rsc + ", which is not promotable");
        return;
    }
    if ((then_action == "promote" || then_action == "demote") && !then->promotable) {
        ctx.skip(c, "rsc_order", then_action + " of " + then->rsc + ", which is not promotable");
        return;
    }
    if (first_action != "start") o.first_action = ident(first_action);
    if (then_action != "start") o.then_action = ident(then_action);
    if (kind != "Mandatory") o.kind = ident(kind == "Optional" ? "optional" : "serialize");
    o.id = explicit_id(c, lower::order_id(first->rsc, then->rsc, kind));
    top.push_back(o);
}

void colocation(Context& ctx, const pugi::xml_node& c, std::vector<ast::TopItem>& top) {
    if (c.child("resource_set")) return import_colocation_sets(ctx, c, top);
    if (!simple(ctx, c, {"id", "rsc", "with-rsc", "score", "rsc-role", "with-rsc-role"})) return;
    if (!c.attribute("score")) {
        ctx.skip(c, "rsc_colocation", "no score");
        return;
    }
    // pcs writes both roles or neither; so does aa.
    pugi::xml_attribute rsc_role = c.attribute("rsc-role"), with_role = c.attribute("with-rsc-role");
    if (bool(rsc_role) != bool(with_role)) {
        ctx.skip(c, "rsc_colocation", "one role without the other (aa writes both, as pcs does)");
        return;
    }
    const std::string rsc_word = rsc_role ? role_word(rsc_role.value()) : "",
                      with_word = with_role ? role_word(with_role.value()) : "";
    if ((rsc_role && rsc_word.empty()) || (with_role && with_word.empty())) {
        ctx.skip(c, "rsc_colocation", "a role other than Started, Promoted or Unpromoted");
        return;
    }
    std::string score = c.attribute("score").value();
    std::optional<Side> rsc = side(ctx, c, "rsc"), with = side(ctx, c, "with-rsc");
    if (!rsc || !with || !first_of_its_pair(ctx, c, rsc->rsc + "\n" + with->rsc)) return;
    ast::Colocate o;
    o.keyword = ident("colocate");
    o.rsc = ident(rsc->name());
    o.with = ident(with->name());
    if ((rsc_word != "" && rsc_word != "started" && !rsc->promotable) ||
        (with_word != "" && with_word != "started" && !with->promotable)) {
        ctx.skip(c, "rsc_colocation", "a role of a resource that is not promotable");
        return;
    }
    // `started` is what aa writes for the side without a role: leave it implicit when the other has one.
    if (!rsc_word.empty() && (rsc_word != "started" || with_word == "started")) o.rsc_role = ident(rsc_word);
    if (!with_word.empty() && (with_word != "started" || rsc_word == "started")) o.with_role = ident(with_word);
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
    for (ast::Service& s : ctx.services) settle_rule_location_ids(s.items, cloned(s.items) ? s.name.text + "-clone" : s.name.text);
    for (ast::Group& g : ctx.groups) settle_rule_location_ids(g.items, cloned(g.items) ? g.name.text + "-clone" : g.name.text);
}

}  // namespace aa::import_detail
