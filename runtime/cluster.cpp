// What every Cluster shares: the node status attribute command, and the refusal of clusters
// (test doubles) that run no tools.
#include "runtime/cluster.hpp"

#include <pugixml.hpp>
#include <sstream>
#include <stdexcept>

namespace aa::runtime {

Result Cluster::run_tool(const std::vector<std::string>& argv) {
    throw std::logic_error(describe() + " cannot run " + (argv.empty() ? std::string("tools") : argv.front()));
}

void Cluster::set_node_status_attribute(const std::string& node, const std::string& name, const std::string& value) {
    Result r = run_tool(node_status_attribute_argv(node, name, value));
    if (!r.ok()) throw CommandError(std::move(r), "setting " + name + " on node " + node + " of " + describe());
}

namespace {
std::string location_xml(const std::string& id, const std::string& rsc, const std::string& node) {
    pugi::xml_document doc;
    pugi::xml_node c = doc.append_child("rsc_location");
    c.append_attribute("id") = id.c_str();
    if (!rsc.empty()) {
        c.append_attribute("rsc") = rsc.c_str();
        c.append_attribute("node") = node.c_str();
        c.append_attribute("score") = "-INFINITY";
    }
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw | pugi::format_no_declaration);
    return out.str();
}
}  // namespace

std::string ban_xml(const std::string& id, const std::string& rsc, const std::string& node) {
    return location_xml(id, rsc, node);
}

Result delete_constraint(Cluster& cluster, const std::string& id) {
    return cluster.run_tool({"cibadmin", "--delete", "--scope", "constraints", "--xml-text", location_xml(id, {}, {})});
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
