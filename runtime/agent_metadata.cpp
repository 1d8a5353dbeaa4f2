#include "runtime/agent_metadata.hpp"

#include <pugixml.hpp>
#include <sstream>

#include "runtime/runner.hpp"

namespace aa::runtime {
namespace {

Result crm_resource(std::vector<std::string> args) {
    Command c;
    c.argv = {"crm_resource"};
    c.argv.insert(c.argv.end(), args.begin(), args.end());
    c.timeout = std::chrono::seconds(20);
    return run(c);
}

// Exit 105 (ENXIO): "Metadata query ... failed: No such device or address", the agent is absent.
constexpr int kNoSuchAgent = 105;

}  // namespace

AgentLookup lookup_agent(const std::string& agent) {
    AgentLookup out;
    Result meta = crm_resource({"--show-metadata", agent});
    if (meta.not_found) {
        out.why = "crm_resource is not installed (pacemaker-cli-utils)";
        return out;
    }
    if (meta.exit_code == kNoSuchAgent) {
        out.state = AgentLookup::State::NotInstalled;
        std::string provider = agent.substr(0, agent.rfind(':'));
        Result list = crm_resource({"--list-agents", provider});
        std::istringstream in(list.ok() ? list.out : "");
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) out.siblings.push_back(line);
        return out;
    }
    pugi::xml_document doc;
    if (!meta.ok() || !doc.load_string(meta.out.c_str()) || !doc.child("resource-agent")) {
        out.why = "the metadata of " + agent + " cannot be read: " + meta.describe();
        return out;
    }
    out.state = AgentLookup::State::Known;
    for (pugi::xml_node p : doc.child("resource-agent").child("parameters").children("parameter"))
        out.params.push_back({p.attribute("name").value(), p.attribute("required").as_bool()});
    return out;
}

}  // namespace aa::runtime
