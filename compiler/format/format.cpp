// The canonical printer behind `aa fmt`; the layout rules are in format.hpp.
#include "compiler/format/format.hpp"

#include <algorithm>
#include <span>
#include <string_view>
#include <variant>

#include "compiler/lang/rule_text.hpp"
#include "compiler/lang/set_text.hpp"
#include "compiler/lang/vocabulary.hpp"

namespace aa {
namespace {

constexpr std::size_t kCommentColumn = 43;  // 0-based: trailing comments start in column 44

template <class... F>
struct Overload : F... {
    using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

// Display width in code points, so a UTF-8 string does not push the comment column out.
std::size_t width(std::string_view s) {
    return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

std::string comment_text(const ast::Comment& c) {
    std::string_view t = c.text;
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n'))
        t.remove_suffix(1);
    return std::string(t);
}

// Position of `word` in a canonical-order list; unknown words sort last, keeping their order.
template <std::size_t N>
std::size_t rank_in(const std::array<std::string_view, N>& order, std::string_view word) {
    auto it = std::find(order.begin(), order.end(), word);
    return static_cast<std::size_t>(it - order.begin());
}

class Printer {
public:
    std::string take() { return std::move(out_); }

    void comments(int depth, const std::vector<ast::Comment>& cs) {
        for (const ast::Comment& c : cs) raw_line(depth, comment_text(c));
    }

    void line(int depth, const std::string& code, const Maybe<ast::Comment>& trailing) {
        std::string text = indent(depth) + code;
        if (trailing) {
            std::size_t w = width(text);
            text += w + 2 <= kCommentColumn ? std::string(kCommentColumn - w, ' ') : std::string(2, ' ');
            text += comment_text(*trailing);
        }
        out_ += text;
        out_ += '\n';
    }

    void blank() {
        if (!out_.empty() && !ends_with_blank()) out_ += '\n';
    }

    // A statement: its leading comments, then its line(s).
    void open(int depth, const ast::Node& n, bool allow_blank) {
        if (allow_blank && n.trivia.blank_line_before) blank();
        comments(depth, n.trivia.leading);
    }

private:
    static std::string indent(int depth) { return std::string(static_cast<std::size_t>(depth) * 2, ' '); }
    void raw_line(int depth, const std::string& text) {
        out_ += indent(depth) + text;
        out_ += '\n';
    }
    bool ends_with_blank() const { return out_.size() >= 2 && out_[out_.size() - 1] == '\n' && out_[out_.size() - 2] == '\n'; }

    std::string out_;
};

// ---- words of one statement ----

std::string kv(std::string_view keyword, const ast::Ident& key, const ast::Value& value) {
    return std::string(keyword) + " " + key.text + " = " + value.raw;
}

void append(std::string& s, std::string_view word) {
    s += ' ';
    s += word;
}

void append_id(std::string& s, const Maybe<ast::Value>& id) {
    if (id) append(s, "id " + id->raw);
}

std::string monitor_line(const ast::MonitorStmt& m) {
    std::string s = "monitor every " + m.interval.raw;
    if (m.timeout) append(s, "timeout " + m.timeout->raw);
    if (m.on_fail) append(s, "on-fail " + m.on_fail->text);
    if (m.role) append(s, "role " + m.role->text);
    append_id(s, m.id);
    return s;
}

std::string op_timeout_line(const ast::OpTimeoutStmt& o) {
    std::string s = o.op.text + " timeout " + o.timeout.raw;
    append_id(s, o.id);
    return s;
}

std::string location_line(const ast::LocationStmt& l) {
    std::string s = l.keyword.text + " " + (l.rule() ? rule_text(l) : l.node.text);
    if (l.score) append(s, "score " + l.score->raw);
    if (l.score_attribute) append(s, "score-attribute " + l.score_attribute->text);
    if (l.role) append(s, "role " + l.role->text);
    append_id(s, l.id);
    return s;
}

std::string clone_item_words(const ast::CloneItem& c) {
    using K = ast::CloneItem::Kind;
    switch (c.kind) {
    case K::Max: return "max " + c.value.raw;
    case K::PerNode: return "per-node " + c.value.raw;
    case K::PromotedMax: return "promoted-max " + c.value.raw;
    case K::PromotedPerNode: return "promoted-per-node " + c.value.raw;
    case K::Flag: return c.keyword.text;
    case K::Meta: return kv("meta", c.key, c.value);
    }
    return c.keyword.text;
}

std::string via_line(const ast::ViaStmt& v) {
    std::string s = "via " + v.kind.text;
    if (v.backend) append(s, "backend " + v.backend->text);
    if (v.socket) append(s, "socket " + v.socket->raw);
    if (v.address) append(s, "address " + v.address->raw);
    if (v.drain_cmd) append(s, "drain " + v.drain_cmd->raw);
    if (v.ready_cmd) append(s, "ready " + v.ready_cmd->raw);
    if (v.zone) append(s, "zone " + v.zone->text);
    if (v.record) append(s, "name " + v.record->text);
    if (v.dns_server) append(s, "server " + v.dns_server->raw);
    if (v.key) append(s, "key " + v.key->raw);
    if (v.ttl) append(s, "ttl " + v.ttl->raw);
    if (v.upstream) append(s, "upstream " + v.upstream->text);
    if (v.file) append(s, "file " + v.file->raw);
    if (v.config) append(s, "config " + v.config->raw);
    return s;
}

// ---- canonical order inside blocks ----

std::size_t rank(const ast::ClusterItem& item) {
    return std::holds_alternative<ast::NodesStmt>(item) ? rank_in(vocab::cluster_items, "nodes")
                                                        : rank_in(vocab::cluster_items, "property");
}

std::size_t rank(const ast::DefaultStmt& d) { return rank_in(vocab::defaults_scopes, d.scope.text); }

std::string_view service_word(const ast::ServiceItem& item) {
    return std::visit(Overload{
        [](const ast::UnitStmt&) -> std::string_view { return "unit"; },
        [](const ast::AgentStmt&) -> std::string_view { return "agent"; },
        [](const ast::ParamStmt&) -> std::string_view { return "param"; },
        [](const ast::MonitorStmt&) -> std::string_view { return "monitor"; },
        [](const ast::OpTimeoutStmt& o) -> std::string_view { return o.op.text; },
        [](const ast::MetaStmt& m) -> std::string_view { return m.keyword.text; },
        [](const ast::ParallelSafeStmt&) -> std::string_view { return "parallel-safe"; },
        [](const ast::CloneStmt& c) -> std::string_view { return c.keyword.text; },
        [](const ast::LocationStmt& l) -> std::string_view { return l.keyword.text; },
        [](const ast::MembersStmt&) -> std::string_view { return "members"; },
        [](const ast::HostsStmt&) -> std::string_view { return "hosts"; },
        [](const ast::HostMapStmt&) -> std::string_view { return "host-map"; },
        [](const ast::DelayMaxStmt&) -> std::string_view { return "delay-max"; },
    }, item);
}

std::size_t rank(const ast::ServiceItem& item) { return rank_in(vocab::service_items, service_word(item)); }


std::size_t rank(const ast::CloneItem& c) {
    using K = ast::CloneItem::Kind;
    switch (c.kind) {
    case K::Max: return rank_in(vocab::clone_items, "max");
    case K::PerNode: return rank_in(vocab::clone_items, "per-node");
    case K::PromotedMax: return rank_in(vocab::clone_items, "promoted-max");
    case K::PromotedPerNode: return rank_in(vocab::clone_items, "promoted-per-node");
    case K::Flag: return rank_in(vocab::clone_items, c.keyword.text);
    case K::Meta: return rank_in(vocab::clone_items, "meta");
    }
    return vocab::clone_items.size();
}

std::size_t rank(const ast::RouteItem& item) {
    std::string_view word = std::visit(Overload{
        [](const ast::ViaStmt&) -> std::string_view { return "via"; },
        [](const ast::ServerStmt&) -> std::string_view { return "server"; },
        [](const ast::DrainStmt&) -> std::string_view { return "drain"; },
    }, item);
    return rank_in(vocab::route_items, word);
}

struct DefaultRank {
    template <class T>
    std::size_t operator()(const T& item) const { return rank(item); }
};
struct FenceRank {
    std::size_t operator()(const ast::ServiceItem& item) const { return rank_in(vocab::fence_items, service_word(item)); }
};
struct GroupRank {
    std::size_t operator()(const ast::ServiceItem& item) const { return rank_in(vocab::group_items, service_word(item)); }
};

template <class T, class Rank = DefaultRank>
std::vector<const T*> canonical(const std::vector<T>& items, Rank by = {}) {
    std::vector<const T*> sorted;
    for (const T& i : items) sorted.push_back(&i);
    std::stable_sort(sorted.begin(), sorted.end(), [&](const T* a, const T* b) { return by(*a) < by(*b); });
    return sorted;
}

template <class T>
const ast::Node& node(const T& item) {
    if constexpr (std::is_base_of_v<ast::Node, T>)
        return item;
    else
        return ast::node_of(item);
}

// Prints a block's sorted items with `print_one`, then its end comments and closing brace.
template <class T, class F, class Rank = DefaultRank>
void block_body(Printer& p, int depth, const std::vector<T>& items, const std::vector<ast::Comment>& end_comments,
                F print_one, Rank by = {}) {
    bool first = true;
    for (const T* item : canonical(items, by)) {
        p.open(depth + 1, node(*item), !first);
        print_one(*item);
        first = false;
    }
    p.comments(depth + 1, end_comments);
    p.line(depth, "}", std::nullopt);
}

// ---- statements ----

void print_clone(Printer& p, int depth, const ast::CloneStmt& c) {
    if (!c.block) {
        std::string s = c.keyword.text;
        for (const ast::CloneItem* item : canonical(c.items)) append(s, clone_item_words(*item));
        p.line(depth, s, c.trivia.trailing);
        return;
    }
    p.line(depth, c.keyword.text + " {", c.trivia.trailing);
    block_body(p, depth, c.items, c.end_comments,
               [&](const ast::CloneItem& item) { p.line(depth + 1, clone_item_words(item), item.trivia.trailing); });
}

void print_service_item(Printer& p, int depth, const ast::ServiceItem& item) {
    const auto& trailing = ast::node_of(item).trivia.trailing;
    std::visit(Overload{
        [&](const ast::UnitStmt& u) { p.line(depth, "unit " + u.unit.raw, trailing); },
        [&](const ast::AgentStmt& a) { p.line(depth, "agent " + a.agent.raw, trailing); },
        [&](const ast::ParamStmt& s) { p.line(depth, kv("param", s.key, s.value), trailing); },
        [&](const ast::MonitorStmt& m) { p.line(depth, monitor_line(m), trailing); },
        [&](const ast::OpTimeoutStmt& o) { p.line(depth, op_timeout_line(o), trailing); },
        [&](const ast::MetaStmt& s) { p.line(depth, kv(s.keyword.text, s.key, s.value), trailing); },
        [&](const ast::ParallelSafeStmt&) { p.line(depth, "parallel-safe", trailing); },
        [&](const ast::CloneStmt& c) { print_clone(p, depth, c); },
        [&](const ast::LocationStmt& l) { p.line(depth, location_line(l), trailing); },
        [&](const ast::MembersStmt& m) {
            std::string s = "members";
            for (const ast::Ident& id : m.members) append(s, id.text);
            p.line(depth, s, trailing);
        },
        [&](const ast::HostsStmt& h) {
            std::string s = "hosts";
            for (const ast::Ident& id : h.hosts) append(s, id.text);
            p.line(depth, s, trailing);
        },
        [&](const ast::HostMapStmt& h) { p.line(depth, "host-map " + h.node.text + " = " + h.port.raw, trailing); },
        [&](const ast::DelayMaxStmt& d) { p.line(depth, "delay-max " + d.delay.raw, trailing); },
    }, item);
}

std::string level_line(const ast::LevelStmt& l) {
    std::string s = "level " + l.index.raw;
    if (l.pattern) append(s, "pattern " + l.pattern->raw);
    else if (l.attribute) append(s, "attribute " + l.attribute->text + " = " + l.attribute_value->raw);
    else append(s, l.node.text);
    for (const ast::Ident& d : l.devices) append(s, d.text);
    append_id(s, l.id);
    return s;
}

// A set constraint's options after its operands, in the order of the v1 statements.
std::string set_statement(std::string s, const ast::Order& o) {
    if (o.kind) append(s, o.kind->text);
    append_id(s, o.id);
    return s;
}
std::string set_statement(std::string s, const ast::Colocate& c) {
    if (c.score) append(s, "score " + c.score->raw);
    append_id(s, c.id);
    return s;
}

void print_cluster_item(Printer& p, int depth, const ast::ClusterItem& item) {
    std::visit(Overload{
        [&](const ast::NodesStmt& n) {
            std::string s = "nodes";
            for (const ast::Ident& id : n.nodes) append(s, id.text);
            p.line(depth, s, n.trivia.trailing);
        },
        [&](const ast::PropertyStmt& s) { p.line(depth, kv("property", s.key, s.value), s.trivia.trailing); },
    }, item);
}

void print_route_item(Printer& p, int depth, const ast::RouteItem& item) {
    std::visit(Overload{
        [&](const ast::ViaStmt& v) { p.line(depth, via_line(v), v.trivia.trailing); },
        [&](const ast::ServerStmt& s) { p.line(depth, "server " + s.node.text + " " + s.server.raw, s.trivia.trailing); },
        [&](const ast::DrainStmt& d) { p.line(depth, "drain " + d.duration.raw, d.trivia.trailing); },
    }, item);
}

void print_top(Printer& p, const ast::TopItem& item) {
    std::visit(Overload{
        [&](const ast::Cluster& c) {
            p.line(0, "cluster " + c.name.text + " {", c.trivia.trailing);
            block_body(p, 0, c.items, c.end_comments,
                       [&](const ast::ClusterItem& i) { print_cluster_item(p, 1, i); });
        },
        [&](const ast::Defaults& d) {
            p.line(0, "defaults {", d.trivia.trailing);
            block_body(p, 0, d.items, d.end_comments, [&](const ast::DefaultStmt& s) {
                p.line(1, kv(s.scope.text, s.key, s.value), s.trivia.trailing);
            });
        },
        [&](const ast::Service& s) {
            p.line(0, s.keyword.text + " " + s.name.text + " {", s.trivia.trailing);
            auto item = [&](const ast::ServiceItem& i) { print_service_item(p, 1, i); };
            if (s.fence()) block_body(p, 0, s.items, s.end_comments, item, FenceRank{});
            else block_body(p, 0, s.items, s.end_comments, item);
        },
        [&](const ast::Fencing& f) {
            p.line(0, "fencing {", f.trivia.trailing);
            // Levels keep their written order: it is the order pcs adds them in, and the CIB's.
            block_body(p, 0, f.items, f.end_comments,
                       [&](const ast::LevelStmt& l) { p.line(1, level_line(l), l.trivia.trailing); },
                       [](const ast::LevelStmt&) { return std::size_t{0}; });
        },
        [&](const ast::Order& o) {
            if (!o.sets.empty()) return p.line(0, set_statement("order " + sets_text(o.sets, "then"), o), o.trivia.trailing);
            std::string s = "order " + o.first.text;
            if (o.first_action) append(s, o.first_action->text);
            append(s, "then " + o.then.text);
            if (o.then_action) append(s, o.then_action->text);
            if (o.kind) append(s, o.kind->text);
            append_id(s, o.id);
            p.line(0, s, o.trivia.trailing);
        },
        [&](const ast::Colocate& c) {
            if (!c.sets.empty()) return p.line(0, set_statement("colocate " + sets_text(c.sets, "with"), c), c.trivia.trailing);
            std::string s = "colocate " + c.rsc.text;
            if (c.rsc_role) append(s, c.rsc_role->text);
            append(s, "with " + c.with.text);
            if (c.with_role) append(s, c.with_role->text);
            if (c.score) append(s, "score " + c.score->raw);
            append_id(s, c.id);
            p.line(0, s, c.trivia.trailing);
        },
        [&](const ast::Group& g) {
            p.line(0, "group " + g.name.text + " {", g.trivia.trailing);
            block_body(p, 0, g.items, g.end_comments, [&](const ast::ServiceItem& i) { print_service_item(p, 1, i); },
                       GroupRank{});
        },
        [&](const ast::Route& r) {
            p.line(0, "route " + r.service.text + " {", r.trivia.trailing);
            block_body(p, 0, r.items, r.end_comments, [&](const ast::RouteItem& i) { print_route_item(p, 1, i); });
        },
    }, item);
}

}  // namespace

std::string format_file(const ast::File& file, const SourceSet& /*sources*/) {
    Printer p;
    for (const ast::TopItem& item : file.items) {
        p.blank();
        p.comments(0, ast::node_of(item).trivia.leading);
        print_top(p, item);
    }
    if (!file.end_comments.empty()) {
        p.blank();
        p.comments(0, file.end_comments);
    }
    return p.take();
}

}  // namespace aa
