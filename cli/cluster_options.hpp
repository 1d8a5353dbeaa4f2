// The flags that say where the CIB and the hosts are: --cib FILE|live, --on NODE, --ssh, --host-exec.
#pragma once
#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "compiler/lang/model.hpp"
#include "runtime/cluster.hpp"
#include "runtime/maintenance.hpp"
#include "runtime/transport.hpp"

namespace aa::cli {

struct ClusterOptions {
    std::string cib;        // "" (embedded default), "live", or a file path
    std::string on;         // run the Pacemaker tools on this node (with --cib live)
    bool ssh = false;
    std::string host_exec;  // template, e.g. 'ip netns exec ns-{node}'

    void add_to(CLI::App* cmd, bool cib_required = false);
    std::unique_ptr<runtime::Transport> transport() const;
    // The cluster behind --cib (file or live); the transport must outlive it.
    std::unique_ptr<runtime::Cluster> cluster(runtime::Transport* transport) const;
    bool live() const { return cib == "live"; }
    // The base CIB's text: a file is read as it is (cibadmin --query on a 7 MB file costs seconds and
    // adds nothing: cib::load validates it); live asks the cluster. Throws with the reason.
    std::string read_base() const;
    // What aa drain, undrain and rollout work with: the spec, the cluster, its Pacemaker tools run
    // here or on the --on node, routers reached through the transport. Progress is the caller's.
    runtime::MaintenanceContext maintenance_context(const model::Model& m, runtime::Cluster& cluster,
                                                    runtime::Transport* transport) const;
};

}  // namespace aa::cli
