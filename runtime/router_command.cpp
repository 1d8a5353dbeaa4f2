// `via command drain "..." ready "..."`: the operator's own commands switch a server. Each
// template is a shell command line with {node} {server} {backend} filled in, run with `sh -c` on
// the server's node through the host transport (or here when there is none).
#include <algorithm>
#include <cctype>
#include <map>

#include "runtime/router.hpp"
#include "runtime/runner.hpp"
#include "runtime/transport.hpp"

namespace aa::runtime {
namespace {

constexpr std::chrono::seconds command_timeout{60};

// Names the checker accepts for nodes and servers are plain words; anything else would be read
// by the shell as syntax, so it is refused rather than quoted behind the operator's back.
bool plain_word(const std::string& v) {
    if (v.empty()) return false;
    for (char c : v)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':' ||
              c == '@' || c == '/'))
            return false;
    return true;
}

bool placeholder_name(const std::string& v) {
    if (v.empty()) return false;
    for (char c : v)
        if (!(std::islower(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}

class CommandRouter : public Router {
public:
    CommandRouter(model::Route route, Transport* transport) : route_(std::move(route)), transport_(transport) {
        if (!transport_) {
            owned_ = local_transport();
            transport_ = owned_.get();
        }
    }

    // The templates expand for every server, and their programs exist where they will run.
    void check() override {
        for (const model::Server& s : route_.servers) {
            for (const auto& [what, tmpl] : templates()) {
                std::string line = expand(what, tmpl, s);
                std::vector<std::string> words = split_words(line);
                if (words.empty()) throw RouterError(context() + ": the " + what + " command is empty");
                Result r = transport_->run_on(s.node, {"sh", "-c", "command -v \"$1\"", "sh", words[0]}, "",
                                              command_timeout);
                if (!r.ok())
                    throw RouterError(context() + ": " + what + " command program '" + words[0] +
                                      "' not found on " + s.node + " via " + transport_->name() + ": " +
                                      r.describe());
            }
        }
    }

    void set_ready(const model::Server& s) override { apply("ready", route_.ready_cmd, s); }
    void set_drain(const model::Server& s) override { apply("drain", route_.drain_cmd, s); }

    // Commands report no sessions: a drain command that must wait does so itself.
    bool wait_drained(const model::Server&, std::chrono::milliseconds) override { return true; }

    std::vector<ServerState> states() override {
        std::vector<ServerState> out;
        for (const model::Server& s : route_.servers) {
            auto known = last_set_.find(s.name);
            out.push_back({route_.backend, s.name, known == last_set_.end() ? "unknown" : known->second, "unknown", 0});
        }
        return out;
    }

private:
    std::string context() const { return "route " + route_.service + " (via command)"; }

    std::vector<std::pair<std::string, std::string>> templates() const {
        return {{"drain", route_.drain_cmd}, {"ready", route_.ready_cmd}};
    }

    std::string expand(const std::string& what, const std::string& tmpl, const model::Server& s) const {
        try {
            return expand_route_template(tmpl, s, route_.backend);
        } catch (const RouterError& e) {
            throw RouterError(context() + ": " + what + " command: " + e.what());
        }
    }

    void apply(const std::string& what, const std::string& tmpl, const model::Server& s) {
        std::string line = expand(what, tmpl, s);
        Result r = transport_->run_on(s.node, {"sh", "-c", line}, "", command_timeout);
        if (!r.ok())
            throw RouterError(context() + ": " + what + " " + s.name + " on " + s.node + " failed: " + r.describe());
        last_set_[s.name] = what;
    }

    model::Route route_;
    Transport* transport_;
    std::unique_ptr<Transport> owned_;
    std::map<std::string, std::string> last_set_;
};

}  // namespace

// A placeholder is {lowercase_word} not preceded by `$`: `${HOME}` and `awk '{ print $1 }'` are
// the shell's, while a misspelt {sever} is an error instead of a literal the command chokes on.
std::string expand_route_template(const std::string& tmpl, const model::Server& s, const std::string& backend) {
    const std::map<std::string, std::string> values{{"node", s.node}, {"server", s.name}, {"backend", backend}};
    std::string out;
    std::size_t i = 0;
    while (i < tmpl.size()) {
        std::size_t open = tmpl.find('{', i);
        std::size_t close = open == std::string::npos ? open : tmpl.find('}', open);
        if (close == std::string::npos) break;
        const std::string name = tmpl.substr(open + 1, close - open - 1);
        if ((open > 0 && tmpl[open - 1] == '$') || !placeholder_name(name)) {
            out += tmpl.substr(i, open + 1 - i);
            i = open + 1;
            continue;
        }
        out += tmpl.substr(i, open - i);
        auto v = values.find(name);
        if (v == values.end())
            throw RouterError("unknown placeholder {" + name + "} in '" + tmpl + "' (use {node} {server} {backend})");
        if (v->second.empty()) throw RouterError("'" + tmpl + "' uses {" + name + "} but the route has none");
        if (!plain_word(v->second))
            throw RouterError("{" + name + "} would be '" + v->second + "', which a shell would not read as one word");
        out += v->second;
        i = close + 1;
    }
    return out + tmpl.substr(std::min(i, tmpl.size()));
}

std::unique_ptr<Router> command_router(const model::Route& route, Transport* transport) {
    if (route.drain_cmd.empty() || route.ready_cmd.empty())
        throw RouterError("route " + route.service + ": `via command` needs both a drain and a ready command");
    return std::make_unique<CommandRouter>(route, transport);
}

}  // namespace aa::runtime
