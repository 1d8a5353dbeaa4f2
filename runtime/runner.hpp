// The one place a subprocess starts. Every external command (cibadmin, crm_simulate, systemctl
// through a transport, ...) goes through run(): argv without a shell, optional stdin, a timeout,
// and a captured result that carries everything an error message needs.
#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace aa::runtime {

struct Command {
    std::vector<std::string> argv;
    std::vector<std::string> env;  // extra "KEY=VALUE" entries on top of the inherited environment
    std::string stdin_text;
    std::chrono::milliseconds timeout{std::chrono::minutes(2)};
    std::string node;  // which node this runs for ("" = here); journal and messages only
    std::string cwd;   // working directory ("" = inherit)
};

struct Result {
    std::vector<std::string> argv;
    std::string node;
    int exit_code = -1;      // -1 when it could not start, was killed or timed out
    bool timed_out = false;
    bool not_found = false;  // the program does not exist
    bool interrupted = false;  // killed because aa got SIGINT/SIGTERM/SIGHUP (run() then throws Interrupted)
    std::string out;
    std::string err;
    std::chrono::milliseconds duration{0};

    bool ok() const { return exit_code == 0; }
    // "cibadmin --patch ... (exit 103): <stderr>" for error messages.
    std::string describe() const;
};

Result run(const Command& cmd);

// Called after every run() with the command and its result, so the apply journal can record every
// command and split the tools' time from ours. One process-wide observer; returns the previous one
// (pass it back to restore it, {} to remove).
using RunObserver = std::function<void(const Command&, const Result&)>;
RunObserver set_run_observer(RunObserver observer);

// Shell-quoted argv, for messages, journals and scripts.
std::string shell_quote(const std::string& word);
std::string shell_join(const std::vector<std::string>& argv);

// A failure of an external command, with the whole result for the message.
class CommandError : public std::runtime_error {
public:
    explicit CommandError(Result r, std::string context = {});
    const Result& result() const { return result_; }

private:
    Result result_;
};

// Which Debian package provides a Pacemaker tool, for "not found" messages.
std::optional<std::string> package_for(const std::string& program);

}  // namespace aa::runtime
