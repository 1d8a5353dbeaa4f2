#include "cli/cluster_options.hpp"

#include <stdexcept>

#include "cli/frontend.hpp"
#include "runtime/router.hpp"
#include "runtime/runner.hpp"

namespace aa::cli {

void ClusterOptions::add_to(CLI::App* cmd, bool cib_required) {
    auto* c = cmd->add_option("--cib", cib, "The base CIB: a file, or `live` for the running cluster (cibadmin --query)");
    if (cib_required) c->required();
    cmd->add_option("--on", on, "With --cib live: run the Pacemaker tools on NODE through the host transport");
    auto* s = cmd->add_flag("--ssh", ssh, "Reach nodes with `ssh -o BatchMode=yes NODE -- CMD`");
    cmd->add_option("--host-exec", host_exec,
                    "Reach nodes through a command template, {node} replaced: 'ip netns exec ns-{node}'")
        ->excludes(s);
}

std::unique_ptr<runtime::Transport> ClusterOptions::transport() const {
    if (!host_exec.empty()) return runtime::template_transport(host_exec);
    if (ssh) return runtime::ssh_transport();
    return runtime::local_transport();
}

std::unique_ptr<runtime::Cluster> ClusterOptions::cluster(runtime::Transport* t) const {
    if (live()) return runtime::live_cluster(t, on);
    return runtime::file_cluster(cib);
}

std::string ClusterOptions::read_base() const {
    if (live()) {
        auto t = transport();
        return cluster(t.get())->query();
    }
    std::string text, error;
    if (!read_text_file(cib, text, error)) throw std::runtime_error(error);
    return text;
}

runtime::MaintenanceContext ClusterOptions::maintenance_context(const model::Model& m, runtime::Cluster& cluster,
                                                                runtime::Transport* t) const {
    runtime::MaintenanceContext ctx;
    ctx.model = &m;
    ctx.cluster = &cluster;
    ctx.run_tool = [t, node = on](const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
        if (!node.empty()) return t->run_on(node, argv, {}, timeout);
        runtime::Command c;
        c.argv = argv;
        c.timeout = timeout;
        return runtime::run(c);
    };
    ctx.routers = [t](const model::Route& route) { return runtime::make_router(route, t); };
    return ctx;
}

}  // namespace aa::cli
