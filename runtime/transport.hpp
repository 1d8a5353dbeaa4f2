// Where host commands run: here, on a node over ssh, or through an operator-given command template
// (`ip netns exec ns-{node}`). Every transport ends in runtime::run(), so results carry the
// command, the node, the exit status and stderr.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "runtime/runner.hpp"

namespace aa::runtime {

class Transport {
public:
    virtual ~Transport() = default;
    // Runs argv for `node` and returns the captured result (Result::node is set to `node`).
    virtual Result run_on(const std::string& node, const std::vector<std::string>& argv, const std::string& stdin_text,
                          std::chrono::milliseconds timeout) = 0;
    // The exact argv run_on() would start; scripts and journals print it with shell_join().
    virtual std::vector<std::string> argv_for(const std::string& node, const std::vector<std::string>& argv) const = 0;
    virtual std::string name() const = 0;  // "local", "ssh", "template 'ip netns exec ns-{node}'"
};

// Runs the command on this machine, whatever the node (single-host labs, tests).
std::unique_ptr<Transport> local_transport();
// `ssh -o BatchMode=yes NODE -- W1 W2 ...`, each command word shell-quoted, because the remote
// side joins the words and hands them to a shell. A node name that is empty or starts with '-'
// (ssh would take it for an option) is refused with std::invalid_argument.
std::unique_ptr<Transport> ssh_transport();
// `--host-exec 'ip netns exec ns-{node}'`: the template is split into words with shell-like
// quoting ('...', "...", backslash), `{node}` is replaced inside every word, then the command's
// own words are appended unchanged (no shell is involved). Throws std::invalid_argument for an
// empty template or an unterminated quote.
std::unique_ptr<Transport> template_transport(std::string tmpl);

// The shell-like word splitting used by template_transport (exposed for tests and CLI checks).
std::vector<std::string> split_words(const std::string& text);

}  // namespace aa::runtime
