// `route SERVICE { via ... server ... drain ... }`: how the router learns which nodes serve.
#include <charconv>

#include "compiler/check/check_context.hpp"
#include "compiler/diag/suggest.hpp"
#include "compiler/lang/vocabulary.hpp"

namespace aa::checker {
namespace {

struct RouteParts {
    std::vector<const ast::ViaStmt*> vias;
    std::vector<const ast::ServerStmt*> servers;
    std::vector<const ast::DrainStmt*> drains;
};

RouteParts sort_parts(const ast::Route& r) {
    RouteParts p;
    for (const ast::RouteItem& item : r.items) {
        if (const auto* v = std::get_if<ast::ViaStmt>(&item)) p.vias.push_back(v);
        else if (const auto* s = std::get_if<ast::ServerStmt>(&item)) p.servers.push_back(s);
        else if (const auto* d = std::get_if<ast::DrainStmt>(&item)) p.drains.push_back(d);
    }
    return p;
}

template <class T>
const T* only_one(Context& cx, const std::vector<const T*>& v, const std::string& route, const std::string& what) {
    for (std::size_t i = 1; i < v.size(); ++i)
        cx.diags.error("E014", v[i]->keyword.span, "route " + q(route) + " has a second `" + what + "`")
            .notes.push_back(note_at("first `" + what + "` here", v[0]->keyword.span));
    return v.empty() ? nullptr : v[0];
}

// A command template may use {node}, {server} and {backend}; anything else would reach the shell verbatim.
void check_placeholders(Context& cx, const ast::Value& v, const std::string& route) {
    static constexpr std::array<std::string_view, 3> known = {"node", "server", "backend"};
    const std::string& t = v.text;
    for (std::size_t open = t.find('{'); open != std::string::npos; open = t.find('{', open + 1)) {
        std::size_t close = t.find('}', open);
        if (close == std::string::npos) break;
        std::string name = t.substr(open + 1, close - open - 1);
        if (contains(known, name)) continue;
        auto& d = cx.diags.warning("W008", v.span,
                                   "command of route " + q(route) + " uses {" + name +
                                       "}, which is not substituted (known: {node}, {server}, {backend})");
        if (auto s = suggest_from(name, known)) d.fixit = FixIt{"{" + *s + "}"};
    }
}

bool valid_address(const std::string& a) {
    std::size_t colon = a.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    int port = 0;
    auto [p, ec] = std::from_chars(a.data() + colon + 1, a.data() + a.size(), port);
    return ec == std::errc() && p == a.data() + a.size() && port > 0 && port < 65536;
}

void check_haproxy(Context& cx, const ast::ViaStmt& v, const std::string& route, model::Route& out) {
    out.via = model::Route::Via::Haproxy;
    const std::string of = "`via haproxy` of route " + q(route);
    if (!v.backend) cx.diags.error("E050", v.kind.span, of + " names no backend; add `backend NAME`");
    else out.backend = v.backend->text;
    if (!v.socket && !v.address)
        cx.diags.error("E050", v.kind.span,
                       of + " says neither `socket \"PATH\"` nor `address HOST:PORT` of the HAProxy runtime API");
    if (v.socket && v.address)
        cx.diags.error("E050", v.address->span, of + " gives both a socket and an address; keep one")
            .notes.push_back(note_at("socket given here", v.socket->span));
    if (v.socket) out.socket = v.socket->text;
    if (v.address) {
        if (!valid_address(v.address->text))
            cx.diags.error("E052", v.address->span,
                           "address " + q(v.address->text) + " of route " + q(route) + " is not HOST:PORT");
        out.address = v.address->text;
    }
}

void check_command(Context& cx, const ast::ViaStmt& v, const std::string& route, model::Route& out) {
    out.via = model::Route::Via::Command;
    const std::string of = "`via command` of route " + q(route);
    if (!v.drain_cmd) cx.diags.error("E050", v.kind.span, of + " has no `drain \"COMMAND\"`");
    if (!v.ready_cmd) cx.diags.error("E050", v.kind.span, of + " has no `ready \"COMMAND\"`");
    if (v.drain_cmd) {
        check_placeholders(cx, *v.drain_cmd, route);
        out.drain_cmd = v.drain_cmd->text;
    }
    if (v.ready_cmd) {
        check_placeholders(cx, *v.ready_cmd, route);
        out.ready_cmd = v.ready_cmd->text;
    }
}

void check_via(Context& cx, const ast::Route& r, const RouteParts& p, model::Route& out) {
    const ast::ViaStmt* via = only_one(cx, p.vias, r.service.text, "via");
    if (!via) {
        cx.diags.error("E050", r.service.span,
                       "route " + q(r.service.text) + " has no `via`; say which router: `via haproxy ...` or `via command ...`");
        return;
    }
    if (via->kind.text == "haproxy") check_haproxy(cx, *via, r.service.text, out);
    else if (via->kind.text == "command") check_command(cx, *via, r.service.text, out);
    else {
        auto& d = cx.diags.error("E051", via->kind.span, "unknown router " + q(via->kind.text) + "; use haproxy or command");
        if (auto s = suggest_from(via->kind.text, vocab::routers)) d.fixit = FixIt{*s};
    }
}

void check_servers(Context& cx, const ast::Route& r, const RouteParts& p, const ServiceFacts* facts, model::Route& out) {
    const std::string& route = r.service.text;
    if (p.servers.empty()) {
        cx.diags.error("E050", r.service.span, "route " + q(route) + " declares no `server NODE NAME`");
        return;
    }
    SeenOnce<std::string_view> nodes, names;
    for (const ast::ServerStmt* s : p.servers) {
        require_node(cx, s->node, {"`server`", "route", route});
        bool fresh_node = nodes.add(cx, s->node.text, s->node.span, [&] {
            return "node " + q(s->node.text) + " has a second server in route " + q(route);
        });
        bool fresh_name = names.add(cx, s->server.text, s->server.span, [&] {
            return "server " + q(s->server.text) + " is named twice in route " + q(route);
        });
        if (fresh_node && fresh_name) out.servers.push_back({s->node.text, s->server.text});
    }
    if (!cx.have_cluster || !facts) return;  // an undefined service already has its error
    // Nodes the service avoids never run it, so they need no server.
    // Every `server` line counts, even one already reported as a duplicate: no cascade of warnings.
    std::unordered_set<std::string_view> served;
    for (const ast::ServerStmt* s : p.servers) served.insert(s->node.text);
    std::string missing;
    std::size_t count = 0;
    for (const std::string& n : cx.model.nodes) {
        if (served.count(n) || (facts && facts->avoided.count(n))) continue;
        missing += (count++ ? ", " : "") + q(n);
    }
    if (count)
        cx.diags.warning("W002", r.service.span,
                         std::string(count == 1 ? "node " : "nodes ") + missing + " of cluster " + q(cx.model.cluster) +
                             (count == 1 ? " has" : " have") + " no server in route " + q(route) +
                             "; the router will never send " + (count == 1 ? "it" : "them") + " traffic");
}

void check_drain(Context& cx, const ast::Route& r, const RouteParts& p, model::Route& out) {
    const ast::DrainStmt* drain = only_one(cx, p.drains, r.service.text, "drain");
    if (!drain) return;
    out.drain = drain->duration.text;
    if (auto ms = read_duration(cx, drain->duration, {"drain", "route", r.service.text}))
        out.drain_ms = static_cast<std::uint64_t>(*ms);
}

}  // namespace

void check_routes(Context& cx, const std::vector<const ast::Route*>& routes) {
    SeenOnce<std::string_view> seen;
    for (const ast::Route* r : routes) {
        const model::Service* svc = require_service(cx, r->service, "`route`");
        bool fresh = seen.add(cx, r->service.text, r->service.span,
                              [&] { return "service " + q(r->service.text) + " has a second route"; });
        if (svc && !svc->clone)
            cx.diags.warning("W001", r->service.span,
                             "route for service " + q(svc->name) +
                                 ", which is not cloned: it runs on one node at a time");
        const ServiceFacts* facts = svc ? &cx.facts_of(svc) : nullptr;
        RouteParts p = sort_parts(*r);
        model::Route out;
        out.service = r->service.text;
        out.span = r->span;
        check_via(cx, *r, p, out);
        check_servers(cx, *r, p, facts, out);
        check_drain(cx, *r, p, out);
        if (fresh) cx.model.routes.push_back(std::move(out));
    }
}

}  // namespace aa::checker
