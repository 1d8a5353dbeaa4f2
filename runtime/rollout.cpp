// aa rollout: drain -> restart through Pacemaker -> started and monitored -> ready, batch by batch.
#include "runtime/rollout.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <pugixml.hpp>
#include <sstream>
#include <thread>

#include "runtime/placement.hpp"

namespace aa::runtime {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

std::chrono::milliseconds since(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t);
}

std::string secs(std::chrono::milliseconds ms) { return fmt::format("{:.1f} s", ms.count() / 1000.0); }

std::string join(const std::vector<std::string>& v, const char* sep = " ") {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

void say(const MaintenanceContext& ctx, const std::string& line) {
    if (ctx.progress) ctx.progress(line);
}

std::vector<std::string> online_nodes(const std::string& crm_mon_xml) {
    pugi::xml_document doc;
    doc.load_string(crm_mon_xml.c_str());
    std::vector<std::string> out;
    for (pugi::xml_node n : doc.document_element().child("nodes").children("node")) out.push_back(n.attribute("name").value());
    return out;
}

std::vector<std::string> instances_of(const std::string& crm_mon_xml, const std::string& clone) {
    auto placement = current_placement(crm_mon_xml);
    auto it = placement.find(clone);
    return it == placement.end() ? std::vector<std::string>{} : it->second;
}

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string id_part(const std::string& s) {
    std::string out;
    for (char c : s) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    return out;
}

long long number(pugi::xml_attribute a) {
    try {
        return std::stoll(a.value());
    } catch (const std::exception&) {
        return -1;
    }
}

const ServerState* find_state(const std::vector<ServerState>& states, const model::Route& route, const model::Server& s) {
    for (const ServerState& st : states)
        if (st.server == s.name && (st.backend.empty() || st.backend == route.backend)) return &st;
    return nullptr;
}

std::string server_label(const model::Route& route, const model::Server& s) {
    return (route.backend.empty() ? route.service : route.backend) + "/" + s.name + " (" + s.node + ")";
}

// The rollout's state while it runs: which constraints it added, which servers it drained.
class Rollout {
public:
    Rollout(const MaintenanceContext& ctx, const RolloutPlan& plan, const RolloutOptions& opts, Journal& journal)
        : ctx_(ctx), plan_(plan), opts_(opts), journal_(journal) {}

    RolloutReport run() {
        const auto start = Clock::now();
        remember_prior_states();
        bool ok = step("hold " + plan_.clone + " off " + (plan_.held.empty() ? "no node (it runs on every node)" : join(plan_.held)),
                       [&] {
                           for (const std::string& n : plan_.held) add_constraint("hold", n);
                       });
        for (std::size_t b = 0; ok && b < plan_.batches.size(); ++b) ok = run_batch(b);
        release_all();
        report_.ok = ok && report_.constraints_left.empty();
        if (report_.ok)
            say(ctx_, fmt::format("rollout of {}: {} instance(s) restarted on {} in {}", plan_.service, report_.restarted.size(),
                                  join(report_.restarted), secs(since(start))));
        return report_;
    }

private:
    bool step(const std::string& name, const std::function<void()>& body) {
        journal_.begin_step(name);
        const auto start = Clock::now();
        std::string status = "ok", detail;
        try {
            body();
        } catch (const std::exception& e) {
            status = "failed";
            detail = e.what();
        }
        journal_.end_step(status, since(start), detail);
        say(ctx_, fmt::format("{:<6} {:>8}  {}", status, secs(since(start)), name));
        if (!detail.empty()) {
            say(ctx_, "                 " + detail);
            if (report_.error.empty()) report_.error = name + ": " + detail;
        }
        return status == "ok";
    }

    Result tool(const std::vector<std::string>& argv) {
        Result r = ctx_.run_tool(argv, 60s);
        if (!r.ok()) throw MaintenanceError(r.describe());
        return r;
    }

    void add_constraint(const std::string& kind, const std::string& node) {
        const std::string id = rollout_constraint_id(kind, plan_.clone, node);
        added_.push_back(id);  // before the command: a timed-out create may still have happened
        tool({"cibadmin", "--create", "--scope", "constraints", "--xml-text", rollout_constraint_xml(kind, plan_.clone, node)});
    }

    void remove_constraint(const std::string& id) {
        Result r = ctx_.run_tool({"cibadmin", "--delete", "--scope", "constraints", "--xml-text",
                                  "<rsc_location id=\"" + id + "\"/>"},
                                 60s);
        // cibadmin --delete of an id that is not there exits 0 on 2.1.5 (nothing to do): either way it is gone.
        if (!r.ok()) throw MaintenanceError(r.describe());
        added_.erase(std::remove(added_.begin(), added_.end(), id), added_.end());
    }

    void release_all() {
        if (added_.empty()) return;
        const std::vector<std::string> ids = added_;
        step("remove the rollout's constraints: " + join(ids), [&] {
            std::string errors;
            for (const std::string& id : ids) {
                try {
                    remove_constraint(id);
                } catch (const std::exception& e) {
                    errors += (errors.empty() ? "" : "; ") + id + ": " + e.what();
                }
            }
            if (!errors.empty()) throw MaintenanceError(errors);
        });
        report_.constraints_left = added_;
    }

    // Servers the operator had drained or in maint before the rollout stay that way after it.
    void remember_prior_states() {
        for (const model::Route* route : plan_.routes) {
            std::unique_ptr<Router> router = ctx_.routers(*route);
            const std::vector<ServerState> states = router->states();
            for (const model::Server& s : route->servers) {
                const ServerState* st = find_state(states, *route, s);
                prior_[{route->service, s.name}] = st ? st->admin_state : "unknown";
            }
        }
    }

    // Every route keeps a ready server on a node outside the batch that serves now.
    void check_routes_keep_a_server(const std::vector<std::string>& batch) {
        const auto serving = serving_nodes(*ctx_.model, ctx_.cluster->status_xml());
        for (const model::Route* route : plan_.routes) {
            std::unique_ptr<Router> router = ctx_.routers(*route);
            const std::vector<ServerState> states = router->states();
            auto it = serving.find(route->service);
            bool other = false;
            for (const model::Server& s : route->servers) {
                const ServerState* st = find_state(states, *route, s);
                if (!contains(batch, s.node) && it != serving.end() && it->second.count(s.node) && st && st->admin_state == "ready")
                    other = true;
            }
            if (!other)
                throw MaintenanceError("route " + route->service + " would have no ready server while " + join(batch) +
                                       " restarts (no other server is ready with a healthy instance); nothing was changed "
                                       "for this batch");
        }
    }

    void drain_batch(const std::vector<std::string>& batch) {
        for (const model::Route* route : plan_.routes) {
            std::unique_ptr<Router> router = ctx_.routers(*route);
            std::vector<const model::Server*> mine;
            for (const model::Server& s : route->servers)
                if (contains(batch, s.node)) {
                    router->set_drain(s);
                    drained_.push_back(server_label(*route, s));
                    mine.push_back(&s);
                }
            if (route->drain_ms == 0) continue;
            // One deadline for the batch: the servers drain together.
            const auto deadline = Clock::now() + std::chrono::milliseconds(route->drain_ms);
            for (const model::Server* s : mine) {
                auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
                // `drain 30s` is a bound, as in apply: past it the stop cuts what is left.
                if (!router->wait_drained(*s, std::max(left, 0ms)))
                    say(ctx_, "                 route " + route->service + ": " + s->name + " still has sessions after " +
                                  route->drain + "; the restart cuts them");
            }
        }
    }

    void ready_batch(const std::vector<std::string>& batch) {
        for (const model::Route* route : plan_.routes) {
            std::unique_ptr<Router> router = ctx_.routers(*route);
            for (const model::Server& s : route->servers) {
                if (!contains(batch, s.node)) continue;
                const std::string prior = prior_[{route->service, s.name}];
                if (prior == "drain" || prior == "maint") {
                    say(ctx_, "                 " + server_label(*route, s) + " stays " + prior + " (it was before the rollout)");
                    continue;
                }
                router->set_ready(s);
                drained_.erase(std::remove(drained_.begin(), drained_.end(), server_label(*route, s)), drained_.end());
            }
        }
    }

    std::string primitive() const { return plan_.service; }

    // Both waits read the CIB's status alone (one tool call per poll): the operation history says
    // what Pacemaker did on the node, with call-ids that only grow.
    void wait_stopped(const std::vector<std::string>& batch, const std::map<std::string, long long>& baseline) {
        const auto deadline = Clock::now() + opts_.wait;
        for (;;) {
            const std::string cib = ctx_.cluster->query();
            std::vector<std::string> still;
            for (const std::string& n : batch)
                if (instance_history(cib, primitive(), n).stopped_call <= baseline.at(n)) still.push_back(n);
            if (still.empty()) return;
            if (Clock::now() >= deadline)
                throw MaintenanceError("the instance on " + join(still) + " did not stop within " + secs(opts_.wait));
            std::this_thread::sleep_for(opts_.poll);
        }
    }

    void wait_started(const std::vector<std::string>& batch, const std::map<std::string, long long>& baseline) {
        const auto deadline = Clock::now() + opts_.wait;
        const model::Service* svc = ctx_.model->find_service(plan_.service);
        bool wants_monitor = false;
        for (const model::Op& op : svc->ops) wants_monitor = wants_monitor || op.name == "monitor";
        for (;;) {
            const std::string cib = ctx_.cluster->query();
            std::vector<std::string> waiting;
            for (const std::string& n : batch) {
                InstanceHistory h = instance_history(cib, primitive(), n, baseline.at(n));
                if (!h.failure.empty()) throw MaintenanceError("the instance on " + n + " failed: " + h.failure);
                const bool started = h.started_call > baseline.at(n) && h.started_call > h.stopped_call;
                if (!(started && (h.monitored || !wants_monitor))) waiting.push_back(n);
            }
            if (waiting.empty()) return;
            if (Clock::now() >= deadline)
                throw MaintenanceError("the instance on " + join(waiting) + " was not started with a passing monitor within " +
                                       secs(opts_.wait));
            std::this_thread::sleep_for(opts_.poll);
        }
    }

    bool run_batch(std::size_t b) {
        const std::vector<std::string>& batch = plan_.batches[b];
        const std::string label = fmt::format("[{}/{}] {}", b + 1, plan_.batches.size(), join(batch));
        const auto start = Clock::now();
        std::map<std::string, long long> baseline;
        bool ok = step(label + ": every route keeps a ready server elsewhere", [&] { check_routes_keep_a_server(batch); }) &&
                  step(label + ": drain and wait for sessions", [&] { drain_batch(batch); }) &&
                  step(label + ": stop the instance through Pacemaker", [&] {
                      const std::string cib = ctx_.cluster->query();
                      for (const std::string& n : batch) baseline[n] = instance_history(cib, primitive(), n).last_call;
                      for (const std::string& n : batch) add_constraint("stop", n);
                      wait_stopped(batch, baseline);
                  }) &&
                  step(label + ": start it again and wait for its monitor", [&] {
                      for (const std::string& n : batch) remove_constraint(rollout_constraint_id("stop", plan_.clone, n));
                      wait_started(batch, baseline);
                  }) &&
                  step(label + ": ready", [&] { ready_batch(batch); });
        if (!ok) {
            report_.failed_batch = batch;
            report_.left_drained = drained_;
            return false;
        }
        for (const std::string& n : batch) report_.restarted.push_back(n);
        say(ctx_, fmt::format("{}: restarted and serving ({})", label, secs(since(start))));
        return true;
    }

    const MaintenanceContext& ctx_;
    const RolloutPlan& plan_;
    const RolloutOptions& opts_;
    Journal& journal_;
    RolloutReport report_;
    std::vector<std::string> added_;    // constraint ids the rollout created and has not removed
    std::vector<std::string> drained_;  // servers it drained and has not readied
    std::map<std::pair<std::string, std::string>, std::string> prior_;
};

}  // namespace

std::string rollout_constraint_id(const std::string& kind, const std::string& clone, const std::string& node) {
    return "aa-rollout-" + kind + "-" + id_part(clone) + "-" + id_part(node);
}

std::string rollout_constraint_xml(const std::string& kind, const std::string& clone, const std::string& node) {
    return ban_xml(rollout_constraint_id(kind, clone, node), clone, node);
}

InstanceHistory instance_history(const std::string& cib_xml, const std::string& primitive, const std::string& node,
                                 long long since) {
    InstanceHistory h;
    pugi::xml_document doc;
    if (!doc.load_string(cib_xml.c_str())) throw std::runtime_error("the CIB's status does not parse as XML");
    pugi::xml_node status = doc.document_element().child("status");
    std::vector<pugi::xml_node> ops;
    for (pugi::xml_node ns : status.children("node_state")) {
        if (node != ns.attribute("uname").value()) continue;
        for (pugi::xml_node r : ns.child("lrm").child("lrm_resources").children("lrm_resource")) {
            const std::string id = r.attribute("id").value();
            if (id != primitive && id.rfind(primitive + ":", 0) != 0) continue;
            for (pugi::xml_node op : r.children("lrm_rsc_op")) ops.push_back(op);
        }
    }
    for (pugi::xml_node op : ops) h.last_call = std::max(h.last_call, number(op.attribute("call-id")));
    for (pugi::xml_node op : ops) {
        const std::string task = op.attribute("operation").value();
        const long long call = number(op.attribute("call-id"));
        const bool success = number(op.attribute("rc-code")) == 0 && number(op.attribute("op-status")) == 0;
        if (task == "start" && success) h.started_call = std::max(h.started_call, call);
        if (task == "stop" && success) h.stopped_call = std::max(h.stopped_call, call);
        const bool recurring = task == "monitor" && number(op.attribute("interval")) > 0;
        h.has_monitor = h.has_monitor || recurring;
        if (call > since && call >= 0 && !success && (task == "start" || recurring))
            h.failure = fmt::format("{} on {} returned rc {} (call {})", task, node, op.attribute("rc-code").value(), call);
    }
    for (pugi::xml_node op : ops) {
        const bool recurring = std::string_view(op.attribute("operation").value()) == "monitor" && number(op.attribute("interval")) > 0;
        if (recurring && number(op.attribute("rc-code")) == 0 && number(op.attribute("call-id")) > h.started_call &&
            h.started_call >= 0)
            h.monitored = true;
    }
    return h;
}

RolloutPlan plan_rollout(const MaintenanceContext& ctx, const std::string& service, const RolloutOptions& opts) {
    const model::Service* svc = ctx.model->find_service(service);
    if (!svc) {
        std::vector<std::string> clones;
        for (const model::Service& s : ctx.model->services)
            if (s.clone) clones.push_back(s.name);
        throw MaintenanceError("service " + service + " is not in the spec" +
                               (clones.empty() ? std::string() : " (cloned services: " + join(clones, ", ") + ")"));
    }
    if (!svc->clone) throw MaintenanceError("service " + service + " is not cloned: `aa rollout` restarts a clone's instances one node at a time");
    if (opts.batch < 1) throw MaintenanceError("--batch wants 1 or more");
    RolloutPlan p;
    p.service = service;
    p.clone = svc->resource_id();
    for (const model::Route& r : ctx.model->routes)
        if (r.service == service) p.routes.push_back(&r);
    const std::string xml = ctx.cluster->status_xml();
    p.instances = instances_of(xml, p.clone);
    if (p.instances.empty()) throw MaintenanceError(p.clone + " runs on no node: nothing to restart");
    const auto serving = serving_nodes(*ctx.model, xml);
    auto it = serving.find(service);
    std::vector<std::string> unhealthy;
    for (const std::string& n : p.instances)
        if (it == serving.end() || !it->second.count(n)) unhealthy.push_back(n);
    if (!unhealthy.empty() && !p.routes.empty())
        throw MaintenanceError("the instance on " + join(unhealthy) + " is not healthy (failed, starting or stopping, or its node is "
                               "offline): fix that first (crm_mon says why; `crm_resource --cleanup --resource " + service + "`)");
    if (static_cast<std::size_t>(opts.batch) >= p.instances.size())
        throw MaintenanceError(fmt::format("--batch {} would restart all {} instances of {} at once; at most {}", opts.batch,
                                           p.instances.size(), p.clone, p.instances.size() - 1));
    for (const std::string& n : online_nodes(xml))
        if (!contains(p.instances, n)) p.held.push_back(n);
    for (std::size_t i = 0; i < p.instances.size(); i += static_cast<std::size_t>(opts.batch))
        p.batches.emplace_back(p.instances.begin() + static_cast<long>(i),
                               p.instances.begin() + static_cast<long>(std::min(p.instances.size(), i + opts.batch)));
    return p;
}

std::string describe(const RolloutPlan& p) {
    std::string out = fmt::format("Rollout of {}: restart its {} instance(s) on {}, {} node(s) at a time.\n", p.clone,
                                  p.instances.size(), join(p.instances), p.batches.front().size());
    if (!p.held.empty()) out += "While it runs, " + p.clone + " is held off " + join(p.held) + " (instances do not move).\n";
    for (std::size_t b = 0; b < p.batches.size(); ++b) {
        std::string servers;
        for (const model::Route* r : p.routes)
            for (const model::Server& s : r->servers)
                if (contains(p.batches[b], s.node)) servers += (servers.empty() ? "" : ", ") + server_label(*r, s);
        out += fmt::format("  {}. {}: {}restart through Pacemaker, wait for started and a passing monitor{}\n", b + 1,
                           join(p.batches[b]), servers.empty() ? "" : "drain " + servers + ", wait for sessions, ",
                           servers.empty() ? "" : ", ready");
    }
    if (p.routes.empty()) out += "  (no route for " + p.service + ": nothing is drained)\n";
    return out;
}

RolloutReport run_rollout(const MaintenanceContext& ctx, const RolloutPlan& plan, const RolloutOptions& opts, Journal& journal) {
    return Rollout(ctx, plan, opts, journal).run();
}

}  // namespace aa::runtime
