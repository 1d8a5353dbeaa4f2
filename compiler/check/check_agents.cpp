#include "compiler/check/check_agents.hpp"

#include <fmt/format.h>

#include <map>

#include "compiler/diag/suggest.hpp"

namespace aa {
namespace {

std::string agent_of(const model::Service& s) { return fmt::format("{}:{}:{}", s.agent_class, s.provider, s.type); }

std::string did_you_mean(const std::optional<std::string>& s) { return s ? fmt::format("; did you mean `{}`?", *s) : ""; }

void judge_params(const model::Service& s, const std::string& agent, const AgentLookup& a, Diagnostics& diags) {
    std::vector<std::string_view> names;
    for (const AgentParameter& p : a.params) names.emplace_back(p.name);
    for (const model::NvPair& p : s.params) {
        bool known = false;
        for (const AgentParameter& ap : a.params) known = known || ap.name == p.name;
        if (!known)
            diags.error("E100", p.span.valid() ? p.span : s.span, fmt::format("agent {} of service \"{}\" has no parameter `{}`{}", agent, s.name, p.name,
                                                    did_you_mean(suggest(p.name, names))));
    }
    for (const AgentParameter& ap : a.params) {
        if (!ap.required) continue;
        bool given = false;
        for (const model::NvPair& p : s.params) given = given || p.name == ap.name;
        if (!given)
            diags.error("E101", s.span, fmt::format("service \"{}\" does not set `param {}`, which agent {} requires",
                                                    s.name, ap.name, agent));
    }
}

}  // namespace

void check_agents(const model::Model& m, const AgentSource& source, Diagnostics& diags) {
    std::map<std::string, AgentLookup> seen;
    bool unavailable_said = false;
    for (const model::Service& s : m.services) {
        if (s.agent_class != "ocf") continue;
        std::string agent = agent_of(s);
        auto it = seen.find(agent);
        if (it == seen.end()) it = seen.emplace(agent, source(agent)).first;
        const AgentLookup& a = it->second;
        switch (a.state) {
            case AgentLookup::State::Known:
                judge_params(s, agent, a, diags);
                break;
            case AgentLookup::State::NotInstalled:
                if (a.siblings.empty())
                    diags.warning("W100", s.span, fmt::format("agent {} of service \"{}\" is not installed on this machine (no "
                                                              "`{}:{}` agents are): its parameters are not checked",
                                                              agent, s.name, s.agent_class, s.provider));
                else
                    diags.error("E102", s.span, fmt::format("agent {} of service \"{}\" is not one of the {}:{} agents{}",
                                                            agent, s.name, s.agent_class, s.provider,
                                                            did_you_mean(suggest_from(s.type, a.siblings))));
                break;
            case AgentLookup::State::Unavailable:
                if (!unavailable_said)
                    diags.warning("W101", s.span, fmt::format("agent parameters are not checked: {} (`aa check --offline` "
                                                              "skips this lookup)", a.why));
                unavailable_said = true;
                break;
        }
    }
}

}  // namespace aa
