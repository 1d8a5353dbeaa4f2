// aa rollout SERVICE PATH... [--cib live] [--on NODE] [--ssh | --host-exec T] [--batch N] [--wait D]
//                            [--yes] [--journal FILE]
// Restarts every instance of a routed clone through Pacemaker, N nodes at a time, each drained
// first and readied once started with a passing monitor (runtime/rollout.hpp, docs/rollout.md).
// Exit 0: every instance restarted; 1: refused (nothing changed) or stopped at a failure.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/cluster_options.hpp"
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "compiler/lang/duration.hpp"
#include "runtime/rollout.hpp"

namespace aa::cli {
namespace {

struct RolloutOpts {
    std::string service;
    std::vector<std::string> paths;
    ClusterOptions where;
    int batch = 1;
    std::string wait = "2m", journal;
    bool yes = false;
    ColorOption color;
};

void print_line(const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
}

// As `aa apply`: a terminal is asked, anything else needs --yes.
bool confirmed(const RolloutOpts& o, const runtime::RolloutPlan& p) {
    if (o.yes) return true;
    if (!isatty(STDIN_FILENO)) {
        fail("refusing to roll out without confirmation: stdin is not a terminal; pass --yes");
        return false;
    }
    std::fputs(runtime::describe(p).c_str(), stdout);
    std::fputs("Roll out? Type `yes` to go on: ", stdout);
    std::fflush(stdout);
    std::string answer;
    std::getline(std::cin, answer);
    if (answer == "yes") return true;
    std::fputs("nothing was changed.\n", stderr);
    return false;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

int run_rollout(const RolloutOpts& o) {
    if (!o.where.live()) return fail("aa rollout works on the running cluster: use --cib live");
    auto ms = duration_ms(o.wait);
    if (!ms || *ms <= 0) return fail("--wait wants a duration such as 90s or 2m, not `" + o.wait + "`");
    CheckedSpec spec = load_and_check(o.paths, o.color);
    if (!spec.model) return 1;
    auto transport = o.where.transport();
    auto cluster = o.where.cluster(transport.get());
    runtime::MaintenanceContext ctx = o.where.maintenance_context(*spec.model, *cluster, transport.get());
    ctx.progress = print_line;
    runtime::RolloutOptions opts;
    opts.batch = o.batch;
    opts.wait = std::chrono::milliseconds(*ms);

    const runtime::RolloutPlan plan = runtime::plan_rollout(ctx, o.service, opts);  // refusals change nothing
    if (!confirmed(o, plan)) return 1;
    if (o.yes) std::fputs(runtime::describe(plan).c_str(), stdout);

    runtime::Journal journal;
    const runtime::RolloutReport r = runtime::run_rollout(ctx, plan, opts, journal);
    if (!o.journal.empty()) {
        std::string error;
        runtime::Journal::Head head{{{"rollout", o.service},
                                     {"clone", plan.clone},
                                     {"outcome", r.ok ? "restarted" : "stopped"}},
                                    {{"instances", plan.instances},
                                     {"restarted", r.restarted},
                                     {"failed_batch", r.failed_batch},
                                     {"left_drained", r.left_drained},
                                     {"constraints_left", r.constraints_left}}};
        if (!write_file_atomic(o.journal, journal.to_json(head), error)) fail("cannot write the journal: " + error);
    }
    if (r.ok) return 0;
    std::string msg = "rollout of " + o.service + " stopped: " + r.error;
    if (!r.failed_batch.empty()) {
        std::vector<std::string> serving;
        for (const std::string& n : plan.instances)
            if (std::find(r.failed_batch.begin(), r.failed_batch.end(), n) == r.failed_batch.end()) serving.push_back(n);
        msg += "\n  restarted: " + (r.restarted.empty() ? std::string("none") : join(r.restarted, " "));
        msg += "\n  left drained: " + (r.left_drained.empty() ? std::string("nothing") : join(r.left_drained, ", "));
        msg += "\n  serving as before: " + join(serving, " ");
        msg += "\n  once " + join(r.failed_batch, " ") + " is healthy again, `aa route sync` readies its server";
    }
    if (!r.constraints_left.empty())
        msg += "\n  still in the CIB (remove with `cibadmin --delete --scope constraints --xml-text '<rsc_location id=\"ID\"/>'`): " +
               join(r.constraints_left, " ");
    return fail(msg);
}

}  // namespace

void register_rollout(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "rollout", "Restart a routed clone's instances node by node: drain, restart through Pacemaker, monitor, ready");
    auto o = std::make_shared<RolloutOpts>();
    o->where.cib = "live";
    cmd->add_option("SERVICE", o->service, "the cloned service to restart")->required();
    cmd->add_option("PATH", o->paths, "spec files or directories (its routes)")->required();
    o->where.add_to(cmd);
    cmd->add_option("--batch", o->batch, "Nodes restarted together (default 1)")->check(CLI::Range(1, 1000));
    cmd->add_option("--wait", o->wait, "Per batch: how long the stop, and then the start with its monitor, may take (default 2m)");
    cmd->add_flag("--yes,-y", o->yes, "Do not ask for confirmation (required when stdin is not a terminal)");
    cmd->add_option("--journal", o->journal, "Write a JSON journal of every step and command to FILE");
    add_color_option(cmd, o->color);
    cmd->callback([o] { set_exit_code(run_rollout(*o)); });
}

}  // namespace aa::cli
