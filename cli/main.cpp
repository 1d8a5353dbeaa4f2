// `aa`: a thin CLI11 front over the compiler and runtime libraries.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>

#include "cli/commands.hpp"
#include "compiler/diag/suggest.hpp"
#include "compiler/util/escape.hpp"

namespace {

// `aa plna`: CLI11 would only say "A subcommand is required"; name the word and the command meant.
bool unknown_command(CLI::App& app, int argc, char** argv) {
    if (argc < 2 || argv[1][0] == '-') return false;
    std::vector<std::string> names;
    for (const CLI::App* c : app.get_subcommands([](CLI::App*) { return true; })) names.push_back(c->get_name());
    std::string word = argv[1];
    if (std::find(names.begin(), names.end(), word) != names.end()) return false;
    std::string message = "unknown command `" + aa::escape_for_terminal(word) + "`";
    if (auto s = aa::suggest_from(word, names)) {
        message += "; did you mean `" + *s + "`?";
    } else {
        message += "; the commands are";
        for (const std::string& n : names) message += " " + n;
    }
    aa::cli::fail(message + " (aa --help)");
    return true;
}

}  // namespace
#include "runtime/interrupt.hpp"

int main(int argc, char** argv) {
    CLI::App app{"aa: a transactional configuration compiler for Pacemaker clusters"};
    app.require_subcommand(1);
    app.set_version_flag("--version", aa::cli::version_string());
    aa::cli::register_commands(app);
    if (unknown_command(app, argc, argv)) return 1;
    aa::runtime::install_interrupt_handlers();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        // Usage errors exit 1 like any other error (0 for --help / --version).
        return rc == 0 ? 0 : 1;
    } catch (const aa::runtime::Interrupted& i) {
        // Unwound from the command that was running (its group killed, temporary files removed).
        std::fprintf(stderr, "aa: %s\n", i.what().c_str());
        aa::runtime::exit_with_signal(i.signal);
    } catch (const std::exception& e) {
        // A command that cannot go on (a tool failed, a file is unreadable) says why, in one place.
        return aa::cli::fail(e.what());
    }
    return aa::cli::exit_code();
}
