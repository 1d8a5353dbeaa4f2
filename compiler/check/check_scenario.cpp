#include "compiler/check/check_scenario.hpp"

#include <algorithm>
#include <map>
#include <variant>

#include "compiler/diag/suggest.hpp"

namespace aa {
namespace {

using scenario::Event;
using scenario::Expectation;

std::string words_text(const std::vector<ast::Value>& words) {
    std::string s;
    for (const ast::Value& w : words) s += (s.empty() ? "" : " ") + w.raw;
    return s;
}

class TestChecker {
public:
    TestChecker(const model::Model& m, const SourceSet& sources, Diagnostics& diags)
        : m_(m), sources_(sources), diags_(diags) {
        for (const model::Service& s : m.services) services_.push_back(s.name);
    }

    bool known_service(const ast::Ident& id) {
        if (m_.find_service(id.text)) return true;
        Diagnostic& d = diags_.error("E185", id.span, "the spec has no service `" + id.text + "`");
        if (auto near = suggest_from(id.text, services_)) d.fixit = FixIt{*near};
        return false;
    }
    bool known_node(const ast::Ident& id) {
        if (std::find(m_.nodes.begin(), m_.nodes.end(), id.text) != m_.nodes.end()) return true;
        Diagnostic& d = diags_.error("E186", id.span, "the cluster `" + m_.cluster + "` has no node `" + id.text + "`");
        if (auto near = suggest_from(id.text, m_.nodes)) d.fixit = FixIt{*near};
        return false;
    }
    bool known_nodes(const std::vector<ast::Ident>& ids) {
        bool ok = true;
        for (const ast::Ident& id : ids) ok &= known_node(id);
        return ok;
    }

    std::optional<int> count(const ast::Value& v, int minimum, const char* what) {
        long n = std::strtol(v.text.c_str(), nullptr, 10);
        if (v.text.size() > 6 || n < minimum || n > 100000) {
            diags_.error("E194", v.span, std::string(what) + " must be a number from " + std::to_string(minimum) +
                                              " to 100000, not " + v.raw);
            return std::nullopt;
        }
        return static_cast<int>(n);
    }

    std::optional<Event> event(const ast::StateStmt& st) {
        Event e;
        e.text = st.key ? st.keyword.text + " " + st.subject.text + " attribute " + st.key->text + " = " + st.value->raw
                        : words_text(st.words);
        e.span = st.span;
        const std::string& s = st.state.text;
        if (s == "failed" || s == "fails") {
            bool ok = known_service(st.subject);
            ok &= known_node(*st.node);
            e.kind = Event::Kind::Failure;
            e.service = st.subject.text;
            e.node = st.node->text;
            if (st.count) {
                auto n = count(*st.count, 1, "a failure count");
                if (!n) return std::nullopt;
                e.count = *n;
            }
            return ok ? std::optional(e) : std::nullopt;
        }
        if (!known_node(st.subject)) return std::nullopt;
        e.node = st.subject.text;
        static const std::map<std::string, Event::Kind> kinds = {
            {"down", Event::Kind::NodeDown},        {"up", Event::Kind::NodeUp},
            {"standby", Event::Kind::Standby},      {"unstandby", Event::Kind::Unstandby},
            {"maintenance", Event::Kind::Maintenance}, {"unmaintenance", Event::Kind::Unmaintenance},
            {"attribute", Event::Kind::Attribute}};
        e.kind = kinds.at(s);
        if (st.key) {
            e.key = st.key->text;
            e.value = st.value->text;
        }
        return e;
    }

    const model::Route* route_of(const ast::Ident& service) {
        for (const model::Route& r : m_.routes)
            if (r.service == service.text) return &r;
        diags_.error("E188", service.span, "service `" + service.text + "` has no `route`; a routing expectation needs one");
        return nullptr;
    }

    std::optional<Expectation> expectation(const ast::ExpectStmt& st) {
        using K = ast::ExpectStmt::Kind;
        Expectation x;
        x.kind = static_cast<Expectation::Kind>(static_cast<int>(st.kind));
        x.text = words_text(st.words);
        x.span = st.span;
        x.comparison = st.comparison;
        x.negated = st.negated;
        if (st.role) x.role = st.role->text;
        if (st.action) x.action = st.action->text;
        bool ok = true;
        if (st.service) {
            ok &= known_service(*st.service);
            if (ok) {
                x.service = st.service->text;
                x.resource = m_.find_service(x.service)->resource_id();
            }
        }
        if (st.count) {
            auto n = count(*st.count, 0, "a count");
            ok &= n.has_value();
            if (n) x.count = *n;
        }
        if (st.kind == K::RouteReady || st.kind == K::RouteCount) {
            const model::Route* r = ok ? route_of(*st.service) : nullptr;
            ok &= r != nullptr;
            if (r && st.kind == K::RouteReady) {
                std::vector<std::string> servers;
                for (const model::Server& s : r->servers) servers.push_back(s.name);
                for (const ast::Ident& n : st.names) {
                    if (std::find(servers.begin(), servers.end(), n.text) != servers.end()) continue;
                    Diagnostic& d = diags_.error("E189", n.span, "route `" + r->service + "` has no server `" + n.text + "`");
                    if (auto near = suggest_from(n.text, servers)) d.fixit = FixIt{*near};
                    ok = false;
                }
            }
        } else {
            ok &= known_nodes(st.names);
        }
        for (const ast::Ident& n : st.names) x.names.push_back(n.text);
        std::sort(x.names.begin(), x.names.end());
        return ok ? std::optional(x) : std::nullopt;
    }

    scenario::Scenario test(const ast::Test& t, const std::string& path) {
        scenario::Scenario sc;
        sc.name = t.name.text;
        sc.file = path;
        sc.span = t.keyword.span;
        sc.stages.emplace_back();
        bool expects = false;
        for (const ast::TestItem& item : t.items) {
            if (const auto* st = std::get_if<ast::StateStmt>(&item)) {
                auto e = event(*st);
                if (st->keyword.text == "given") {
                    if (sc.stages.size() > 1)
                        diags_.error("E193", st->keyword.span,
                                     "`given` describes the starting state; put it before the first `when`");
                    if (e) sc.given.push_back(std::move(*e));
                } else if (e) {
                    scenario::Stage stage;
                    stage.has_event = true;
                    stage.event = std::move(*e);
                    sc.stages.push_back(std::move(stage));
                }
            } else if (const auto* ex = std::get_if<ast::ExpectStmt>(&item)) {
                expects = true;
                if (auto x = expectation(*ex)) sc.stages.back().expectations.push_back(std::move(*x));
            } else {
                const auto& g = std::get<ast::GoldenStmt>(item);
                sc.golden = true;
                sc.golden_span = g.keyword.span;
            }
        }
        if (!expects && !sc.golden)
            diags_.warning("W075", t.keyword.span, "test \"" + sc.name + "\" expects nothing: it cannot fail");
        return sc;
    }

private:
    const model::Model& m_;
    const SourceSet& sources_;
    Diagnostics& diags_;
    std::vector<std::string> services_;
};

}  // namespace

std::vector<scenario::Scenario> check_tests(const std::vector<ast::TestFile>& files, const model::Model& model,
                                            const SourceSet& sources, Diagnostics& diags) {
    TestChecker c(model, sources, diags);
    std::vector<scenario::Scenario> out;
    std::map<std::string, Span> names;
    for (const ast::TestFile& f : files) {
        for (const ast::Test& t : f.tests) {
            auto [it, fresh] = names.emplace(t.name.text, t.name.span);
            if (!fresh) {
                Diagnostic& d = diags.error("E187", t.name.span, "a test named " + t.name.raw + " already exists");
                d.notes.push_back({"the first one is here", it->second});
                continue;
            }
            out.push_back(c.test(t, sources.file(f.source).path));
        }
    }
    return out;
}

}  // namespace aa
