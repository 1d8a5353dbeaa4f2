// aa simulate PATH... [--cib FILE] [--node-down N]... [--standby N]...
// Plan + shadow + crm_simulate: the predicted transition, placement and routing, with what-ifs.
#include <algorithm>
#include <cstdio>
#include <utility>

#include <fmt/format.h>

#include "cli/cluster_options.hpp"
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "compiler/plan/plan_render.hpp"
#include "runtime/planner.hpp"
#include "compiler/util/escape.hpp"

namespace aa::cli {
namespace {

struct SimOpts {
    std::vector<std::string> paths;
    ClusterOptions where;
    std::vector<std::string> node_down, standby;
    ColorOption color;
};

// Which declared servers the router would send traffic to once the cluster has converged.
std::string routing_lines(const model::Model& m, const plan::Placement& placement) {
    std::string out;
    for (const model::Route& r : m.routes) {
        const model::Service* s = m.find_service(r.service);
        if (!s) continue;
        auto it = placement.find(s->resource_id());
        for (const model::Server& srv : r.servers) {
            bool serving = it != placement.end() &&
                           std::find(it->second.begin(), it->second.end(), srv.node) != it->second.end();
            out += fmt::format("  {}{}{} ({}): {}\n", r.backend, r.backend.empty() ? "" : "/", srv.name, srv.node,
                               serving ? "ready" : "drain");
        }
    }
    return out;
}

int run_simulate(const SimOpts& o) {
    CheckedSpec spec = load_and_check(o.paths, o.color);
    if (!spec.model) return 1;
    runtime::PlanRequest req{*spec.model};
    req.node_down = o.node_down;
    req.standby = o.standby;
    // A what-if is asked to show problems, not to be refused for them: all are reported below.
    req.accept_new_problems = true;
    if (!o.where.cib.empty()) {
        req.base_xml = o.where.read_base();
        req.base_source = o.where.live() ? "live" : o.where.cib;
    }
    runtime::PlanOutcome out = runtime::make_plan(std::move(req));
    if (!out.ok) {
        for (const std::string& e : out.errors) fail(e);
        return 1;
    }
    std::string what_if;
    for (const std::string& n : o.node_down) what_if += fmt::format(" {} down;", n);
    for (const std::string& n : o.standby) what_if += fmt::format(" {} standby;", n);
    std::printf("Simulated: the spec applied to %s%s%s\n", out.plan.base_source.c_str(),
                what_if.empty() ? "" : ", what if:", what_if.empty() ? "" : what_if.substr(0, what_if.size() - 1).c_str());
    std::printf("\nTransition:\n");
    if (out.transition.empty()) std::printf("  (nothing to do)\n");
    for (const std::string& t : out.transition) std::printf("  %s\n", escape_for_terminal(t).c_str());
    std::string placement = plan::render_placement(out.plan.placement);
    std::printf("\nPlacement:\n");
    for (std::size_t start = 0; start < placement.size();) {
        std::size_t end = placement.find('\n', start);
        std::printf("  %s\n", escape_for_terminal(placement.substr(start, end - start)).c_str());
        start = end + 1;
    }
    std::string routing = routing_lines(*spec.model, out.plan.placement);
    if (!routing.empty()) std::printf("\nRouting after convergence:\n%s", routing.c_str());
    if (!out.plan.problems.empty() || !out.plan.already.empty()) {
        std::printf("\nPacemaker reports:\n");
        for (const std::string& p : out.plan.problems) std::printf("  ! %s\n", escape_for_terminal(p).c_str());
        for (const std::string& p : out.plan.already) std::printf("  ! %s (already without the spec's change)\n", escape_for_terminal(p).c_str());
    }
    return 0;
}

}  // namespace

void register_simulate(CLI::App& app) {
    auto* cmd = app.add_subcommand("simulate", "Predict the transition and placement (with what-ifs) on a shadow CIB");
    auto o = std::make_shared<SimOpts>();
    cmd->add_option("PATH", o->paths, "spec files or directories")->required();
    o->where.add_to(cmd);
    cmd->add_option("--node-down", o->node_down, "What if NODE goes down (repeatable)");
    cmd->add_option("--standby", o->standby, "What if NODE is put in standby (repeatable)");
    add_color_option(cmd, o->color);
    cmd->callback([o] {
        set_exit_code(run_simulate(*o));
    });
}

}  // namespace aa::cli
