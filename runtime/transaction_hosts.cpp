// The host side of the transaction: preconditions on every node, drain / disable / stop with each
// node's prior state recorded first, routing after the commit, and the rollback of what ran.
#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include <set>

#include "compiler/plan/actions.hpp"
#include "runtime/interrupt.hpp"
#include "runtime/transaction_parts.hpp"

namespace aa::runtime::detail {
namespace {

using Kind = plan::Action::Kind;

std::string first_word(const std::string& text) {
    auto b = text.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    auto e = text.find_first_of(" \t\r\n", b);
    return text.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

// The transport itself failed (timeout, missing program, ssh's 255): the answer says nothing about the unit.
bool transport_failed(const Result& r) { return r.timed_out || r.not_found || r.exit_code < 0 || r.exit_code == 255; }

std::string admin_state(Router& router, const model::Route& route, const std::string& server) {
    try {
        for (const ServerState& s : router.states())
            if (s.server == server && (route.backend.empty() || s.backend == route.backend)) return s.admin_state;
    } catch (const std::exception&) {
    }
    return "unknown";
}

}  // namespace

Result Transaction::host(const std::string& node, const std::vector<std::string>& argv) {
    return ctx_.hosts.run_on(node, argv, "", opt_.step_timeout);
}

bool Transaction::preconditions() {
    // All of them run before anything changes, and every failure is reported, not just the first.
    std::vector<std::string> missing, errors;
    for (const plan::Action& a : plan_.actions) {
        bool ok = true;
        if (a.kind == Kind::CheckUnit)
            ok = step(actions::describe(a), [&] { check_unit(a, missing); });
        else if (a.kind == Kind::CheckRouter)
            ok = step(actions::describe(a), [&] { router_for(a.service).check(); });
        if (!ok) errors.push_back(out_.error);
    }
    if (errors.empty()) return true;
    out_.refused = true;
    out_.failed_step = "preconditions";
    out_.error = "";
    if (!missing.empty()) {
        std::string list;
        for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
        out_.error = fmt::format("unit missing on {}. ", list);
    }
    out_.error += "Nothing was changed:";
    for (const std::string& e : errors) out_.error += "\n  " + e;
    return false;
}

void Transaction::check_unit(const plan::Action& a, std::vector<std::string>& missing) {
    Result r = host(a.node, a.argv);
    if (transport_failed(r)) throw StepError("cannot ask " + a.node + ": " + r.describe(), true);
    if (r.ok() && !first_word(r.out).empty()) return;
    missing.push_back(fmt::format("{} ({})", a.node, a.unit));
    throw StepError(fmt::format("unit {} is not installed on {}: {}", a.unit, a.node, r.describe()), true);
}

UnitState Transaction::unit_state(const std::string& node, const std::string& unit) {
    UnitState s;
    Result enabled = host(node, {"systemctl", "is-enabled", unit});
    if (transport_failed(enabled)) throw StepError("cannot read the unit's state: " + enabled.describe());
    Result active = host(node, {"systemctl", "is-active", unit});
    if (transport_failed(active)) throw StepError("cannot read the unit's state: " + active.describe());
    s.enabled_word = first_word(enabled.out);
    s.active_word = first_word(active.out);
    // A word systemctl did not say (an error, an empty answer) is not "disabled": guessing would
    // leave the unit disabled after an undo. Stop before changing it.
    static const std::set<std::string> kEnabledWords = {"enabled", "enabled-runtime", "disabled", "static", "masked",
                                                       "masked-runtime", "linked", "linked-runtime", "indirect",
                                                       "generated", "transient", "alias"};
    static const std::set<std::string> kActiveWords = {"active", "reloading", "activating", "inactive", "failed",
                                                      "deactivating", "maintenance", "refreshing"};
    if (!kEnabledWords.count(s.enabled_word))
        throw StepError(fmt::format("cannot read whether {} is enabled on {}: {}; nothing was changed on this node",
                                    unit, node, enabled.describe()));
    if (!kActiveWords.count(s.active_word))
        throw StepError(fmt::format("cannot read whether {} is active on {}: {}; nothing was changed on this node",
                                    unit, node, active.describe()));
    s.enabled = s.enabled_word == "enabled" || s.enabled_word == "enabled-runtime";
    s.active = s.active_word == "active" || s.active_word == "reloading" || s.active_word == "activating";
    return s;
}

void Transaction::unit_change(const plan::Action& a) {
    auto key = std::make_pair(a.node, a.unit);
    if (!prior_.count(key)) prior_[key] = unit_state(a.node, a.unit);
    const UnitState& prior = prior_[key];
    // The undo goes on the stack before the command runs: a command that timed out may still have
    // acted, and enabling (starting) a unit that was enabled (active) before is harmless.
    std::string node = a.node, unit = a.unit;
    auto back = [this, node](std::vector<std::string> argv) {
        Result r = host(node, argv);
        if (!r.ok()) throw std::runtime_error(r.describe());
    };
    auto push = [&](const std::string& what, std::vector<std::string> argv) {
        JournalUndo u;
        u.description = what;
        u.node = node;
        u.argv = argv;
        push_undo(std::move(u), [=] { back(argv); });
    };
    if (a.kind == Kind::Disable && prior.enabled)
        push(fmt::format("re-enable {} on {}", unit, node), {"systemctl", "enable", unit});
    if (a.kind == Kind::Stop && prior.active)
        push(fmt::format("restart {} on {}", unit, node), {"systemctl", "start", unit});
    Result r = host(a.node, a.argv);
    if (!r.ok()) throw StepError(r.describe());
}

const model::Route& Transaction::route_of(const std::string& service) const {
    for (const model::Route& r : plan_.model.routes)
        if (r.service == service) return r;
    throw StepError("the plan has no route for service " + service);
}

Router& Transaction::router_for(const std::string& service) {
    auto it = routers_.find(service);
    if (it != routers_.end()) return *it->second;
    if (!ctx_.routers) throw StepError("no router is available to this apply (service " + service + ")");
    return *(routers_[service] = ctx_.routers(route_of(service)));
}

void Transaction::route_change(const plan::Action& a, bool pre_commit) {
    const model::Route& route = route_of(a.service);
    Router& router = router_for(a.service);
    model::Server server{a.node, a.server};
    if (a.kind == Kind::Ready) {
        router.set_ready(server);
        if (released_here(a)) wait_serving(router, route, server);
        return;
    }
    if (pre_commit) {
        std::string prior = admin_state(router, route, a.server);
        if (prior != "drain" && prior != "maint") {
            JournalUndo u;
            u.description = fmt::format("undrain {} ({}) on {}", a.server, route.backend.empty() ? route.service : route.backend, a.node);
            u.node = a.node;
            u.router_service = a.service;
            u.router_server = a.server;
            push_undo(std::move(u), [&router, server] { router.set_ready(server); });
        }
    }
    router.set_drain(server);
    // `drain 30s` is a bound, not a promise: past it the step goes on (sessions are cut by the stop).
    if (route.drain_ms > 0) router.wait_drained(server, std::chrono::milliseconds(route.drain_ms));
}

// A rolling turn readies its node's server and goes on to drain the next: the router must be
// sending to this one by then (HAProxy's health check may still count it down after the restart),
// or the route is empty in between. Routers that cannot tell (unknown) are taken at their word.
bool Transaction::released_here(const plan::Action& a) const {
    return std::any_of(plan_.actions.begin(), plan_.actions.end(), [&](const plan::Action& r) {
        return r.kind == Kind::Release && r.node == a.node && r.service == a.service;
    });
}

void Transaction::wait_serving(Router& router, const model::Route& route, const model::Server& server) {
    const auto deadline = std::chrono::steady_clock::now() + opt_.step_timeout;
    for (;;) {
        std::string op = "unknown";
        for (const ServerState& st : router.states())
            if (st.server == server.name && (st.backend.empty() || st.backend == route.backend)) op = st.op_state;
        if (op == "running" || op == "unknown" || op.empty()) return;
        if (std::chrono::steady_clock::now() >= deadline)
            throw StepError(fmt::format("server {} is ready but the router does not send to it ({}) within {} ms: its "
                                        "health check does not pass", server.name, op, opt_.step_timeout.count()));
        throw_if_interrupted();
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

void Transaction::push_undo(JournalUndo record, std::function<void()> run) {
    record.id = static_cast<int>(undo_.size()) + 1;
    ctx_.journal.undo_pushed(record);
    undo_.push_back({std::move(record), std::move(run)});
}

void Transaction::roll_back() {
    if (undo_.empty()) return;
    // A signal (the first, or the one that caused this) must not cut the undo commands short.
    InterruptShield shield;
    if (opt_.progress)
        opt_.progress(fmt::format("rolling back {} change(s) made before the commit, newest first; the CIB was not touched",
                                  undo_.size()));
    for (auto it = undo_.rbegin(); it != undo_.rend(); ++it) {
        ctx_.journal.begin_step("undo: " + it->record.description);
        auto start = std::chrono::steady_clock::now();
        std::string line = it->record.description, status = "undone", detail;
        try {
            it->run();
        } catch (const std::exception& e) {
            status = "failed";
            detail = e.what();
            line += " — FAILED: " + detail;
        }
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
        ctx_.journal.end_step(status, ms, detail);
        ctx_.journal.undo_ran(it->record.id, status, detail);
        if (opt_.progress) opt_.progress(fmt::format("  {:<7} {:>6} ms  {}", status, ms.count(), line));
        out_.undone.push_back(line);
    }
}

}  // namespace aa::runtime::detail
