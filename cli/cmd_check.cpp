// aa check PATH...: parse and type-check; exit 0 clean (warnings allowed), 1 on errors.
#include "cli/commands.hpp"
#include "cli/frontend.hpp"

namespace aa::cli {

void register_check(CLI::App& app) {
    auto* cmd = app.add_subcommand("check", "Parse and type-check a spec (files or directories of *.aa)");
    struct Opts {
        std::vector<std::string> paths;
        ColorOption color;
    };
    auto o = std::make_shared<Opts>();
    cmd->add_option("PATH", o->paths, "spec files or directories")->required();
    add_color_option(cmd, o->color);
    cmd->callback([o] {
        CheckedSpec spec = load_and_check(o->paths, o->color);
        set_exit_code(spec.model ? 0 : 1);
    });
}

}  // namespace aa::cli
