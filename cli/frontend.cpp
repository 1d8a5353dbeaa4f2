#include "cli/frontend.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "compiler/check/check.hpp"
#include "compiler/lang/ast.hpp"
#include "compiler/lang/load.hpp"

namespace aa::cli {

bool ColorOption::enabled_for(int fd) const {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return isatty(fd) != 0;
}

void add_color_option(CLI::App* cmd, ColorOption& opt) {
    cmd->add_option("--color", opt.mode, "Colour diagnostics: auto (on a terminal, unless NO_COLOR), always, never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
}

void print_diagnostics(const Diagnostics& diags, const SourceSet& sources, const ColorOption& color) {
    if (diags.empty()) return;
    std::string text = render(diags.sorted(), sources, {color.enabled_for(2)});
    text += summary(diags) + "\n";
    std::fputs(text.c_str(), stderr);
}

CheckedSpec load_and_check(const std::vector<std::string>& paths, const ColorOption& color, const AgentSource& agents) {
    CheckedSpec out;
    Diagnostics diags;
    {
        ast::Spec tree = load_spec(paths, out.sources, diags);
        // Syntax errors leave holes in the AST; checking it would only add noise.
        if (!diags.has_errors()) out.model = check(tree, out.sources, diags);
    }
    if (out.model && agents) check_agents(*out.model, agents, diags);
    print_diagnostics(diags, out.sources, color);
    if (diags.has_errors()) out.model.reset();
    return out;
}

bool write_file_atomic(const std::string& path, const std::string& text, std::string& error, FileAccess access) {
    error = write_file_safely(path, text, access);
    return error.empty();
}

bool read_text_file(const std::string& path, std::string& text, std::string& error, std::size_t max_bytes) {
    return read_file_bounded(path, max_bytes, text, error);
}

}  // namespace aa::cli
