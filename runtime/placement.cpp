// Reading where resources are active from Pacemaker's status XML, and saying it in words.
#include "runtime/placement.hpp"

#include <algorithm>
#include <pugixml.hpp>
#include <stdexcept>

namespace aa::runtime {
namespace {

using NodeMap = std::map<std::string, std::vector<std::string>>;

void add_active_nodes(pugi::xml_node resource, std::vector<std::string>& into) {
    if (std::string_view(resource.attribute("active").value()) != "true") return;
    for (pugi::xml_node n : resource.children("node")) into.emplace_back(n.attribute("name").value());
}

// A clone or bundle counts one entry per active instance. For a clone of a group the group's
// first member stands for the instance, the same choice simulate() makes for the transition.
void read_instances(pugi::xml_node container, std::vector<std::string>& into) {
    for (pugi::xml_node child : container.children()) {
        std::string_view kind = child.name();
        if (kind == "resource") add_active_nodes(child, into);
        else if (kind == "group") {
            if (pugi::xml_node first = child.child("resource")) add_active_nodes(first, into);
        } else if (kind == "replica") read_instances(child, into);
    }
}

void read_resources(pugi::xml_node resources, NodeMap& out) {
    for (pugi::xml_node r : resources.children()) {
        std::string_view kind = r.name();
        std::string id = r.attribute("id").value();
        if (kind == "clone" || kind == "bundle") read_instances(r, out[id]);
        else if (kind == "group") {
            // An uncloned group's members are separate top-level entries (primitive ids).
            for (pugi::xml_node m : r.children("resource")) add_active_nodes(m, out[m.attribute("id").value()]);
        } else if (kind == "resource") add_active_nodes(r, out[id]);
    }
}

}  // namespace

NodeMap current_placement(const std::string& crm_mon_xml) {
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_string(crm_mon_xml.c_str());
    if (!parsed) throw std::runtime_error(std::string("cannot parse the cluster status XML: ") + parsed.description());
    pugi::xml_node root = doc.document_element();
    // crm_mon puts <resources> under the root; crm_simulate under <cluster_status>.
    pugi::xml_node resources = root.child("resources");
    if (!resources) resources = root.child("cluster_status").child("resources");
    NodeMap out;
    read_resources(resources, out);
    for (auto& [id, nodes] : out) std::sort(nodes.begin(), nodes.end());
    return out;
}

std::vector<std::string> offline_nodes_in_status(const std::string& crm_mon_xml) {
    pugi::xml_document doc;
    pugi::xml_parse_result parsed = doc.load_string(crm_mon_xml.c_str());
    if (!parsed) throw std::runtime_error(std::string("cannot parse the cluster status XML: ") + parsed.description());
    std::vector<std::string> out;
    for (pugi::xml_node n : doc.document_element().child("nodes").children("node"))
        if (std::string_view(n.attribute("online").value()) == "false") out.emplace_back(n.attribute("name").value());
    return out;
}

std::string describe_placement(const Placement& p) {
    std::string out;
    for (const auto& [id, nodes] : p.running) {
        if (nodes.empty()) {
            out += id + ": Stopped\n";
            continue;
        }
        out += id + ": Started [";
        for (const std::string& n : nodes) out += " " + n;
        out += " ]\n";
    }
    for (const std::string& problem : p.problems) out += "problem: " + problem + "\n";
    return out;
}

}  // namespace aa::runtime
