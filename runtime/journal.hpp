// The journal: written ahead, one JSON record per line, fsynced as each is written, from before the
// first step to the end (docs/journal.md is the format, shared by `aa apply` and `aa rollout`; `aa
// recover` reads it). Every command run while it records is in it too (argv, node, exit, duration,
// stderr; not stdout), captured through runtime::run()'s observer, so the Pacemaker tools run by
// cluster/shadow/simulate are there and the tools' time can be told apart from ours.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/runner.hpp"

namespace aa::runtime {

inline constexpr int kJournalFormat = 1;

struct JournalCommand {
    std::string step;  // the step that was running ("" outside any step)
    Result result;     // stdout is not kept: CIB dumps would swamp the journal
};

struct JournalStep {
    std::string name;    // "disable node-01: app.service ..."
    std::string status;  // ok | failed | refused | interrupted | undone
    std::string detail;  // why it failed, what was undone
    std::chrono::milliseconds duration{0};
};

// What was there before a change, as the command (or router call) that puts it back. Pushed to the
// journal *before* the change runs: a change in flight when aa dies counts as done.
struct JournalUndo {
    int id = 0;
    std::string description;        // "re-enable app.service on node-01"
    std::string node;
    std::vector<std::string> argv;  // a host command through the transport, or
    std::string router_service;     // a router call: set `router_server` on `node` ready for this service's route
    std::string router_server;
    std::string hold;               // or a node attribute to delete on `node` through the cluster (a hold's "maintenance")
    std::string constraint;         // or a location constraint (this id) to delete through the cluster (a pin)
};

// Who wrote the journal and against what: enough for `aa recover` to judge the cluster's state.
struct JournalHeader {
    std::string kind = "apply";  // apply | rollout
    std::string plan_path;
    std::string plan_sha256;     // of the plan file's text
    std::string cib;             // what --cib said: a file path or "live"
    std::string on_node;         // --on
    std::string hosts;           // how nodes were reached: "" (local), "ssh", or the --host-exec template
    long long base_admin_epoch = 0, base_epoch = 0;
    std::string base_config_hash;
};

class Journal {
public:
    Journal();
    ~Journal();  // stops recording
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    // Starts writing ahead to `path` (created 0600 with O_EXCL, beside the target, then renamed in;
    // an existing journal whose apply never ended is refused). Empty on success, else why not.
    std::string open(const std::string& path, const JournalHeader& header);
    const std::string& path() const { return path_; }

    // Commands finishing from now on belong to this step.
    void begin_step(const std::string& name);
    void end_step(const std::string& status, std::chrono::milliseconds duration, const std::string& detail = {});
    void planned(const std::string& config_hash);  // what the commit must leave (the patched shadow's hash)
    void undo_pushed(const JournalUndo& u);
    void undo_ran(int id, const std::string& status, const std::string& detail = {});
    void commit_begin();
    void commit_end(bool committed, const std::string& detail = {});
    void finish(const std::string& outcome);  // the last record: nothing to recover after it

    const std::vector<JournalStep>& steps() const { return steps_; }
    const std::vector<JournalCommand>& commands() const { return commands_; }
    std::chrono::milliseconds tools_time() const;

    // {"plan": ..., "outcome": ..., "steps": [...], "commands": [...]}: the summary, for tests and reports.
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
    void append(const std::string& line);  // one record, written and fsynced
    RunObserver previous_;
    std::string current_;
    std::vector<JournalStep> steps_;
    std::vector<JournalCommand> commands_;
    std::string path_;
    int fd_ = -1;
    bool write_failed_ = false;
};

// A journal as `aa recover` reads it back.
struct JournalState {
    JournalHeader header;
    int format = 0;
    std::string planned_hash;
    bool commit_begun = false, commit_ended = false, committed = false;
    std::vector<JournalUndo> undos;   // in the order they were pushed
    std::vector<int> undone;          // ids undone successfully (by the apply or an earlier recover)
    std::optional<std::string> outcome;  // set when the journal was closed ("applied", "recovered: undone", ...)
    std::vector<std::string> steps_done;  // names of steps that ended ok
};

// Parses a journal; a torn last line (aa killed while writing it) is ignored. False with `error`.
bool read_journal(const std::string& text, JournalState& out, std::string& error);

// Appends records to an existing journal (recover's own account). Empty on success.
std::string append_to_journal(const std::string& path, const std::vector<std::string>& json_lines);

// Where a journal goes when --journal is not given: $AA_JOURNAL_DIR, else /var/lib/aa/journal,
// named for the time and the process.
std::string default_journal_path();

}  // namespace aa::runtime
