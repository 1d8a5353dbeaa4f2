#include "compiler/lang/rule_text.hpp"

namespace aa {

std::string condition_text(const ast::RuleCondition& c) {
    if (!c.value) return c.op.text + " " + c.attribute.raw;
    std::string s = c.attribute.raw + " " + c.op.text;
    if (c.type) s += " " + c.type->text;
    return s + " " + c.value->raw;
}

namespace {

std::string term_text(const ast::RuleTerm& t) {
    std::string s = condition_text(t.conditions.front());
    for (std::size_t i = 1; i < t.conditions.size(); ++i)
        s += " " + t.joiners[i - 1].text + " " + condition_text(t.conditions[i]);
    return t.group ? "(" + s + ")" : s;
}

}  // namespace

std::string rule_text(const ast::LocationStmt& l) {
    std::string s = "where " + term_text(l.terms.front());
    for (std::size_t i = 1; i < l.terms.size(); ++i) s += " " + l.joiners[i - 1].text + " " + term_text(l.terms[i]);
    return s;
}

}  // namespace aa
