// The apply journal: every step of the transaction and every command it ran (argv, node, exit,
// duration, stderr), written as JSON with `aa apply --journal FILE`. Commands are captured through
// runtime::run()'s observer, so the Pacemaker tools run by cluster/shadow/simulate are in it too,
// and the tools' time can be told apart from ours.
#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "runtime/runner.hpp"

namespace aa::runtime {

struct JournalCommand {
    std::string step;  // the step that was running ("" outside any step)
    Result result;     // stdout is not kept: CIB dumps would swamp the journal
};

struct JournalStep {
    std::string name;    // "disable node-01: app.service ..."
    std::string status;  // ok | failed | refused | undone | skipped
    std::string detail;  // why it failed, what was undone
    std::chrono::milliseconds duration{0};
};

class Journal {
public:
    Journal();
    ~Journal();  // stops recording
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    // Commands finishing from now on belong to this step.
    void begin_step(const std::string& name);
    void end_step(const std::string& status, std::chrono::milliseconds duration, const std::string& detail = {});

    const std::vector<JournalStep>& steps() const { return steps_; }
    const std::vector<JournalCommand>& commands() const { return commands_; }
    // Sum of the durations of every command run while recording.
    std::chrono::milliseconds tools_time() const;

    // {"plan": ..., "outcome": ..., "steps": [...], "commands": [...]}.
    std::string to_json(const std::string& plan_path, const std::string& outcome) const;
    // The same document for any run that journals: `fields` first (apply: plan, outcome; rollout:
    // rollout, outcome), then string lists (rollout: what it left behind), then steps and commands.
    struct Head {
        std::vector<std::pair<std::string, std::string>> fields;
        std::vector<std::pair<std::string, std::vector<std::string>>> lists;
    };
    std::string to_json(const Head& head) const;

private:
    void record(const Command& cmd, const Result& r);
    RunObserver previous_;
    std::string current_;
    std::vector<JournalStep> steps_;
    std::vector<JournalCommand> commands_;
};

}  // namespace aa::runtime
