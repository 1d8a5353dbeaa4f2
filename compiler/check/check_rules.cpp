// Location rules, `prefer where ...` / `avoid where ...` (docs/language-v2.md, "Location rules"):
// `and` and `or` mixed at one level (E143), a value that is not of its declared type (E144), a
// score together with score-attribute (E145), a role on a resource that is not promotable (E140),
// `#uname` compared with a node the cluster does not have (E040); pcs's ids.
#include <cstdlib>

#include "compiler/check/check_context.hpp"
#include "compiler/lang/rule_text.hpp"
#include "compiler/lang/vocabulary.hpp"
#include "compiler/lower/lower.hpp"

namespace aa::checker {
namespace {

// One joiner for a whole level: pcs would give `and` precedence, aa asks for the parentheses.
std::optional<std::string> one_joiner(Context& cx, const std::vector<ast::Ident>& joiners) {
    if (joiners.empty()) return std::string();
    for (const ast::Ident& j : joiners)
        if (j.text != joiners.front().text) {
            cx.diags.error("E143", j.span,
                           "`and` and `or` at one level of a rule: write parentheses to say which binds first, "
                           "as in (a eq 1 and b eq 2) or c eq 3");
            return std::nullopt;
        }
    return joiners.front().text;
}

bool number_like(std::string_view v, bool integer) {
    if (!v.empty() && (v.front() == '-' || v.front() == '+')) v.remove_prefix(1);
    bool digits = false, dot = false;
    for (char c : v) {
        if (c >= '0' && c <= '9') digits = true;
        else if (c == '.' && !integer && !dot) dot = true;
        else return false;
    }
    return digits;
}

bool version_like(std::string_view v) {
    if (v.empty()) return false;
    for (char c : v)
        if (!((c >= '0' && c <= '9') || c == '.')) return false;
    return true;
}

std::optional<model::RuleCondition> read_condition(Context& cx, const ast::RuleCondition& c) {
    model::RuleCondition out{c.attribute.text, c.op.text, c.type ? c.type->text : "", c.value ? c.value->text : ""};
    bool ok = check_no_control_chars(cx, c.attribute, "the attribute of a rule condition");
    if (c.value) ok = check_no_control_chars(cx, *c.value, "the value of a rule condition") && ok;
    if (c.value && c.type) {
        const std::string& t = c.type->text;
        const bool fits = t == "integer" ? number_like(out.value, true)
                          : t == "number" ? number_like(out.value, false)
                          : t == "version" ? version_like(out.value)
                                           : true;
        if (!fits) {
            cx.diags.error("E144", c.value->span,
                           "`" + condition_text(c) + "` compares as " + t + ", but " + q(out.value) + " is not " +
                               (t == "version" ? "a version (digits and dots)" : "a" + std::string(t == "integer" ? "n " : " ") + t));
            ok = false;
        }
    }
    // #uname is the node's name: comparing it with a name the cluster does not have is a typo.
    if (c.value && out.attribute == "#uname" && (out.operation == "eq" || out.operation == "ne") && cx.have_cluster)
        ok = require_node(cx, ast::Ident{out.value, c.value->span}, {"`#uname` in a rule", {}, {}}) && ok;
    if (!ok) return std::nullopt;
    return out;
}

std::optional<model::RuleTerm> read_term(Context& cx, const ast::RuleTerm& t) {
    std::optional<std::string> joiner = one_joiner(cx, t.joiners);
    model::RuleTerm out;
    bool ok = joiner.has_value();
    for (const ast::RuleCondition& c : t.conditions) {
        std::optional<model::RuleCondition> m = read_condition(cx, c);
        if (m) out.conditions.push_back(std::move(*m));
        else ok = false;
    }
    if (!ok) return std::nullopt;
    if (out.conditions.size() > 1) out.boolean_op = *joiner;
    return out;
}

// As pcs: a group with the joiner of its level (or alone) melts into the level; one condition in
// parentheses is that condition.
model::LocationRule flatten(std::vector<model::RuleTerm> terms, std::string joiner) {
    if (terms.size() == 1 && terms.front().conditions.size() > 1) joiner = terms.front().boolean_op;
    model::LocationRule rule;
    for (model::RuleTerm& t : terms) {
        if (t.conditions.size() > 1 && t.boolean_op != joiner) {
            rule.terms.push_back(std::move(t));
            continue;
        }
        for (model::RuleCondition& c : t.conditions) rule.terms.push_back({{}, {std::move(c)}});
    }
    if (rule.terms.size() > 1) rule.boolean_op = joiner;
    return rule;
}

}  // namespace

std::optional<model::Location> check_rule_location(Context& cx, std::string_view kind, const ast::Ident& owner,
                                                   const ast::LocationStmt& st, const ServiceFacts& facts,
                                                   std::unordered_set<std::string>& taken) {
    const bool prefer = st.keyword.text == "prefer";
    std::optional<std::string> joiner = one_joiner(cx, st.joiners);
    bool ok = joiner.has_value();
    std::vector<model::RuleTerm> terms;
    for (const ast::RuleTerm& t : st.terms) {
        std::optional<model::RuleTerm> m = read_term(cx, t);
        if (m) terms.push_back(std::move(*m));
        else ok = false;
    }
    std::string score = prefer ? "INFINITY" : "-INFINITY";
    if (st.score) {
        const std::string what = "score of `" + st.keyword.text + " " + rule_text(st) + "`";
        std::optional<std::string> read = read_score(cx, *st.score, {what, kind, owner.text});
        if (read) score = *read;
        else ok = false;
    }
    if (st.score && st.score_attribute) {
        cx.diags.error("E145", st.score_attribute->span,
                       "a rule takes `score` or `score-attribute`, not both: Pacemaker would use only one of them");
        ok = false;
    }
    std::string role;
    if (st.role) {
        role = role_value(st.role);
        if (st.role->text != "started" && !facts.promotable) {
            cx.diags.error("E140", st.role->span,
                           "`role " + st.role->text + "` in a rule of " + std::string(kind) + " " + q(owner.text) +
                               ", which is not a promotable clone; only promotable instances are promoted");
            ok = false;
        }
    }
    std::optional<std::string> explicit_id = read_explicit_id(cx, st.id);
    if (st.id && !explicit_id) ok = false;
    if (!ok) return std::nullopt;

    model::Location loc{{}, score, explicit_id ? explicit_id : lower::unique_id(lower::rule_location_id(facts.resource_id), taken), st.span};
    loc.rule = flatten(std::move(terms), *joiner);
    if (st.score_attribute) {
        loc.rule->score_attribute = st.score_attribute->text;
        loc.score.clear();
    }
    loc.rule->role = role;
    taken.insert(*loc.id);
    cx.add_id({*loc.id}, st.id ? st.id->span : st.keyword.span, IdOwner::RuleLocation, owner.text,
              cx.arena.join({st.keyword.text, " ", rule_text(st)}));
    return loc;
}

}  // namespace aa::checker
