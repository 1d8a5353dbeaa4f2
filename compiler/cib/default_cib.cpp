// The base used when no --cib is given: an empty cluster with the spec's nodes online and quorate,
// so crm_simulate places resources exactly as on a healthy cluster.
#include <string>

#include "compiler/cib/cib.hpp"

namespace aa::cib {

// No crm_feature_set: the installed tools fill it in; validate-with as `cibadmin --empty` writes it.
void default_cib(const std::vector<std::string>& nodes, pugi::xml_document& out) {
    out.reset();
    pugi::xml_node cib = out.append_child("cib");
    cib.append_attribute("validate-with") = "pacemaker-3.9";
    cib.append_attribute("epoch") = "1";
    cib.append_attribute("num_updates") = "0";
    cib.append_attribute("admin_epoch") = "0";
    cib.append_attribute("have-quorum") = "1";
    pugi::xml_node configuration = cib.append_child("configuration");
    configuration.append_child("crm_config");
    pugi::xml_node node_list = configuration.append_child("nodes");
    configuration.append_child("resources");
    configuration.append_child("constraints");
    pugi::xml_node status = cib.append_child("status");
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const std::string id = std::to_string(i + 1);
        pugi::xml_node n = node_list.append_child("node");
        n.append_attribute("id") = id.c_str();
        n.append_attribute("uname") = nodes[i].c_str();
        pugi::xml_node state = status.append_child("node_state");
        state.append_attribute("id") = id.c_str();
        state.append_attribute("uname") = nodes[i].c_str();
        state.append_attribute("in_ccm") = "true";
        state.append_attribute("crmd") = "online";
        state.append_attribute("join") = "member";
        state.append_attribute("expected") = "member";
    }
}

}  // namespace aa::cib
