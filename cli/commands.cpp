#include "cli/commands.hpp"

#include <cstdio>
#include "compiler/util/escape.hpp"

namespace aa::cli {
namespace {
int g_exit = 0;
}

void set_exit_code(int code) { g_exit = code; }
int exit_code() { return g_exit; }

std::string version_string() {
    return std::string("aa ") + AA_VERSION + " (built against Pacemaker " + AA_PACEMAKER_VERSION + ")";
}

int fail(const std::string& message) {
    // "[E080] text": a coded runtime error, printed as the diagnostics are (`aa explain E080`).
    bool coded = message.size() > 7 && message[0] == '[' && message[5] == ']' && message[6] == ' ';
    std::string text = escape_for_terminal(coded ? message.substr(7) : message, true);
    if (coded) std::fprintf(stderr, "error%s: %s\n", message.substr(0, 6).c_str(), text.c_str());
    else std::fprintf(stderr, "error: %s\n", text.c_str());
    return 1;
}

void register_commands(CLI::App& app) {
    register_check(app);
    register_fmt(app);
    register_plan(app);
    register_simulate(app);
    register_drift(app);
    register_import(app);
    register_apply(app);
    register_explain(app);
    register_debug(app);
    register_route(app);
    register_drain(app);
    register_alert_agent(app);
    register_completion(app);
    register_recover(app);
    register_test(app);
    register_rollout(app);
}

}  // namespace aa::cli
