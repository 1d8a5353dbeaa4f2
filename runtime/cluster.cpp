// What every Cluster shares: the node status attribute command, and the refusal of clusters
// (test doubles) that run no tools.
#include "runtime/cluster.hpp"

#include <stdexcept>

namespace aa::runtime {

Result Cluster::run_tool(const std::vector<std::string>& argv) {
    throw std::logic_error(describe() + " cannot run " + (argv.empty() ? std::string("tools") : argv.front()));
}

void Cluster::set_node_status_attribute(const std::string& node, const std::string& name, const std::string& value) {
    Result r = run_tool(node_status_attribute_argv(node, name, value));
    if (!r.ok()) throw CommandError(std::move(r), "setting " + name + " on node " + node + " of " + describe());
}

std::vector<std::string> node_status_attribute_argv(const std::string& node, const std::string& name, const std::string& value) {
    std::vector<std::string> argv{"crm_attribute", "--node", node, "--name", name, "--lifetime", "reboot"};
    if (value.empty()) {
        argv.emplace_back("--delete");
    } else {
        argv.emplace_back("--update");
        argv.push_back(value);
    }
    return argv;
}

}  // namespace aa::runtime
