// The grammar's actions: tokens are recorded as they are read; when a statement's body has
// matched, its action assembles the AST node from them (with its span and comments).
#include <type_traits>

#include "grammar/builder.hpp"
#include "grammar/errors.hpp"
#include "grammar/rules.hpp"

namespace aa::grammar {
namespace {

namespace r = rules;
using ast::ValueKind;

// ---- classifying values ----
bool all_digits(std::string_view s) {
    if (!s.empty() && s.front() == '-') s.remove_prefix(1);
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

bool is_score_word(std::string_view s) {
    return s == "INFINITY" || s == "+INFINITY" || s == "-INFINITY" || s == "inf" || s == "-inf";
}

ValueKind duration_kind(std::string_view s) {
    return all_digits(s) ? ValueKind::Integer : ValueKind::Duration;
}

// A bare word after `=` keeps its kind visible to the checker: 5, 30s, INFINITY, true.
ValueKind classify_word(std::string_view s) {
    if (all_digits(s)) return ValueKind::Integer;
    if (is_score_word(s)) return ValueKind::Score;
    for (std::string_view unit : {"ms", "s", "m", "h"})
        if (s.size() > unit.size() && s.substr(s.size() - unit.size()) == unit &&
            all_digits(s.substr(0, s.size() - unit.size())))
            return ValueKind::Duration;
    return ValueKind::Word;
}

std::string decode_string(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
        char c = raw[i];
        if (c == '\\' && i + 2 < raw.size()) {
            char e = raw[++i];
            out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
            out += c;
        }
    }
    return out;
}

[[noreturn]] void twice(const Builder& b, const Token& t) {
    SyntaxError e;
    e.at = b.text_begin() + t.offset;
    e.length = t.length;
    e.message = t.text == "optional" || t.text == "serialize" ? "an order takes one of `optional` or `serialize`"
                                                                : "`" + t.text + "` is given twice";
    throw e;
}

// Optional clauses (`timeout D`, `id "X"`, ...) come as keyword/value pairs after the fixed part.
template <class T>
void set_once(const Builder& b, Maybe<T>& slot, const Token& keyword, T value) {
    if (slot) twice(b, keyword);
    slot = std::move(value);
}

template <class Stmt, class In>
Stmt start(Builder& b, const In& in) {
    Stmt s;
    s.span = b.span(in.begin(), in.size());
    s.trivia = b.take_trivia();
    return s;
}

template <class Rule>
struct action : tao::pegtl::nothing<Rule> {};

// ---- tokens ----
template <class Rule>
    requires(std::is_base_of_v<r::keyword_tag, Rule> || std::is_base_of_v<r::name_tag, Rule>)
struct action<Rule> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        b.push_ident(in.begin(), in.size());
    }
};

template <class Rule>
    requires std::is_base_of_v<r::value_tag, Rule>
struct action<Rule> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        std::string s = in.string();
        ValueKind k = classify_word(s);
        b.push_value(k, std::move(s), in.begin(), in.size());
    }
};

template <class Rule>
    requires std::is_base_of_v<r::string_tag, Rule>
struct action<Rule> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        b.push_value(ValueKind::String, decode_string(in.string_view()), in.begin(), in.size());
    }
};

template <class Rule>
    requires std::is_base_of_v<r::duration_tag, Rule>
struct action<Rule> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        std::string s = in.string();
        ValueKind k = duration_kind(s);
        b.push_value(k, std::move(s), in.begin(), in.size());
    }
};

template <class Rule>
    requires std::is_base_of_v<r::score_tag, Rule>
struct action<Rule> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        std::string s = in.string();
        ValueKind k = all_digits(s) ? ValueKind::Integer : ValueKind::Score;
        b.push_value(k, std::move(s), in.begin(), in.size());
    }
};

template <class Rule>
    requires std::is_base_of_v<r::count_tag, Rule>
struct action<Rule> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        b.push_value(ValueKind::Integer, in.string(), in.begin(), in.size());
    }
};

// ---- comments ----
template <>
struct action<r::comment> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        b.comment(in.begin(), in.size());
    }
};

template <>
struct action<r::blank_line> {
    template <class In>
    static void apply(const In&, Builder& b) {
        b.blank_line();
    }
};

// ---- blocks: head opens, close collects the last comments, block action files it ----
template <class Block, class In>
void open_block(Builder& b, std::optional<Block>& block, const In& in) {
    block.emplace(start<Block>(b, in));
    block->keyword = b.ident(b.toks.at(0));
    b.ended(block->trivia, in.end());  // a comment after `{` trails the header
}

template <class Block, class In>
void close_block(Builder& b, std::optional<Block>& block, const In& in) {
    Block done = std::move(*block);
    block.reset();
    const char* head = b.text_begin() + done.span.offset;
    done.span = b.span(head, static_cast<std::size_t>(in.end() - head));
    b.add_top(std::move(done), in.end());
}

template <>
struct action<r::cluster_head> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        open_block(b, b.cluster, in);
        b.cluster->name = b.ident(b.toks.at(1));
        b.toks.clear();
    }
};
template <>
struct action<r::defaults_head> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        open_block(b, b.defaults, in);
        b.toks.clear();
    }
};
template <>
struct action<r::service_head> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        open_block(b, b.service, in);
        b.service->name = b.ident(b.toks.at(1));
        b.toks.clear();
    }
};
template <>
struct action<r::group_head> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        open_block(b, b.group, in);
        b.group->name = b.ident(b.toks.at(1));
        b.toks.clear();
    }
};
template <>
struct action<r::group_close> {
    template <class In>
    static void apply(const In&, Builder& b) {
        b.group->end_comments = b.take_comments();
    }
};
template <>
struct action<r::group_block> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        b.move_service_items();
        close_block(b, b.group, in);
    }
};
template <>
struct action<r::members_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::MembersStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        for (std::size_t i = 1; i < b.toks.size(); ++i) s.members.push_back(b.ident(b.toks[i]));
        b.add(b.service_items, std::move(s), in.end());
    }
};
template <>
struct action<r::hosts_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::HostsStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        for (std::size_t i = 1; i < b.toks.size(); ++i) s.hosts.push_back(b.ident(b.toks[i]));
        b.add(b.service_items, std::move(s), in.end());
    }
};
template <>
struct action<r::host_map_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::HostMapStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        s.node = b.ident(b.toks.at(1));
        s.port = b.value(b.toks.at(2));
        b.add(b.service_items, std::move(s), in.end());
    }
};
template <>
struct action<r::delay_max_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::DelayMaxStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        s.delay = b.value(b.toks.at(1));
        b.add(b.service_items, std::move(s), in.end());
    }
};

template <>
struct action<r::fencing_head> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        open_block(b, b.fencing, in);
        b.toks.clear();
    }
};
template <>
struct action<r::fencing_close> {
    template <class In>
    static void apply(const In&, Builder& b) {
        b.fencing->end_comments = b.take_comments();
    }
};
template <>
struct action<r::fencing_block> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        close_block(b, b.fencing, in);
    }
};
// Tokens: level, N, then the target (NODE | pattern "RE" | attribute K VALUE), the devices, [id "X"].
template <>
struct action<r::level_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        using T = ast::LevelStmt::Target;
        auto s = start<ast::LevelStmt>(b, in);
        const auto& t = b.toks;
        s.keyword = b.ident(t.at(0));
        s.index = b.value(t.at(1));
        std::size_t i = 2;
        if (t.at(i).text == "pattern" && i + 1 < t.size() && !t[i + 1].is_ident) {
            s.target = T::Pattern;
            s.kind = b.ident(t[i]);
            s.pattern = b.value(t[i + 1]);
            i += 2;
        } else if (t[i].text == "attribute" && i + 2 < t.size() && t[i + 1].is_ident && !t[i + 2].is_ident) {
            s.target = T::Attribute;
            s.kind = b.ident(t[i]);
            s.attribute = b.ident(t[i + 1]);
            s.attribute_value = b.value(t[i + 2]);
            i += 3;
        } else {
            s.node = b.ident(t[i++]);
        }
        for (; i < t.size(); ++i) {
            if (t[i].text == "id" && i + 1 < t.size() && !t[i + 1].is_ident) {
                set_once(b, s.id, t[i], b.value(t[i + 1]));
                ++i;
            } else {
                s.devices.push_back(b.ident(t[i]));
            }
        }
        b.fencing->items.push_back(std::move(s));
        b.ended(b.fencing->items.back().trivia, in.end());
        b.toks.clear();
    }
};

template <>
struct action<r::route_head> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        open_block(b, b.route, in);
        b.route->service = b.ident(b.toks.at(1));
        b.toks.clear();
    }
};

template <>
struct action<r::cluster_close> {
    template <class In>
    static void apply(const In&, Builder& b) {
        b.cluster->end_comments = b.take_comments();
    }
};
template <>
struct action<r::defaults_close> {
    template <class In>
    static void apply(const In&, Builder& b) {
        b.defaults->end_comments = b.take_comments();
    }
};
template <>
struct action<r::service_close> {
    template <class In>
    static void apply(const In&, Builder& b) {
        b.service->end_comments = b.take_comments();
    }
};
template <>
struct action<r::route_close> {
    template <class In>
    static void apply(const In&, Builder& b) {
        b.route->end_comments = b.take_comments();
    }
};

template <>
struct action<r::cluster_block> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        close_block(b, b.cluster, in);
    }
};
template <>
struct action<r::defaults_block> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        close_block(b, b.defaults, in);
    }
};
template <>
struct action<r::service_block> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        b.move_service_items();
        close_block(b, b.service, in);
    }
};
template <>
struct action<r::route_block> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        close_block(b, b.route, in);
    }
};

// A fence device is a Service whose keyword is `fence`: it shares the service's statements.
template <>
struct action<r::fence_head> : action<r::service_head> {};
template <>
struct action<r::fence_close> : action<r::service_close> {};
template <>
struct action<r::fence_block> : action<r::service_block> {};

// ---- cluster and defaults statements ----
template <>
struct action<r::nodes_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::NodesStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        for (std::size_t i = 1; i < b.toks.size(); ++i) s.nodes.push_back(b.ident(b.toks[i]));
        b.add(b.cluster->items, std::move(s), in.end());
    }
};

// KEY = VALUE statements: tokens are [keyword, key, value].
template <class Stmt, class In>
Stmt key_value_stmt(Builder& b, const In& in) {
    auto s = start<Stmt>(b, in);
    s.key = b.ident(b.toks.at(1));
    s.value = b.value(b.toks.at(2));
    return s;
}

template <>
struct action<r::property_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = key_value_stmt<ast::PropertyStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        b.add(b.cluster->items, std::move(s), in.end());
    }
};

template <>
struct action<r::default_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = key_value_stmt<ast::DefaultStmt>(b, in);
        s.scope = b.ident(b.toks.at(0));
        b.defaults->items.push_back(std::move(s));
        b.ended(b.defaults->items.back().trivia, in.end());
        b.toks.clear();
    }
};

// ---- service statements ----
template <>
struct action<r::unit_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::UnitStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        s.unit = b.value(b.toks.at(1));
        b.add(b.service_items, std::move(s), in.end());
    }
};

template <>
struct action<r::agent_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::AgentStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        s.agent = b.value(b.toks.at(1));
        b.add(b.service_items, std::move(s), in.end());
    }
};

template <>
struct action<r::param_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = key_value_stmt<ast::ParamStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        b.add(b.service_items, std::move(s), in.end());
    }
};

template <>
struct action<r::meta_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = key_value_stmt<ast::MetaStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        b.add(b.service_items, std::move(s), in.end());
    }
};

template <>
struct action<r::utilization_body> : action<r::meta_body> {};

template <>
struct action<r::monitor_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::MonitorStmt>(b, in);
        const auto& t = b.toks;
        s.keyword = b.ident(t.at(0));
        s.interval = b.value(t.at(2));
        for (std::size_t i = 3; i + 1 < t.size(); i += 2) {
            if (t[i].text == "timeout") set_once(b, s.timeout, t[i], b.value(t[i + 1]));
            else if (t[i].text == "on-fail") set_once(b, s.on_fail, t[i], b.ident(t[i + 1]));
            else if (t[i].text == "role") set_once(b, s.role, t[i], b.ident(t[i + 1]));
            else set_once(b, s.id, t[i], b.value(t[i + 1]));
        }
        b.add(b.service_items, std::move(s), in.end());
    }
};

template <>
struct action<r::op_timeout_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::OpTimeoutStmt>(b, in);
        const auto& t = b.toks;
        s.op = b.ident(t.at(0));
        s.timeout = b.value(t.at(2));
        for (std::size_t i = 3; i + 1 < t.size(); i += 2) set_once(b, s.id, t[i], b.value(t[i + 1]));
        b.add(b.service_items, std::move(s), in.end());
    }
};

template <>
struct action<r::parallel_safe_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::ParallelSafeStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        b.add(b.service_items, std::move(s), in.end());
    }
};

// prefer/avoid NODE [score S] [id "X"]
// ---- location rules, from the tokens `where` ... (grammar: rules::rule_expr) ----
// A condition at t[i]: `defined ATTR`, `not_defined ATTR`, or `ATTR OP [TYPE] VALUE` (a type is an
// identifier token, a value never is).
ast::RuleCondition read_condition(const Builder& b, std::size_t& i) {
    const auto& t = b.toks;
    ast::RuleCondition c;
    const Token& first = t.at(i);
    if (first.is_ident && r::listed(first.text, vocab::rule_unary_operations)) {
        c.op = b.ident(t[i++]);
        c.attribute = b.value(t.at(i++));
    } else {
        c.attribute = b.value(t[i++]);
        c.op = b.ident(t.at(i++));
        if (t.at(i).is_ident && r::listed(t[i].text, vocab::rule_types)) c.type = b.ident(t[i++]);
        c.value = b.value(t.at(i++));
    }
    const Token& last = t[i - 1];
    c.span = b.span(b.text_begin() + first.offset, last.offset + last.length - first.offset);
    return c;
}

bool joiner_at(const Builder& b, std::size_t i) {
    return i < b.toks.size() && b.toks[i].is_ident && r::listed(b.toks[i].text, vocab::rule_joiners);
}

ast::RuleTerm read_term(const Builder& b, std::size_t& i) {
    const auto& t = b.toks;
    ast::RuleTerm term;
    const Token& first = t.at(i);
    if (!(first.is_ident && first.text == "(")) {
        term.conditions.push_back(read_condition(b, i));
        term.span = term.conditions.back().span;
        return term;
    }
    term.group = true;
    ++i;
    term.conditions.push_back(read_condition(b, i));
    while (joiner_at(b, i)) {
        term.joiners.push_back(b.ident(t[i++]));
        term.conditions.push_back(read_condition(b, i));
    }
    const Token& close = t.at(i++);  // `)`
    term.span = b.span(b.text_begin() + first.offset, close.offset + close.length - first.offset);
    return term;
}

template <>
struct action<r::prefer_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::LocationStmt>(b, in);
        const auto& t = b.toks;
        s.keyword = b.ident(t.at(0));
        std::size_t i = 1;
        if (t.at(1).is_ident && t[1].text == "where") {
            s.where = b.ident(t[i++]);
            s.terms.push_back(read_term(b, i));
            while (joiner_at(b, i)) {
                s.joiners.push_back(b.ident(t[i++]));
                s.terms.push_back(read_term(b, i));
            }
        } else {
            s.node = b.ident(t[i++]);
        }
        for (; i + 1 < t.size(); i += 2) {
            if (t[i].text == "score") set_once(b, s.score, t[i], b.value(t[i + 1]));
            else if (t[i].text == "score-attribute") set_once(b, s.score_attribute, t[i], b.ident(t[i + 1]));
            else if (t[i].text == "role") set_once(b, s.role, t[i], b.ident(t[i + 1]));
            else set_once(b, s.id, t[i], b.value(t[i + 1]));
        }
        b.add(b.service_items, std::move(s), in.end());
    }
};
template <>
struct action<r::avoid_body> : action<r::prefer_body> {};

// ---- clone: the keyword opens it, each option is a CloneItem, the body files it ----
template <>
struct action<r::kw_clone> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        b.push_ident(in.begin(), in.size());
        b.clone.emplace(start<ast::CloneStmt>(b, in));
        b.clone->keyword = b.ident(b.toks.back());
        b.clone_block = false;
    }
};

template <>
struct action<r::kw_promotable> : action<r::kw_clone> {};

template <>
struct action<r::clone_open> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        b.clone->block = true;
        b.clone_block = true;
        b.ended(b.clone->trivia, in.end());
    }
};

// A line end inside `clone { }`: an empty line before it counts as a blank line.
template <>
struct action<r::clone_eol> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        const char* p = in.begin();
        while (p > b.text_begin() && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\r')) --p;
        if (p == b.text_begin() || p[-1] == '\n') b.blank_line();
    }
};

template <>
struct action<r::clone_close> {
    template <class In>
    static void apply(const In&, Builder& b) {
        b.clone->end_comments = b.take_comments();
        b.clone_block = false;
    }
};

// Adds one clone option built from the last `n` tokens.
template <class In>
void add_clone_item(Builder& b, const In& in, ast::CloneItem::Kind kind, std::size_t n) {
    ast::CloneItem item;
    item.span = b.span(in.begin(), in.size());
    if (b.clone_block) item.trivia = b.take_trivia();
    item.kind = kind;
    const Token* t = b.toks.data() + (b.toks.size() - n);
    item.keyword = b.ident(t[0]);
    if (kind == ast::CloneItem::Kind::Meta) {
        item.key = b.ident(t[1]);
        item.value = b.value(t[2]);
    } else if (n == 2) {
        item.value = b.value(t[1]);
    }
    b.toks.resize(b.toks.size() - n);
    b.clone_items.push_back(std::move(item));
    if (b.clone_block) b.ended(b.clone_items.back().trivia, in.end());
}

template <>
struct action<r::clone_max> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        add_clone_item(b, in, ast::CloneItem::Kind::Max, 2);
    }
};
template <>
struct action<r::clone_per_node> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        add_clone_item(b, in, ast::CloneItem::Kind::PerNode, 2);
    }
};
template <>
struct action<r::clone_promoted_max> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        add_clone_item(b, in, ast::CloneItem::Kind::PromotedMax, 2);
    }
};
template <>
struct action<r::clone_promoted_per_node> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        add_clone_item(b, in, ast::CloneItem::Kind::PromotedPerNode, 2);
    }
};
template <>
struct action<r::clone_flag> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        add_clone_item(b, in, ast::CloneItem::Kind::Flag, 1);
    }
};
template <>
struct action<r::clone_meta> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        add_clone_item(b, in, ast::CloneItem::Kind::Meta, 3);
    }
};

template <>
struct action<r::clone_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        b.move_clone_items();
        ast::CloneStmt s = std::move(*b.clone);
        b.clone.reset();
        b.clone_block = false;
        s.span = b.span(in.begin(), in.size());
        s.keyword = b.ident(b.toks.at(0));
        b.add(b.service_items, std::move(s), in.end());
    }
};

// ---- relations ----
// The operands of `order`/`colocate` from the statement's tokens: `[`, members, `]`, then the
// words the grammar admits after a set (its action or role, its flags); or a name and the word the
// grammar admits after it. Stops at the first option (`optional`, `score`, `id`, ...).
std::vector<ast::ResourceSet> read_operands(const Builder& b, std::size_t& i, std::string_view joiner,
                                            const auto& qualifiers) {
    const auto& t = b.toks;
    std::vector<ast::ResourceSet> parts;
    for (;;) {
        ast::ResourceSet part;
        const Token& first = t.at(i);
        if (first.is_ident && first.text == "[") {
            part.bracketed = true;
            for (++i; t.at(i).text != "]"; ++i) part.members.push_back(b.ident(t[i]));
            const Token& close = t[i++];
            part.span = b.span(b.text_begin() + first.offset, close.offset + close.length - first.offset);
            if (i < t.size() && r::listed(t[i].text, qualifiers)) part.qualifier = b.ident(t[i++]);
            while (i < t.size() && t[i].is_ident && r::listed(t[i].text, vocab::set_flags)) part.flags.push_back(b.ident(t[i++]));
        } else {
            part.members.push_back(b.ident(t[i++]));
            part.span = part.members.back().span;
            if (i < t.size() && r::listed(t[i].text, qualifiers)) part.qualifier = b.ident(t[i++]);
        }
        parts.push_back(std::move(part));
        if (i >= t.size() || t[i].text != joiner) return parts;
        ++i;
    }
}

// Two lone names are the v1 statement; anything else is the set form.
bool set_form(const std::vector<ast::ResourceSet>& parts) {
    return parts.size() != 2 || parts[0].bracketed || parts[1].bracketed;
}

template <>
struct action<r::order_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::Order>(b, in);
        const auto& t = b.toks;
        s.keyword = b.ident(t.at(0));
        std::size_t i = 1;
        std::vector<ast::ResourceSet> parts = read_operands(b, i, "then", vocab::order_actions);
        if (set_form(parts)) {
            s.sets = std::move(parts);
        } else {
            s.first = std::move(parts[0].members[0]);
            s.first_action = std::move(parts[0].qualifier);
            s.then = std::move(parts[1].members[0]);
            s.then_action = std::move(parts[1].qualifier);
        }
        for (; i < t.size(); ++i) {
            if (t[i].text == "id" && i + 1 < t.size() && !t[i + 1].is_ident) {
                set_once(b, s.id, t[i], b.value(t[i + 1]));
                ++i;
            } else {
                set_once(b, s.kind, t[i], b.ident(t[i]));
            }
        }
        b.add_top(std::move(s), in.end());
    }
};

template <>
struct action<r::colocate_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::Colocate>(b, in);
        const auto& t = b.toks;
        s.keyword = b.ident(t.at(0));
        std::size_t i = 1;
        std::vector<ast::ResourceSet> parts = read_operands(b, i, "with", vocab::constraint_roles);
        if (set_form(parts)) {
            s.sets = std::move(parts);
        } else {
            s.rsc = std::move(parts[0].members[0]);
            s.rsc_role = std::move(parts[0].qualifier);
            s.with = std::move(parts[1].members[0]);
            s.with_role = std::move(parts[1].qualifier);
        }
        for (; i + 1 < t.size(); i += 2) {
            if (t[i].text == "score") set_once(b, s.score, t[i], b.value(t[i + 1]));
            else set_once(b, s.id, t[i], b.value(t[i + 1]));
        }
        b.add_top(std::move(s), in.end());
    }
};

// ---- route statements ----
template <>
struct action<r::via_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::ViaStmt>(b, in);
        const auto& t = b.toks;
        s.keyword = b.ident(t.at(0));
        s.kind = b.ident(t.at(1));
        for (std::size_t i = 2; i + 1 < t.size(); i += 2) {
            const std::string& k = t[i].text;
            if (k == "backend") s.backend = b.ident(t[i + 1]);
            else if (k == "socket") s.socket = b.value(t[i + 1]);
            else if (k == "address") s.address = b.value(t[i + 1]);
            else if (k == "drain") s.drain_cmd = b.value(t[i + 1]);
            else if (k == "ready") s.ready_cmd = b.value(t[i + 1]);
            else if (k == "zone") s.zone = b.ident(t[i + 1]);
            else if (k == "name") s.record = b.ident(t[i + 1]);
            else if (k == "server") s.dns_server = b.value(t[i + 1]);
            else if (k == "key") s.key = b.value(t[i + 1]);
            else if (k == "ttl") s.ttl = b.value(t[i + 1]);
            else if (k == "upstream") s.upstream = b.ident(t[i + 1]);
            else if (k == "file") s.file = b.value(t[i + 1]);
            else if (k == "config") s.config = b.value(t[i + 1]);
        }
        b.add(b.route->items, std::move(s), in.end());
    }
};

template <>
struct action<r::server_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::ServerStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        s.node = b.ident(b.toks.at(1));
        s.server = b.value(b.toks.at(2));
        b.add(b.route->items, std::move(s), in.end());
    }
};

template <>
struct action<r::drain_body> {
    template <class In>
    static void apply(const In& in, Builder& b) {
        auto s = start<ast::DrainStmt>(b, in);
        s.keyword = b.ident(b.toks.at(0));
        s.duration = b.value(b.toks.at(1));
        b.add(b.route->items, std::move(s), in.end());
    }
};

}  // namespace

void run_grammar(const char* begin, const char* end, Builder& b) {
    using Input = tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy, tao::pegtl::eol::lf_crlf, const char*>;
    Input in(begin, end, "aa");
    tao::pegtl::parse<rules::file, action, control>(in, b);
}

}  // namespace aa::grammar
