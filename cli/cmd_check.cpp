// aa check PATH...: parse and type-check; exit 0 clean (warnings allowed), 1 on errors.
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "runtime/agent_metadata.hpp"

namespace aa::cli {

void register_check(CLI::App& app) {
    auto* cmd = app.add_subcommand("check", "Parse and type-check a spec (files or directories of *.aa)");
    struct Opts {
        std::vector<std::string> paths;
        ColorOption color;
        bool offline = false;
    };
    auto o = std::make_shared<Opts>();
    cmd->add_option("PATH", o->paths, "spec files or directories")->required();
    add_color_option(cmd, o->color);
    cmd->add_flag("--offline", o->offline,
                  "Do not ask this machine's Pacemaker for resource agents' metadata (parameters are not checked)");
    cmd->callback([o] {
        AgentSource agents = o->offline ? AgentSource{} : AgentSource{runtime::lookup_agent};
        CheckedSpec spec = load_and_check(o->paths, o->color, agents);
        set_exit_code(spec.model ? 0 : 1);
    });
}

}  // namespace aa::cli
