// Constraints as `pcs constraint location|order|colocation` writes them: ids derived from the
// resources (the clone's id when cloned) and the score, attributes in pcs's order.
#include <string_view>
#include <unordered_map>

#include "compiler/lower/lower.hpp"

namespace aa::lower {

// pcs drops characters an XML id cannot hold ("+INFINITY" gives "...-INFINITY").
std::string sanitize_id(const std::string& candidate) {
    std::string out;
    for (char c : candidate) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                        (!out.empty() && ((c >= '0' && c <= '9') || c == '.' || c == '-'));
        if (ok || static_cast<unsigned char>(c) >= 0x80) out += c;
    }
    return out;
}

namespace {

// Any name of the tree (service, group, clone id) -> the id constraints refer to; a map, since
// Model::resolve is a linear scan.
using ResourceIds = std::unordered_map<std::string_view, std::string>;

ResourceIds resource_ids(const model::Model& m) {
    ResourceIds ids;
    ids.reserve(m.services.size() + m.groups.size());
    for (const model::Service& s : m.services) ids.emplace(s.name, s.resource_id());
    for (const model::Group& g : m.groups) ids.emplace(g.name, g.resource_id());
    for (const model::Service& s : m.services)
        if (s.clone) ids.emplace(s.resource_id(), s.resource_id());
    for (const model::Group& g : m.groups)
        if (g.clone) ids.emplace(g.resource_id(), g.resource_id());
    return ids;
}

std::string rsc_of(const ResourceIds& ids, const std::string& service) {
    auto it = ids.find(service);
    return it == ids.end() ? service : it->second;
}

// <expression> children as pcs writes them: id PARENT-expr, -expr-1, ...; operation, attribute, then
// type and value when given.
void append_expressions(pugi::xml_node parent, const std::string& parent_id,
                        const std::vector<model::RuleCondition>& conditions, int& count) {
    for (const model::RuleCondition& c : conditions) {
        pugi::xml_node e = parent.append_child("expression");
        e.append_attribute("id") = (parent_id + "-expr" + (count ? "-" + std::to_string(count) : "")).c_str();
        ++count;
        e.append_attribute("operation") = c.operation.c_str();
        e.append_attribute("attribute") = c.attribute.c_str();
        if (!c.type.empty()) e.append_attribute("type") = c.type.c_str();
        if (!c.value.empty() || (c.operation != "defined" && c.operation != "not_defined"))
            e.append_attribute("value") = c.value.c_str();
    }
}

// `pcs constraint location RSC rule [role=R] score=S|score-attribute=A EXPR`: one <rule> (id
// CONSTRAINT-rule), a term of several conditions as a nested <rule> (id RULE-rule, -rule-1, ...,
// score 0, its own boolean-op), a single condition as an <expression>.
void append_rule(pugi::xml_node location, const model::Location& l) {
    const model::LocationRule& r = *l.rule;
    const std::string id = std::string(location.attribute("id").value()) + "-rule";
    pugi::xml_node x = location.append_child("rule");
    x.append_attribute("id") = id.c_str();
    if (!r.boolean_op.empty()) x.append_attribute("boolean-op") = r.boolean_op.c_str();
    if (!r.role.empty()) x.append_attribute("role") = r.role.c_str();
    if (!r.score_attribute.empty()) x.append_attribute("score-attribute") = r.score_attribute.c_str();
    else x.append_attribute("score") = score(l.score).c_str();
    int expressions = 0, nested = 0;
    for (const model::RuleTerm& t : r.terms) {
        if (t.conditions.size() == 1) {
            append_expressions(x, id, t.conditions, expressions);
            continue;
        }
        const std::string nested_id = id + "-rule" + (nested ? "-" + std::to_string(nested) : "");
        ++nested;
        pugi::xml_node n = x.append_child("rule");
        n.append_attribute("id") = nested_id.c_str();
        n.append_attribute("boolean-op") = t.boolean_op.c_str();
        n.append_attribute("score") = "0";
        int inner = 0;
        append_expressions(n, nested_id, t.conditions, inner);
    }
}

void append_location(pugi::xml_node constraints, const std::string& rsc, const model::Location& l) {
    pugi::xml_node x = constraints.append_child("rsc_location");
    if (l.rule) {
        x.append_attribute("id") = l.id->c_str();
        x.append_attribute("rsc") = rsc.c_str();
        return append_rule(x, l);
    }
    x.append_attribute("id") = location_id(rsc, l).c_str();
    x.append_attribute("rsc") = rsc.c_str();
    x.append_attribute("node") = l.node.c_str();
    x.append_attribute("score") = score(l.score).c_str();
}

// <resource_set> children as pcs writes them: options in the order sequential, require-all, action,
// role (only those that differ from Pacemaker's defaults), then the id <constraint>_set, _set-1, ...
void append_sets(pugi::xml_node constraint, const ResourceIds& ids, const std::vector<model::ResourceSet>& sets) {
    const std::string base = std::string(constraint.attribute("id").value()) + "_set";
    for (std::size_t i = 0; i < sets.size(); ++i) {
        const model::ResourceSet& set = sets[i];
        pugi::xml_node x = constraint.append_child("resource_set");
        if (!set.sequential) x.append_attribute("sequential") = "false";
        if (!set.require_all) x.append_attribute("require-all") = "false";
        if (!set.action.empty()) x.append_attribute("action") = set.action.c_str();
        if (!set.role.empty()) x.append_attribute("role") = set.role.c_str();
        x.append_attribute("id") = (i == 0 ? base : base + "-" + std::to_string(i)).c_str();
        for (const std::string& member : set.members)
            x.append_child("resource_ref").append_attribute("id") = rsc_of(ids, member).c_str();
    }
}

void append_order_sets(pugi::xml_node constraints, const ResourceIds& ids, const model::Order& o) {
    pugi::xml_node x = constraints.append_child("rsc_order");
    if (o.kind != "Mandatory" && !o.kind.empty()) x.append_attribute("kind") = o.kind.c_str();
    x.append_attribute("id") = o.id->c_str();
    append_sets(x, ids, o.sets);
}

void append_colocation_sets(pugi::xml_node constraints, const ResourceIds& ids, const model::Colocation& c) {
    pugi::xml_node x = constraints.append_child("rsc_colocation");
    x.append_attribute("score") = score(c.score).c_str();
    x.append_attribute("id") = c.id->c_str();
    append_sets(x, ids, c.sets);
}

void append_order(pugi::xml_node constraints, const ResourceIds& ids, const model::Order& o) {
    if (!o.sets.empty()) return append_order_sets(constraints, ids, o);
    const std::string first = rsc_of(ids, o.first), then = rsc_of(ids, o.then);
    pugi::xml_node x = constraints.append_child("rsc_order");
    x.append_attribute("first") = first.c_str();
    x.append_attribute("then") = then.c_str();
    // Mandatory is Pacemaker's default: pcs leaves the attribute out.
    if (o.kind != "Mandatory" && !o.kind.empty()) x.append_attribute("kind") = o.kind.c_str();
    x.append_attribute("first-action") = o.first_action.empty() ? "start" : o.first_action.c_str();
    x.append_attribute("then-action") = o.then_action.empty() ? "start" : o.then_action.c_str();
    x.append_attribute("id") = (o.id ? *o.id : order_id(first, then, o.kind)).c_str();
}

void append_colocation(pugi::xml_node constraints, const ResourceIds& ids, const model::Colocation& c) {
    if (!c.sets.empty()) return append_colocation_sets(constraints, ids, c);
    const std::string rsc = rsc_of(ids, c.rsc), with = rsc_of(ids, c.with);
    pugi::xml_node x = constraints.append_child("rsc_colocation");
    x.append_attribute("rsc") = rsc.c_str();
    x.append_attribute("with-rsc") = with.c_str();
    x.append_attribute("score") = score(c.score).c_str();
    // pcs writes both roles as soon as one is given, the other as Started.
    if (!c.rsc_role.empty() || !c.with_role.empty()) {
        x.append_attribute("rsc-role") = c.rsc_role.empty() ? "Started" : c.rsc_role.c_str();
        x.append_attribute("with-rsc-role") = c.with_role.empty() ? "Started" : c.with_role.c_str();
    }
    x.append_attribute("id") = (c.id ? *c.id : colocation_id(rsc, with, c.score)).c_str();
}

}  // namespace

std::string score(const std::string& written) {
    if (written.empty() || written == "inf" || written == "+inf") return "INFINITY";
    if (written == "-inf") return "-INFINITY";
    return written;
}

std::string location_id(const std::string& rsc, const model::Location& l) {
    return l.id ? *l.id : sanitize_id("location-" + rsc + "-" + l.node + "-" + score(l.score));
}

std::string order_id(const std::string& first, const std::string& then, const std::string& kind) {
    const std::string suffix = kind.empty() || kind == "Mandatory" ? "mandatory" : kind;
    return sanitize_id("order-" + first + "-" + then + "-" + suffix);
}

std::string colocation_id(const std::string& rsc, const std::string& with, const std::string& written_score) {
    return sanitize_id("colocation-" + rsc + "-" + with + "-" + score(written_score));
}

std::string rule_location_id(const std::string& resource_id) { return sanitize_id("location-" + resource_id); }

std::string set_constraint_id(std::string_view prefix, const std::vector<std::string>& resource_ids) {
    std::string part;
    for (std::size_t i = 0; i < resource_ids.size() && i < 3; ++i)
        if (!resource_ids[i].empty()) part += std::string{resource_ids[i].front(), resource_ids[i].back()};
    return sanitize_id(std::string(prefix) + "_set_" + part);
}

// Locations first (service by service), then orders, then colocations: the order an operator
// following the spec top to bottom with pcs would create them in.
void lower_constraints(const model::Model& m, pugi::xml_node constraints) {
    for (const model::Service& s : m.services)
        for (const model::Location& l : s.locations) append_location(constraints, s.resource_id(), l);
    for (const model::Group& g : m.groups)
        for (const model::Location& l : g.locations) append_location(constraints, g.resource_id(), l);
    const ResourceIds ids = resource_ids(m);
    for (const model::Order& o : m.orders) append_order(constraints, ids, o);
    for (const model::Colocation& c : m.colocations) append_colocation(constraints, ids, c);
}

}  // namespace aa::lower
