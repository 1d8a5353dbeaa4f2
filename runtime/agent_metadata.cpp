#include "runtime/agent_metadata.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <pugixml.hpp>
#include <sstream>

#include "compiler/util/file_io.hpp"
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

// The metadata cache: one file per agent under $XDG_CACHE_HOME/aa/agents (else ~/.cache/...),
// valid while the agent script has the same modification time and size (an upgrade changes
// both). crm_resource costs ~0.2 s per agent; a cached answer a millisecond.
std::string cache_dir() {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/aa/agents";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/aa/agents";
    return {};
}

// "ocf:heartbeat:IPaddr2" -> its script, where Pacemaker's default OCF_ROOT keeps it.
std::string agent_script(const std::string& agent) {
    std::size_t a = agent.find(':'), b = agent.rfind(':');
    const char* root = std::getenv("OCF_ROOT");
    return std::string(root && *root ? root : "/usr/lib/ocf") + "/resource.d/" + agent.substr(a + 1, b - a - 1) + "/" +
           agent.substr(b + 1);
}

// "mtime size" of the agent's script, "" when it is not there.
std::string script_stamp(const std::string& agent) {
    struct stat st {};
    if (::stat(agent_script(agent).c_str(), &st) != 0) return {};
    return std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec) + " " + std::to_string(st.st_size);
}

std::string cache_file(const std::string& agent) {
    std::string name = agent;
    for (char& c : name)
        if (c == ':' || c == '/') c = '_';
    return cache_dir() + "/" + name + ".xml";
}

// The cached metadata text, when the stamp in its first line still matches the script.
std::string cached(const std::string& agent, const std::string& stamp) {
    if (stamp.empty() || cache_dir().empty()) return {};
    std::string text, error;
    if (!read_file_bounded(cache_file(agent), 4 << 20, text, error)) return {};
    std::size_t nl = text.find('\n');
    if (nl == std::string::npos || text.substr(0, nl) != stamp) return {};
    return text.substr(nl + 1);
}

void remember(const std::string& agent, const std::string& stamp, const std::string& xml) {
    if (stamp.empty() || cache_dir().empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(cache_dir(), ec);
    if (!ec) (void)write_file_safely(cache_file(agent), stamp + "\n" + xml, FileAccess::Private);  // a cache: failure is harmless
}

AgentLookup from_metadata(const std::string& agent, const std::string& xml, AgentLookup out) {
    pugi::xml_document doc;
    if (!doc.load_string(xml.c_str()) || !doc.child("resource-agent")) {
        out.why = "the metadata of " + agent + " cannot be read";
        return out;
    }
    out.state = AgentLookup::State::Known;
    for (pugi::xml_node p : doc.child("resource-agent").child("parameters").children("parameter"))
        out.params.push_back({p.attribute("name").value(), p.attribute("required").as_bool()});
    return out;
}

}  // namespace

AgentLookup lookup_agent(const std::string& agent) {
    AgentLookup out;
    std::string stamp = script_stamp(agent);
    if (std::string xml = cached(agent, stamp); !xml.empty()) return from_metadata(agent, xml, out);
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
    if (!meta.ok()) {
        out.why = "the metadata of " + agent + " cannot be read: " + meta.describe();
        return out;
    }
    out = from_metadata(agent, meta.out, out);
    if (out.state == AgentLookup::State::Known) remember(agent, stamp, meta.out);
    return out;
}

}  // namespace aa::runtime
