// aa completion bash|zsh: the shell completion script on stdout.
// aa man-pages DIR (hidden; what scripts/package runs): one man page per command into DIR.
#include <cstdio>
#include <fstream>

#include "cli/cli_tree.hpp"
#include "cli/commands.hpp"
#include "cli/completion.hpp"
#include "cli/manpage.hpp"

namespace aa::cli {
namespace {

const CLI::App& root_of(const CLI::App* app) {
    while (app->get_parent() != nullptr) app = app->get_parent();
    return *app;
}

}  // namespace

void register_completion(CLI::App& app) {
    auto shell = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand("completion", "Print the shell completion script (bash or zsh)");
    cmd->add_option("SHELL", *shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
    cmd->callback([cmd, shell] {
        std::vector<CommandDoc> tree = command_tree(root_of(cmd));
        std::string script = *shell == "bash" ? bash_completion(tree) : zsh_completion(tree);
        std::fputs(script.c_str(), stdout);
        set_exit_code(0);
    });

    auto dir = std::make_shared<std::string>();
    auto* man = app.add_subcommand("man-pages", "Write one man page per command into DIR");
    man->group("");  // for packaging, not for operators
    man->add_option("DIR", *dir, "output directory (must exist)")->required();
    man->callback([man, dir] {
        for (const ManPage& page : man_pages(command_tree(root_of(man)), version_string())) {
            std::ofstream out(*dir + "/" + page.file, std::ios::binary | std::ios::trunc);
            out << page.text;
            if (!out) throw std::runtime_error("cannot write " + *dir + "/" + page.file);
        }
        set_exit_code(0);
    });
}

}  // namespace aa::cli
