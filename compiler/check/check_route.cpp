// `route SERVICE { via ... server ... drain ... }`: how the router learns which nodes serve.
#include <arpa/inet.h>

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

// RFC 1035 host names: labels of letters, digits and inner hyphens, 63 bytes each, 253 in all.
// BIND's check-names refuses anything else as the owner of an A or AAAA record.
bool valid_dns_name(std::string name) {
    if (!name.empty() && name.back() == '.') name.pop_back();
    if (name.empty() || name.size() > 253) return false;
    std::size_t start = 0;
    for (;;) {
        std::size_t dot = name.find('.', start);
        std::string label = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) return false;
        if (dot == std::string::npos) return true;
        start = dot + 1;
    }
}

bool ip_literal(const std::string& a) {
    unsigned char buf[16];
    return ::inet_pton(AF_INET, a.c_str(), buf) == 1 || ::inet_pton(AF_INET6, a.c_str(), buf) == 1;
}

// "ADDR:PORT" with ADDR an IPv4 address or a bracketed IPv6 one; `names` also admits a host name.
bool valid_endpoint(const std::string& a, bool names) {
    if (!valid_address(a)) return false;
    std::string host = a.substr(0, a.rfind(':'));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        unsigned char buf[16];
        return ::inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), buf) == 1;
    }
    unsigned char buf[4];
    if (::inet_pton(AF_INET, host.c_str(), buf) == 1) return true;
    return names && valid_dns_name(host);
}

void require_absolute(Context& cx, const Maybe<ast::Value>& v, const std::string& what, const std::string& route) {
    if (v && (v->text.empty() || v->text.front() != '/'))
        cx.diags.error("E076", v->span,
                       what + " " + q(v->text) + " of route " + q(route) +
                           " is not an absolute path; the alert agent and `aa apply` run from other directories");
}

void check_dns(Context& cx, const ast::ViaStmt& v, const std::string& route, model::Route& out) {
    out.via = model::Route::Via::Dns;
    bool names_ok = true;
    for (const ast::Ident* id : {&*v.zone, &*v.record}) {
        if (valid_dns_name(id->text)) continue;
        names_ok = false;
        cx.diags.error("E072", id->span,
                       std::string(id == &*v.zone ? "zone " : "record name ") + q(id->text) + " of route " + q(route) +
                           " is not a DNS host name (labels of letters, digits and inner hyphens, at most 63 "
                           "characters each)");
    }
    out.zone = v.zone->text;
    if (!out.zone.empty() && out.zone.back() == '.') out.zone.pop_back();
    if (names_ok) out.backend = v.record->text + "." + out.zone;
    if (!valid_endpoint(v.dns_server->text, false))
        cx.diags.error("E073", v.dns_server->span,
                       "DNS server " + q(v.dns_server->text) + " of route " + q(route) +
                           " is not ADDR:PORT with an IP address (IPv6 in brackets), like \"127.0.0.1:53\"");
    out.dns_server = v.dns_server->text;
    require_absolute(cx, v.key, "key file", route);
    out.key_file = v.key->text;
    if (auto ms = read_duration(cx, *v.ttl, {"ttl", "route", route})) {
        if (*ms % 1000 != 0 || *ms / 1000 > 2147483647)
            cx.diags.error("E075", v.ttl->span,
                           "ttl " + v.ttl->raw + " of route " + q(route) +
                               " is not a whole number of seconds between 1s and 2147483647s (DNS TTLs are seconds)");
        else out.ttl_s = static_cast<std::uint64_t>(*ms / 1000);
    }
}

void check_nginx(Context& cx, const ast::ViaStmt& v, const std::string& route, model::Route& out) {
    out.via = model::Route::Via::Nginx;
    out.backend = v.upstream->text;
    require_absolute(cx, v.file, "upstream file", route);
    require_absolute(cx, v.config, "nginx configuration", route);
    out.upstream_file = v.file->text;
    if (v.config) out.nginx_config = v.config->text;
}

void check_via(Context& cx, const ast::Route& r, const RouteParts& p, model::Route& out) {
    const ast::ViaStmt* via = only_one(cx, p.vias, r.service.text, "via");
    if (!via) {
        cx.diags.error("E050", r.service.span,
                       "route " + q(r.service.text) + " has no `via`; say which router: `via haproxy ...`, `via dns ...`, `via nginx ...` or `via command ...`");
        return;
    }
    if (via->kind.text == "haproxy") check_haproxy(cx, *via, r.service.text, out);
    else if (via->kind.text == "command") check_command(cx, *via, r.service.text, out);
    else if (via->kind.text == "dns") check_dns(cx, *via, r.service.text, out);
    else if (via->kind.text == "nginx") check_nginx(cx, *via, r.service.text, out);
    else {
        auto& d = cx.diags.error("E051", via->kind.span,
                                 "unknown router " + q(via->kind.text) + "; use haproxy, dns, nginx or command");
        if (auto s = suggest_from(via->kind.text, vocab::routers)) d.fixit = FixIt{*s};
    }
}

// What a `server` line names depends on the router: a server of HAProxy's backend (or of the
// operator's commands), the address DNS publishes, the ADDR:PORT nginx sends to. Each value ends
// up in a command or a file, so each is held to its router's syntax here.
void check_server_value(Context& cx, const ast::ServerStmt& s, const std::string& route, model::Route::Via via) {
    const std::string& v = s.server.text;
    using Via = model::Route::Via;
    if (via == Via::Dns && !ip_literal(v))
        cx.diags.error("E074", s.server.span,
                       "server " + q(v) + " of node " + q(s.node.text) + " in route " + q(route) +
                           " is not an IPv4 or IPv6 address; `via dns` publishes it as an A or AAAA record");
    if (via == Via::Nginx && !valid_endpoint(v, true))
        cx.diags.error("E077", s.server.span,
                       "server " + q(v) + " of node " + q(s.node.text) + " in route " + q(route) +
                           " is not ADDR:PORT (an IPv4 address, [IPv6] or host name, then the port), like "
                           "\"10.0.0.1:8080\"");
    if ((via == Via::Haproxy || via == Via::Command) && s.server.kind == ast::ValueKind::String)
        cx.diags.error("E078", s.server.span,
                       "server " + q(v) + " of route " + q(route) +
                           " is quoted; HAProxy and command routes name servers with a bare name, like app1");
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
        check_server_value(cx, *s, route, out.via);
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
    if (drain) {
        out.drain = drain->duration.text;
        if (auto ms = read_duration(cx, drain->duration, {"drain", "route", r.service.text}))
            out.drain_ms = static_cast<std::uint64_t>(*ms);
    }
    // Resolvers answer from cache for up to the TTL after a record is withdrawn: a DNS drain is
    // never shorter than the TTL.
    if (out.via != model::Route::Via::Dns || out.ttl_s == 0 || out.drain_ms >= out.ttl_s * 1000) return;
    if (drain && out.drain_ms > 0)
        cx.diags.warning("W080", drain->duration.span,
                         "drain " + drain->duration.raw + " of route " + q(r.service.text) + " is shorter than its ttl " +
                             std::to_string(out.ttl_s) + "s; resolvers may answer from cache that long, so the drain "
                             "waits " + std::to_string(out.ttl_s) + "s");
    out.drain_ms = out.ttl_s * 1000;
    out.drain = std::to_string(out.ttl_s) + "s";
}

}  // namespace

void check_routes(Context& cx, const std::vector<const ast::Route*>& routes) {
    SeenOnce<std::string_view> seen;
    for (const ast::Route* r : routes) {
        const model::Service* svc = require_service(cx, r->service, "`route`");
        if (svc && svc->fence()) {
            cx.diags.error("E156", r->service.span,
                           "route for fence device " + q(svc->name) + "; a fence device serves no requests, so it is "
                           "never routed");
            svc = nullptr;
        }
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
