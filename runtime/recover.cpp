#include "runtime/recover.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "compiler/cib/cib.hpp"

namespace aa::runtime {
namespace {

using Did = RecoverOutcome::Did;

// The configuration's hash, judged without the journal's own pins (a rolling apply's temporary
// constraints, added after its commit): with them the CIB would look changed by someone else.
std::string config_hash_of(const std::string& xml, const std::string& where, const JournalState& j) {
    pugi::xml_document doc;
    std::string error;
    if (!cib::load(xml, where, doc, error)) throw std::runtime_error("the current CIB cannot be read: " + error);
    pugi::xml_node constraints = doc.child("cib").child("configuration").child("constraints");
    for (const JournalUndo& u : j.undos)
        if (!u.constraint.empty())
            if (pugi::xml_node pin = constraints.find_child_by_attribute("rsc_location", "id", u.constraint.c_str()))
                constraints.remove_child(pin);
    return cib::config_hash(doc.child("cib"));
}

const model::Route* route_for(const plan::Plan* plan, const std::string& service) {
    if (!plan) return nullptr;
    for (const model::Route& r : plan->model.routes)
        if (r.service == service) return &r;
    return nullptr;
}

// Runs one journaled undo; "" when it worked, else why not.
std::string run_undo(const JournalUndo& u, const plan::Plan* plan, Cluster& cluster, Transport& hosts,
                     const RouterFactory& routers, const RecoverOptions& opt) {
    try {
        if (!u.hold.empty()) {
            cluster.set_node_status_attribute(u.node, u.hold, "");
            return "";
        }
        if (!u.constraint.empty()) {
            Result r = delete_constraint(cluster, u.constraint);
            return r.ok() ? "" : r.describe();
        }
        if (!u.argv.empty()) {
            Result r = hosts.run_on(u.node, u.argv, "", opt.step_timeout);
            return r.ok() ? "" : r.describe();
        }
        const model::Route* route = route_for(plan, u.router_service);
        if (!route || !routers) return "the plan (and with it the route of " + u.router_service + ") is not available";
        routers(*route)->set_ready(model::Server{u.node, u.router_server});
        return "";
    } catch (const std::exception& e) {
        return e.what();
    }
}

void undo_all(const JournalState& j, const plan::Plan* plan, Cluster& cluster, Transport& hosts, const RouterFactory& routers,
              const RecoverOptions& opt, RecoverOutcome& out) {
    out.did = Did::Undone;
    out.ok = true;
    int done = 0;
    for (auto it = j.undos.rbegin(); it != j.undos.rend(); ++it) {
        if (std::find(j.undone.begin(), j.undone.end(), it->id) != j.undone.end()) continue;
        std::string why = run_undo(*it, plan, cluster, hosts, routers, opt);
        std::string line = why.empty() ? "undone  " + it->description : "FAILED  " + it->description + ": " + why;
        if (!why.empty()) out.ok = false;
        ++done;
        out.lines.push_back(line);
        if (opt.progress) opt.progress("  " + line);
    }
    out.summary = fmt::format(
        "the CIB holds the base configuration: the apply did not commit. {} host change(s) undone{}.",
        done, out.ok ? "; cluster and nodes are as before the apply" : ", some FAILED (listed above): fix them by hand");
}

// A rolling apply killed after its commit leaves nodes held: Pacemaker restarts nothing there
// until they are released. Released together here (their instances restart at once, which the
// apply would have avoided), so that the cluster manages every node again.
bool release_holds(const JournalState& j, Cluster& cluster, RecoverOutcome& out) {
    bool ok = true;
    for (const JournalUndo& u : j.undos) {
        if (std::find(j.undone.begin(), j.undone.end(), u.id) != j.undone.end()) continue;
        if (!u.constraint.empty()) {
            Result r = delete_constraint(cluster, u.constraint);
            out.lines.push_back(r.ok() ? "removed constraint " + u.constraint : "FAILED  remove constraint " + u.constraint + ": " + r.describe());
            ok = ok && r.ok();
            continue;
        }
        if (u.hold.empty()) continue;
        try {
            cluster.set_node_status_attribute(u.node, u.hold, "");
            out.lines.push_back("released " + u.node + " (its instances restart now with the new definition, together)");
        } catch (const std::exception& e) {
            ok = false;
            out.lines.push_back("FAILED  release " + u.node + ": " + e.what());
        }
    }
    return ok;
}

void finish(const JournalState& j, const plan::Plan* plan, Cluster& cluster, const RouterFactory& routers,
            const RecoverOptions& opt, RecoverOutcome& out) {
    out.did = Did::Finished;
    const bool released = release_holds(j, cluster, out);
    if (!plan) {
        out.ok = false;
        out.summary = "the CIB holds the planned configuration: the apply committed. The plan file is not available, "
                      "so routing was not brought in line: run `aa route sync` with the spec";
        return;
    }
    RouteSyncResult r = sync_routes(plan->model, cluster, routers);
    for (const RouteChange& c : r.changes) out.lines.push_back("routing " + describe(c));
    for (const std::string& e : r.errors) out.lines.push_back("FAILED  " + e);
    out.ok = r.ok() && released;
    if (opt.progress)
        for (const std::string& line : out.lines) opt.progress("  " + line);
    out.summary = out.ok ? "the CIB holds the planned configuration: the apply committed. The host steps before the commit "
                           "stand; routing now follows where the instances run. Finished."
                         : "the CIB holds the planned configuration: the apply committed, but routing could not be "
                           "brought in line (listed above)";
}

}  // namespace

std::string RecoverOutcome::outcome_word() const {
    switch (did) {
        case Did::Nothing: return "nothing to recover";
        case Did::Undone: return ok ? "recovered: undone" : "recovery incomplete: undo failed";
        case Did::Finished: return ok ? "recovered: finished" : "recovery incomplete: routing failed";
        case Did::Refused: return "recovery refused";
    }
    return "";
}

RecoverOutcome recover(const JournalState& j, const plan::Plan* plan, Cluster& cluster, Transport& hosts,
                       const RouterFactory& routers, const RecoverOptions& opt) {
    RecoverOutcome out;
    if (j.outcome) {
        out.ok = true;
        out.summary = "the " + j.header.kind + " ended (" + *j.outcome + "): nothing to recover.";
        return out;
    }
    std::string now = config_hash_of(cluster.query(), cluster.describe(), j);
    if (!j.planned_hash.empty() && now == j.planned_hash) {
        finish(j, plan, cluster, routers, opt, out);
    } else if (now == j.header.base_config_hash) {
        undo_all(j, plan, cluster, hosts, routers, opt, out);
    } else {
        out.did = Did::Refused;
        std::string pending;
        for (const JournalUndo& u : j.undos)
            if (std::find(j.undone.begin(), j.undone.end(), u.id) == j.undone.end()) pending += "\n  " + u.description;
        out.summary = "the CIB holds neither the configuration the apply started from nor the one it planned: it was "
                      "changed since. Nothing was done. Host changes the apply made that may need undoing:" +
                      (pending.empty() ? std::string("\n  (none)") : pending);
    }
    return out;
}

}  // namespace aa::runtime
