// rsc_location with a rule -> `prefer where ...` / `avoid where ...` in the resource's block. Taken
// only when the language writes it back the same: pcs's ids (CONSTRAINT-rule, RULE-expr, -expr-1,
// RULE-rule for a nested rule), boolean-op only where there are several children, one level of
// nesting whose joiner differs from its parent's, expressions on node attributes (no dates).
#include <algorithm>
#include <set>

#include "compiler/import/import_build.hpp"
#include "compiler/lang/vocabulary.hpp"
#include "compiler/lower/lower.hpp"

namespace aa::import_detail {
namespace {

template <class List>
bool listed(std::string_view word, const List& list) {
    for (std::string_view w : list)
        if (w == word) return true;
    return false;
}

// A value inside a rule: bare when the rule grammar reads it as one word (no parentheses).
ast::Value rule_value(const std::string& text) {
    if (text.find_first_of("()") != std::string::npos) return quoted(text);
    return value(text);
}

ast::Value attribute_value(const std::string& text) {
    if (is_identifier(text) && !listed(text, vocab::rule_unary_operations)) return value(text);
    return quoted(text);
}

std::string expected_id(const std::string& parent, const char* kind, int n) {
    return parent + "-" + kind + (n ? "-" + std::to_string(n) : "");
}

// Why the expression cannot be written, or empty; fills `out`.
std::string read_expression(Context& ctx, const pugi::xml_node& e, const std::string& id, ast::RuleCondition& out) {
    if (std::string_view(e.attribute("id").value()) != id)
        return "expression id " + std::string(e.attribute("id").value()) + " (aa gives " + id + ")";
    const std::string op = e.attribute("operation").value();
    const bool unary = listed(op, vocab::rule_unary_operations);
    if (!unary && !listed(op, vocab::rule_operations)) return "expression operation " + op;
    for (pugi::xml_attribute a : e.attributes()) {
        const std::string_view n = a.name();
        if (n != "id" && n != "operation" && n != "attribute" && n != "type" && n != "value")
            return "expression attribute " + std::string(n);
    }
    if (!e.attribute("attribute") || e.first_child()) return "an expression aa cannot spell";
    if (unary == bool(e.attribute("value"))) return unary ? "a value on " + op : "no value";
    const std::string type = e.attribute("type").value();
    if (e.attribute("type") && (!listed(type, vocab::rule_types) || unary)) return "expression type " + type;
    const std::string v = e.attribute("value").value();
    if (std::string_view(e.attribute("attribute").value()) == "#uname" && (op == "eq" || op == "ne") && !ctx.nodes.count(v))
        return "#uname compared with " + v + ", which is not in <nodes>";
    out.attribute = attribute_value(e.attribute("attribute").value());
    out.op = ident(op);
    if (!type.empty()) out.type = ident(type);
    if (!unary) out.value = rule_value(v);
    return {};
}

// The children of a rule as terms; `nested_allowed` is false inside a nested rule.
std::string read_children(Context& ctx, const pugi::xml_node& rule, const std::string& id, bool nested_allowed,
                          const std::string& parent_op, std::vector<ast::RuleTerm>& terms) {
    int expressions = 0, nested = 0;
    for (pugi::xml_node child : rule.children()) {
        if (child.type() != pugi::node_element) continue;
        const std::string_view kind = child.name();
        if (kind == "expression") {
            ast::RuleTerm term;
            term.conditions.emplace_back();
            std::string why = read_expression(ctx, child, expected_id(id, "expr", expressions++), term.conditions.back());
            if (!why.empty()) return why;
            terms.push_back(std::move(term));
            continue;
        }
        if (kind != "rule") return std::string("a ") + std::string(kind) + " in a rule";
        if (!nested_allowed) return "rules nested more than one level deep";
        const std::string nested_id = expected_id(id, "rule", nested++);
        if (std::string_view(child.attribute("id").value()) != nested_id)
            return "nested rule id " + std::string(child.attribute("id").value()) + " (aa gives " + nested_id + ")";
        const std::string op = child.attribute("boolean-op").value();
        if (std::string_view(child.attribute("score").value()) != "0" || (op != "and" && op != "or") || op == parent_op)
            return "a nested rule aa writes differently (score 0, and/or other than its parent's)";
        for (pugi::xml_attribute a : child.attributes())
            if (std::string_view n = a.name(); n != "id" && n != "boolean-op" && n != "score")
                return "nested rule attribute " + std::string(n);
        std::vector<ast::RuleTerm> inner;
        std::string why = read_children(ctx, child, nested_id, false, op, inner);
        if (!why.empty()) return why;
        if (inner.size() < 2) return "a nested rule with one condition";
        ast::RuleTerm group;
        group.group = true;
        for (ast::RuleTerm& t : inner) {
            if (!group.conditions.empty()) group.joiners.push_back(ident(op));
            group.conditions.push_back(std::move(t.conditions.front()));
        }
        terms.push_back(std::move(group));
    }
    return {};
}

// Why the rule cannot be written, or empty; fills the rule form of `l`.
std::string read_rule(Context& ctx, const pugi::xml_node& rule, const std::string& id, const Side& side,
                      ast::LocationStmt& l) {
    if (std::string_view(rule.attribute("id").value()) != id)
        return "rule id " + std::string(rule.attribute("id").value()) + " (aa gives " + id + ")";
    for (pugi::xml_attribute a : rule.attributes())
        if (std::string_view n = a.name(); n != "id" && n != "boolean-op" && n != "score" && n != "score-attribute" && n != "role")
            return "rule attribute " + std::string(n);
    const std::string op = rule.attribute("boolean-op").value();
    std::vector<ast::RuleTerm> terms;
    std::string why = read_children(ctx, rule, id, true, "", terms);
    if (!why.empty()) return why;
    if (terms.empty()) return "an empty rule";
    if ((terms.size() > 1) != !op.empty() || (!op.empty() && op != "and" && op != "or"))
        return "boolean-op=\"" + op + "\" where aa writes " + (terms.size() > 1 ? "and/or" : "none");
    if (terms.size() == 1 && terms.front().group) return "a rule holding only a nested rule";
    for (std::size_t i = 0; i < terms.size(); ++i) {
        if (i) l.joiners.push_back(ident(op));
        l.terms.push_back(std::move(terms[i]));
    }
    const std::string score = rule.attribute("score").value(), attribute = rule.attribute("score-attribute").value();
    if (bool(rule.attribute("score")) == bool(rule.attribute("score-attribute")))
        return "a rule with both or neither of score and score-attribute";
    const bool avoid = score == "-INFINITY";
    l.keyword = ident(avoid ? "avoid" : "prefer");
    if (!attribute.empty()) {
        if (!is_identifier(attribute)) return "score-attribute " + attribute;
        l.score_attribute = ident(attribute);
    } else if (!avoid && score != "INFINITY") {
        l.score = value(score);
    }
    if (pugi::xml_attribute role = rule.attribute("role")) {
        const std::string word = role_word(role.value());
        if (word.empty()) return "rule role " + std::string(role.value());
        if (word != "started" && !side.promotable) return "role " + std::string(role.value()) + " of a resource that is not promotable";
        l.role = ident(word);
    }
    l.where = ident("where");
    return {};
}

}  // namespace

void import_rule_location(Context& ctx, const pugi::xml_node& c) {
    for (pugi::xml_attribute a : c.attributes())
        if (std::string_view n = a.name(); n != "id" && n != "rsc") {
            ctx.skip(c, "rsc_location", std::string("attribute ") + a.name() + " beside a rule");
            return;
        }
    std::size_t rules = 0;
    for (pugi::xml_node child : c.children())
        if (child.type() == pugi::node_element) ++rules;
    if (rules != 1) {
        ctx.skip(c, "rsc_location", "several rules in one constraint (aa writes one)");
        return;
    }
    std::optional<Side> side = side_of(ctx, c, c.attribute("rsc").value(), "rsc");
    if (!side) return;
    ast::LocationStmt l;
    const std::string id = c.attribute("id").value();
    std::string why = read_rule(ctx, c.child("rule"), id + "-rule", *side, l);
    if (!why.empty()) {
        ctx.skip(c, "rule", why);
        return;
    }
    l.id = quoted(id);  // settle_rule_location_ids drops it where the spec would give it anyway
    side->items().push_back(std::move(l));
}

// The checker numbers a resource's rules prefer first, then avoid, each in written order (the order
// `aa fmt` prints): an id is left out where it is the one the checker gives in that place.
void settle_rule_location_ids(std::vector<ast::ServiceItem>& items, const std::string& resource_id) {
    std::vector<ast::LocationStmt*> rules;
    for (ast::ServiceItem& item : items)
        if (auto* l = std::get_if<ast::LocationStmt>(&item); l && l->rule()) rules.push_back(l);
    std::stable_partition(rules.begin(), rules.end(), [](const ast::LocationStmt* l) { return l->keyword.text == "prefer"; });
    std::set<std::string> taken;
    const std::string base = lower::rule_location_id(resource_id);
    for (ast::LocationStmt* l : rules) {
        const std::string given = lower::unique_id(base, taken);
        const std::string id = l->id->text;
        taken.insert(id);
        if (id == given) l->id.reset();
    }
}

}  // namespace aa::import_detail
