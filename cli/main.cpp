// `aa`: a thin CLI11 front over the compiler and runtime libraries.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"aa: a transactional configuration compiler for Pacemaker clusters"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "aa 0.1.0");
    aa::cli::register_commands(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        // Usage errors exit 1 like any other error (0 for --help / --version).
        return rc == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        // A command that cannot go on (a tool failed, a file is unreadable) says why, in one place.
        return aa::cli::fail(e.what());
    }
    return aa::cli::exit_code();
}
