// Each `aa` subcommand registers itself here; the command bodies live in cmd_*.cpp.
#pragma once
#include <CLI/CLI.hpp>
#include <string>

namespace aa::cli {

void register_commands(CLI::App& app);
void set_exit_code(int code);
// Prints "error: MESSAGE" on stderr; returns 1, the exit status of a failed command.
int fail(const std::string& message);
int exit_code();
// "aa 0.1.0 (built against Pacemaker 2.1.5)": what --version prints and man pages carry.
std::string version_string();

// One registration function per command file.
void register_check(CLI::App& app);
void register_fmt(CLI::App& app);
void register_plan(CLI::App& app);
void register_simulate(CLI::App& app);
void register_drift(CLI::App& app);
void register_import(CLI::App& app);
void register_apply(CLI::App& app);
void register_explain(CLI::App& app);
void register_debug(CLI::App& app);
void register_route(CLI::App& app);
void register_drain(CLI::App& app);
void register_alert_agent(CLI::App& app);
void register_completion(CLI::App& app);
void register_recover(CLI::App& app);
void register_test(CLI::App& app);
void register_rollout(CLI::App& app);

}  // namespace aa::cli
