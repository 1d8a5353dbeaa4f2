// check_agents judges ocf parameters by an AgentSource (here a table, not crm_resource): each
// distinct agent is asked once, systemd units and lsb scripts never.
#include <gtest/gtest.h>

#include <map>

#include "compiler/check/check_agents.hpp"

using namespace aa;

namespace {

model::Service service(const std::string& name, const std::string& cls, const std::string& provider, const std::string& type,
                       std::vector<model::NvPair> params = {}) {
    model::Service s;
    s.name = name;
    s.agent_class = cls;
    s.provider = provider;
    s.type = type;
    s.params = std::move(params);
    return s;
}

std::vector<std::string> codes(const Diagnostics& d) {
    std::vector<std::string> out;
    for (const Diagnostic& x : d.sorted()) out.push_back(x.code);
    return out;
}

}  // namespace

TEST(CheckAgents, EachDistinctOcfAgentIsAskedOnceAndUnitsNever) {
    model::Model m;
    for (int i = 0; i < 50; ++i) m.services.push_back(service("d" + std::to_string(i), "ocf", "pacemaker", "Dummy"));
    for (int i = 0; i < 50; ++i) m.services.push_back(service("u" + std::to_string(i), "systemd", "", "app" + std::to_string(i)));
    m.services.push_back(service("l", "lsb", "", "worker"));
    std::map<std::string, int> asked;
    AgentSource source = [&](const std::string& agent) {
        ++asked[agent];
        AgentLookup a;
        a.state = AgentLookup::State::Known;
        return a;
    };
    Diagnostics d;
    check_agents(m, source, d);
    EXPECT_EQ(asked, (std::map<std::string, int>{{"ocf:pacemaker:Dummy", 1}}));
    EXPECT_TRUE(d.empty());
}

TEST(CheckAgents, UnknownAndMissingParametersAreErrorsAbsentProvidersWarnings) {
    model::Model m;
    m.services.push_back(service("vip", "ocf", "heartbeat", "IPaddr2", {{"cidr_netmsk", "24"}}));
    m.services.push_back(service("x", "ocf", "acme", "thing", {{"colour", "blue"}}));
    m.services.push_back(service("y", "ocf", "heartbeat", "IPadr2"));
    AgentSource source = [](const std::string& agent) {
        AgentLookup a;
        if (agent == "ocf:heartbeat:IPaddr2") {
            a.state = AgentLookup::State::Known;
            a.params = {{"ip", true}, {"cidr_netmask", false}};
        } else {
            a.state = AgentLookup::State::NotInstalled;
            if (agent.rfind("ocf:heartbeat:", 0) == 0) a.siblings = {"IPaddr2", "Filesystem"};
        }
        return a;
    };
    Diagnostics d;
    check_agents(m, source, d);
    EXPECT_EQ(codes(d), (std::vector<std::string>{"E100", "E101", "E102", "W100"}));
    std::string all;
    for (const Diagnostic& x : d.items()) all += x.message + "\n";
    EXPECT_NE(all.find("did you mean `cidr_netmask`?"), std::string::npos) << all;
    EXPECT_NE(all.find("did you mean `IPaddr2`?"), std::string::npos) << all;
}
