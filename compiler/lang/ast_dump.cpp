#include "compiler/lang/ast_dump.hpp"
#include "compiler/lang/rule_text.hpp"
#include "compiler/lang/set_text.hpp"

#include <type_traits>

namespace aa {
namespace {

class Dumper {
public:
    explicit Dumper(bool spans) : spans_(spans) {}
    std::string out;

    void items(const std::vector<ast::TopItem>& v) {
        for (const auto& item : v) std::visit([&](const auto& n) { node(n); }, item);
    }
    void comments(const std::vector<ast::Comment>& v, int depth) {
        for (const auto& c : v) line(depth, c.text, c.span);
    }

private:
    bool spans_;
    int depth_ = 0;

    void line(int depth, const std::string& text, const Span& span) {
        out.append(static_cast<std::size_t>(depth) * 2, ' ');
        out += text;
        if (spans_ && span.valid()) out += " @" + std::to_string(span.line) + ":" + std::to_string(span.column);
        out += '\n';
    }

    // Leading trivia, the node's line, then its trailing comment.
    void stmt(const ast::Node& n, const std::string& text) {
        if (n.trivia.blank_line_before) line(depth_, "<blank>", {});
        comments(n.trivia.leading, depth_);
        line(depth_, text, n.span);
        if (n.trivia.trailing) line(depth_ + 1, "#< " + n.trivia.trailing->text, n.trivia.trailing->span);
    }

    template <class Items>
    void block(const ast::Node& n, const std::string& text, const Items& items,
               const std::vector<ast::Comment>& end) {
        stmt(n, text);
        ++depth_;
        for (const auto& item : items) {
            if constexpr (requires { std::visit([](const auto&) {}, item); })
                std::visit([&](const auto& x) { node(x); }, item);
            else
                node(item);
        }
        comments(end, depth_);
        --depth_;
    }

    static std::string opt(const char* key, const Maybe<ast::Value>& v) {
        return v ? std::string(" ") + key + "=" + v->raw : "";
    }
    static std::string opt(const char* key, const Maybe<ast::Ident>& v) {
        return v ? std::string(" ") + key + "=" + v->text : "";
    }

    void node(const ast::Cluster& n) { block(n, "cluster " + n.name.text, n.items, n.end_comments); }
    void node(const ast::NodesStmt& n) {
        std::string s = "nodes";
        for (const auto& x : n.nodes) s += " " + x.text;
        stmt(n, s);
    }
    void node(const ast::PropertyStmt& n) { stmt(n, "property " + n.key.text + " = " + n.value.raw); }
    void node(const ast::Defaults& n) { block(n, "defaults", n.items, n.end_comments); }
    void node(const ast::DefaultStmt& n) { stmt(n, n.scope.text + " " + n.key.text + " = " + n.value.raw); }
    void node(const ast::Service& n) { block(n, n.keyword.text + " " + n.name.text, n.items, n.end_comments); }
    void node(const ast::HostsStmt& n) {
        std::string s = "hosts";
        for (const auto& x : n.hosts) s += " " + x.text;
        stmt(n, s);
    }
    void node(const ast::HostMapStmt& n) { stmt(n, "host-map " + n.node.text + " = " + n.port.raw); }
    void node(const ast::DelayMaxStmt& n) { stmt(n, "delay-max " + n.delay.raw); }
    void node(const ast::Fencing& n) { block(n, "fencing", n.items, n.end_comments); }
    void node(const ast::LevelStmt& n) {
        std::string s = "level " + n.index.raw;
        if (n.pattern) s += " pattern=" + n.pattern->raw;
        else if (n.attribute) s += " attribute=" + n.attribute->text + "=" + n.attribute_value->raw;
        else s += " node=" + n.node.text;
        for (const auto& x : n.devices) s += " " + x.text;
        stmt(n, s + opt("id", n.id));
    }
    void node(const ast::UnitStmt& n) { stmt(n, "unit " + n.unit.raw); }
    void node(const ast::AgentStmt& n) { stmt(n, "agent " + n.agent.raw); }
    void node(const ast::ParamStmt& n) { stmt(n, "param " + n.key.text + " = " + n.value.raw); }
    void node(const ast::MetaStmt& n) { stmt(n, n.keyword.text + " " + n.key.text + " = " + n.value.raw); }
    void node(const ast::MonitorStmt& n) {
        stmt(n, "monitor every=" + n.interval.raw + opt("timeout", n.timeout) + opt("on-fail", n.on_fail) +
                    opt("role", n.role) + opt("id", n.id));
    }
    void node(const ast::OpTimeoutStmt& n) { stmt(n, n.op.text + " timeout=" + n.timeout.raw + opt("id", n.id)); }
    void node(const ast::ParallelSafeStmt& n) { stmt(n, "parallel-safe"); }
    void node(const ast::CloneStmt& n) {
        block(n, n.keyword.text + (n.block ? " (block)" : " (inline)"), n.items, n.end_comments);
    }
    void node(const ast::CloneItem& n) {
        switch (n.kind) {
            case ast::CloneItem::Kind::Meta: return stmt(n, "meta " + n.key.text + " = " + n.value.raw);
            case ast::CloneItem::Kind::Flag: return stmt(n, n.keyword.text);
            default: return stmt(n, n.keyword.text + " " + n.value.raw);
        }
    }
    void node(const ast::LocationStmt& n) {
        if (n.rule())
            return stmt(n, n.keyword.text + " " + rule_text(n) + opt("score", n.score) +
                               opt("score-attribute", n.score_attribute) + opt("role", n.role) + opt("id", n.id));
        stmt(n, n.keyword.text + " " + n.node.text + opt("score", n.score) + opt("id", n.id));
    }
    void node(const ast::Order& n) {
        if (!n.sets.empty()) return stmt(n, "order sets " + sets_text(n.sets, "then") + opt("kind", n.kind) + opt("id", n.id));
        stmt(n, "order " + n.first.text + " then " + n.then.text + opt("first-action", n.first_action) +
                    opt("then-action", n.then_action) + opt("kind", n.kind) + opt("id", n.id));
    }
    void node(const ast::Colocate& n) {
        if (!n.sets.empty()) return stmt(n, "colocate sets " + sets_text(n.sets, "with") + opt("score", n.score) + opt("id", n.id));
        stmt(n, "colocate " + n.rsc.text + " with " + n.with.text + opt("rsc-role", n.rsc_role) +
                    opt("with-role", n.with_role) + opt("score", n.score) + opt("id", n.id));
    }
    void node(const ast::Group& n) { block(n, "group " + n.name.text, n.items, n.end_comments); }
    void node(const ast::MembersStmt& n) {
        std::string s = "members";
        for (const auto& x : n.members) s += " " + x.text;
        stmt(n, s);
    }
    void node(const ast::Route& n) { block(n, "route " + n.service.text, n.items, n.end_comments); }
    void node(const ast::ViaStmt& n) {
        stmt(n, "via " + n.kind.text + opt("backend", n.backend) + opt("socket", n.socket) +
                    opt("address", n.address) + opt("drain", n.drain_cmd) + opt("ready", n.ready_cmd) +
                    opt("zone", n.zone) + opt("name", n.record) + opt("server", n.dns_server) + opt("key", n.key) +
                    opt("ttl", n.ttl) + opt("upstream", n.upstream) + opt("file", n.file) + opt("config", n.config));
    }
    void node(const ast::ServerStmt& n) { stmt(n, "server " + n.node.text + " " + n.server.raw); }
    void node(const ast::DrainStmt& n) { stmt(n, "drain " + n.duration.raw); }
};

}  // namespace

std::string dump_ast(const ast::File& f, const SourceSet& s, bool with_spans) {
    Dumper d(with_spans);
    d.items(f.items);
    d.comments(f.end_comments, 0);
    return std::move(d.out);
}

}  // namespace aa
