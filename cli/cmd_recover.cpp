// aa recover JOURNAL [--cib FILE|live] [--on NODE] [--host-exec T|--ssh] [--yes]
// After a killed apply: undo its host steps (CIB unchanged) or finish it (CIB committed), saying
// which (runtime/recover.hpp). Exit 0 when cluster and nodes are consistent again, 1 otherwise.
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/cluster_options.hpp"
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "compiler/plan/plan_file.hpp"
#include "compiler/util/json_writer.hpp"
#include "compiler/util/sha256.hpp"
#include "runtime/recover.hpp"
#include "runtime/transaction.hpp"

namespace aa::cli {
namespace {

struct RecoverOpts {
    std::string journal;
    ClusterOptions where;
    bool yes = false;
};

// The plan the journal names, if it is still there and unchanged (its routes are needed for routing).
std::unique_ptr<plan::Plan> plan_of(const runtime::JournalHeader& h) {
    std::string text, error;
    if (h.plan_path.empty() || !read_text_file(h.plan_path, text, error)) return nullptr;
    if (sha256_hex(text) != h.plan_sha256) {
        std::fprintf(stderr, "warning: %s changed since the apply; it is not used\n", h.plan_path.c_str());
        return nullptr;
    }
    auto p = std::make_unique<plan::Plan>();
    return plan::load(text, *p, error) ? std::move(p) : nullptr;
}

int run_recover(const RecoverOpts& o) {
    std::string text, error;
    if (!read_text_file(o.journal, text, error)) return fail(error);
    runtime::JournalState j;
    if (!runtime::read_journal(text, j, error)) return fail(o.journal + ": " + error);
    ClusterOptions where = o.where;
    if (where.cib.empty()) where.cib = j.header.cib;
    if (where.on.empty()) where.on = j.header.on_node;
    if (where.host_exec.empty() && !where.ssh) {
        if (j.header.hosts == "ssh") where.ssh = true;
        else where.host_exec = j.header.hosts;
    }
    if (where.cib.empty()) return fail(o.journal + " does not say which CIB the apply used: give --cib FILE|live");
    if (!j.outcome && !o.yes) {
        if (!isatty(STDIN_FILENO)) return fail("refusing to recover without confirmation: stdin is not a terminal; pass --yes");
        std::printf("Recover the %s of %s against %s? Type `yes` to go on: ", j.header.kind.c_str(), j.header.plan_path.c_str(),
                    where.cib.c_str());
        std::fflush(stdout);
        std::string answer;
        std::getline(std::cin, answer);
        if (answer != "yes") return std::fputs("not recovered.\n", stderr), 1;
    }
    auto transport = where.transport();
    auto cluster = where.cluster(transport.get());
    // The same lock as apply: a recover must not race an apply on the same file.
    if (std::string why = cluster->lock(std::chrono::minutes(2)); !why.empty()) return fail(why);
    std::unique_ptr<plan::Plan> p = plan_of(j.header);
    runtime::RecoverOptions opt;
    opt.progress = [](const std::string& l) { std::printf("%s\n", l.c_str()), std::fflush(stdout); };
    runtime::Journal recording;  // captures the commands run, appended to the journal below
    runtime::RecoverOutcome r = runtime::recover(j, p.get(), *cluster, *transport, runtime::default_routers(transport.get()), opt);
    std::printf("%s\n", r.summary.c_str());
    if (r.did != runtime::RecoverOutcome::Did::Nothing) {
        std::vector<std::string> lines;
        for (const runtime::JournalCommand& c : recording.commands()) {
            std::string argv;
            for (const std::string& a : c.result.argv) argv += (argv.empty() ? "\"" : ",\"") + json_escape(a) + "\"";
            lines.push_back("{\"rec\":\"command\",\"step\":\"recover\",\"argv\":[" + argv + "],\"node\":\"" +
                            json_escape(c.result.node) + "\",\"exit\":" + std::to_string(c.result.exit_code) + "}");
        }
        lines.push_back("{\"rec\":\"end\",\"outcome\":\"" + json_escape(r.outcome_word()) + "\"}");
        if (std::string why = runtime::append_to_journal(o.journal, lines); !why.empty()) fail(why);
    }
    return r.ok ? 0 : 1;
}

}  // namespace

void register_recover(CLI::App& app) {
    auto* cmd = app.add_subcommand("recover", "After a killed apply: undo its host steps or finish it, from its journal");
    auto o = std::make_shared<RecoverOpts>();
    cmd->add_option("JOURNAL", o->journal, "the journal the apply wrote (its path is printed when the apply starts)")->required();
    o->where.add_to(cmd);
    cmd->add_flag("--yes,-y", o->yes, "Do not ask for confirmation (required when stdin is not a terminal)");
    cmd->callback([o] { set_exit_code(run_recover(*o)); });
}

}  // namespace aa::cli
