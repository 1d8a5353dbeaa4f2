// `prefer` and `avoid`: location constraints of one service (E040, E042, E014, E062).
#include <algorithm>

#include "compiler/check/check_context.hpp"
#include "compiler/lang/rule_text.hpp"
#include "compiler/lower/lower.hpp"

namespace aa::checker {
namespace {

// `avoid N score 50` keeps Pacemaker's sign convention: it means score -50.
std::string negated(const std::string& score) {
    if (score == "0" || (!score.empty() && score.front() == '-')) return score;
    return "-" + (score.front() == '+' ? score.substr(1) : score);
}

}  // namespace

void check_locations(Context& cx, std::string_view kind, const ast::Ident& owner,
                     const std::vector<const ast::LocationStmt*>& locs, std::vector<model::Location>& out,
                     ServiceFacts& facts) {
    const std::string& name = owner.text;
    std::unordered_map<std::string, const ast::LocationStmt*> prefer_of, avoid_of;
    std::vector<model::Location> prefers, avoids, rules;
    std::vector<const ast::LocationStmt*> rule_stmts;
    for (const ast::LocationStmt* st : locs) {
        if (st->rule()) {
            rule_stmts.push_back(st);
            continue;
        }
        bool prefer = st->keyword.text == "prefer";
        const std::string& node = st->node.text;
        bool defined = require_node(cx, st->node, {prefer ? "`prefer`" : "`avoid`", kind, name});
        auto& same = prefer ? prefer_of : avoid_of;
        auto& other = prefer ? avoid_of : prefer_of;
        if (auto it = same.find(node); it != same.end()) {
            cx.diags.error("E014", st->node.span,
                           std::string(kind) + " " + q(name) + " has a second `" + st->keyword.text + " " + node + "`")
                .notes.push_back(note_at("first given here", it->second->node.span));
            continue;
        }
        same.emplace(node, st);
        if (auto it = other.find(node); it != other.end())
            cx.diags.error("E042", st->node.span,
                           std::string(kind) + " " + q(name) + " both prefers and avoids node " + q(node) + "; keep one")
                .notes.push_back(note_at("`" + it->second->keyword.text + " " + node + "` here", it->second->node.span));

        std::string score = prefer ? "INFINITY" : "-INFINITY";
        if (st->score) {
            const std::string what = "score of `" + st->keyword.text + " " + node + "`";
            auto read = read_score(cx, *st->score, {what, kind, name});
            if (read) score = prefer ? *read : negated(*read);
        }
        if (!prefer && defined) facts.avoided.insert(node);
        model::Location loc{node, score, read_explicit_id(cx, st->id), st->span};
        cx.add_id({lower::location_id(facts.resource_id, loc)}, st->id ? st->id->span : st->keyword.span,
                  IdOwner::Location, name, node);
        (prefer ? prefers : avoids).push_back(std::move(loc));
    }
    // Rules get their ids prefer first, then avoid, each in written order: the order `aa fmt` prints
    // them in, so formatting never renumbers them.
    std::stable_partition(rule_stmts.begin(), rule_stmts.end(),
                          [](const ast::LocationStmt* st) { return st->keyword.text == "prefer"; });
    SeenOnce<std::string> seen_rules;
    std::unordered_set<std::string> rule_ids;
    for (const ast::LocationStmt* st : rule_stmts) {
        std::optional<model::Location> rule = check_rule_location(cx, kind, owner, *st, facts, rule_ids);
        const std::string text = st->keyword.text + " " + rule_text(*st);
        if (rule && seen_rules.add(cx, text, st->span,
                                   [&] { return std::string(kind) + " " + q(name) + " has a second `" + text + "`"; }))
            rules.push_back(std::move(*rule));
    }
    out = std::move(prefers);
    for (model::Location& l : avoids) out.push_back(std::move(l));
    for (model::Location& l : rules) out.push_back(std::move(l));

    if (cx.have_cluster && !cx.model.nodes.empty() && facts.avoided.size() == cx.model.nodes.size())
        cx.diags.warning("W009", owner.span,
                         std::string(kind) + " " + q(name) + " avoids every node of cluster " + q(cx.model.cluster) +
                             "; it can run nowhere");
}

}  // namespace aa::checker
