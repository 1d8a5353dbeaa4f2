// aa apply PLAN [--cib FILE|live] [--on NODE] [--host-exec T|--ssh] [--yes] [--quiet] [--journal FILE]
//               [--wait D] [--step-timeout D] [--spec PATH...]
// The transaction of spec section 5 (runtime/transaction.hpp). Exit 0: applied; 1: refused or failed.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <utility>

#include "cli/cluster_options.hpp"
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "compiler/lang/duration.hpp"
#include "compiler/cib/cib.hpp"
#include "compiler/plan/actions.hpp"
#include "compiler/plan/plan_file.hpp"
#include "compiler/plan/plan_render.hpp"
#include "compiler/util/escape.hpp"
#include "compiler/util/sha256.hpp"
#include "runtime/interrupt.hpp"
#include "runtime/plan_signature.hpp"
#include "runtime/planner.hpp"
#include "runtime/transaction.hpp"

namespace aa::cli {
namespace {

struct ApplyOpts {
    std::string plan_path;
    ClusterOptions where;
    bool yes = false, quiet = false, accept_outage = false, require_signature = false;
    std::string allowed_signers;
    std::string journal, wait = "2m", step_timeout = "60s";
    std::vector<std::string> spec;
    ColorOption color;
};


// The fingerprint `aa plan` stored, computed the same way from the spec given here.
std::string spec_fingerprint_of(const ApplyOpts& o, std::optional<model::Model>& model, bool& ok) {
    ok = true;
    if (o.spec.empty()) return {};
    CheckedSpec spec = load_and_check(o.spec, o.color);
    if (!spec.model) return ok = false, std::string{};
    model = spec.model;
    std::vector<std::pair<std::string, std::string>> parts;
    for (std::uint32_t i = 0; i < spec.sources.size(); ++i) parts.emplace_back(spec.sources.file(i).path, spec.sources.file(i).text);
    return runtime::spec_fingerprint(parts);
}

// Signed plans (runtime/plan_signature.hpp): checked when required (flag or policy file), or when
// a signature is there and signers are known. "" when the apply may go on.
std::string check_signature(const ApplyOpts& o, const std::string& plan_text) {
    runtime::ApplyPolicy policy = runtime::read_policy();
    if (!policy.error.empty()) return "[E087] " + policy.error + "; nothing was run";
    bool required = o.require_signature || policy.require_signature;
    std::string allowed = o.allowed_signers.empty() ? policy.allowed_signers : o.allowed_signers;
    std::string sig = o.plan_path + ".sig";
    if (!required && (allowed.empty() || !std::filesystem::exists(sig))) return {};
    runtime::SignatureCheck c = runtime::verify_plan(plan_text, sig, allowed);
    if (!c.ok)
        return "[E087] " + o.plan_path + ": the plan's signature is not valid: " + c.error +
               (required ? std::string(" (a signature is required") + (policy.require_signature ? " by " + policy.source : "") + ")" : "") +
               "; nothing was run";
    if (!o.quiet) std::printf("signature: good, signed by %s\n", escape_for_terminal(c.principal).c_str());
    return {};
}

std::string action_lines(const std::vector<plan::Action>& actions) {
    std::string out;
    for (const plan::Action& a : actions) {
        out += actions::describe(a);
        for (const std::string& w : a.argv) out += " \x1f" + w;  // argv word by word, not as printed
        out += "\n";
    }
    return out;
}

// The plan made again from the spec and the current CIB, when that CIB is still the plan's base
// (otherwise the transaction refuses the plan as stale, with its own words). A plan file whose
// patch or host actions were edited, with its integrity hash recomputed, differs here.
std::string rederived_difference(const model::Model& m, const ClusterOptions& where, const plan::Plan& p) {
    std::string base_xml = where.read_base();
    pugi::xml_document doc;
    std::string error;
    if (!cib::load(base_xml, where.cib, doc, error) || cib::config_hash(doc.child("cib")) != p.base_config_hash) return {};
    runtime::PlanRequest req{m};
    req.spec_hash = p.spec_hash;
    req.spec_files = p.spec_files;
    req.base_xml = std::move(base_xml);
    req.base_source = p.base_source;
    req.adopt = !p.adopted.empty();
    req.accept_new_problems = p.accepted_new_problems;
    req.accept_outage = p.accepted_outage;
    runtime::PlanOutcome again = runtime::make_plan(std::move(req));
    if (!again.ok) return "re-planning fails: " + (again.errors.empty() ? std::string("?") : again.errors.front());
    if (again.plan.patch_xml != p.patch_xml) return "the CIB patch differs";
    if (action_lines(again.plan.actions) != action_lines(p.actions)) return "the host actions differ";
    if (plan::save_model_text(again.plan.model) != plan::save_model_text(p.model)) return "the nodes, services or routes differ";
    return {};
}

bool parse_duration(const std::string& text, const char* flag, std::chrono::milliseconds& out) {
    auto ms = duration_ms(text);
    if (!ms || *ms <= 0) return fail(std::string(flag) + " wants a duration such as 90s or 2m, not `" + text + "`"), false;
    out = std::chrono::milliseconds(*ms);
    return true;
}

// Without --yes: a terminal is asked, anything else is refused (a pipe cannot say yes by accident).
bool confirmed(const ApplyOpts& o, const plan::Plan& p) {
    if (o.yes) return true;
    if (!isatty(STDIN_FILENO)) {
        fail("refusing to apply without confirmation: stdin is not a terminal; review the plan and pass --yes");
        return false;
    }
    std::fputs(plan::render_text(p).c_str(), stdout);
    std::fputs("Apply this plan? Type `yes` to go on: ", stdout);
    std::fflush(stdout);
    std::string answer;
    std::getline(std::cin, answer);
    if (answer == "yes") return true;
    std::fputs("not applied.\n", stderr);
    return false;
}

int run_apply(const ApplyOpts& o) {
    runtime::ApplyOptions opt;
    if (!parse_duration(o.wait, "--wait", opt.wait) || !parse_duration(o.step_timeout, "--step-timeout", opt.step_timeout))
        return 1;
    std::string text, error;
    if (!read_text_file(o.plan_path, text, error)) return fail(error);
    if (std::string why = check_signature(o, text); !why.empty()) return fail(why);
    bool spec_ok = true;
    std::optional<model::Model> spec_model;
    std::string fingerprint = spec_fingerprint_of(o, spec_model, spec_ok);
    if (!spec_ok) return 1;
    plan::Plan p;
    if (!runtime::load_plan(text, fingerprint, p, error)) return fail(o.plan_path + ": " + error + "; nothing was run");

    ClusterOptions where = o.where;
    if (where.cib.empty()) where.cib = p.base_source;  // the CIB the plan was made against
    if (where.cib.empty() || where.cib == "default")
        return fail("the plan was made against the embedded default CIB: say which CIB to apply it to with --cib FILE|live");
    if (spec_model) {
        if (std::string why = rederived_difference(*spec_model, where, p); !why.empty())
            return fail("[E086] the plan is not what `aa plan` makes from the spec given with --spec and the plan's base: " +
                        why + ". Nothing was run; re-plan from the spec and review the new plan");
    }
    if (!p.outage.empty() && !p.accepted_outage && !o.accept_outage) {
        std::string routes;
        for (const std::string& r : p.outage) routes += "\n  " + r;
        return fail("[E081] the plan empties a route while it runs:" + routes +
                    "\nNothing was run. Accept the outage (`aa apply --accept-outage`, or plan with --accept-outage); "
                    "aa rolls a change node by node only when every serving instance restarts where it runs with "
                    "the same agent (docs/rollout.md), and this one stops, moves or renames them, or changes their agent");
    }
    if (!confirmed(o, p)) return 1;

    auto transport = where.transport();
    auto cluster = where.cluster(transport.get());
    runtime::Journal journal;
    runtime::JournalHeader header;
    header.plan_path = o.plan_path;
    header.plan_sha256 = sha256_hex(text);
    header.cib = where.cib;
    header.on_node = where.on;
    header.hosts = !where.host_exec.empty() ? where.host_exec : where.ssh ? "ssh" : "";
    header.base_admin_epoch = p.base_version.admin_epoch;
    header.base_epoch = p.base_version.epoch;
    header.base_config_hash = p.base_config_hash;
    // Written ahead from before the first step, so that a killed apply can be recovered.
    std::string journal_path = o.journal.empty() ? runtime::default_journal_path() : o.journal;
    if (std::string why = journal.open(journal_path, header); !why.empty())
        return fail(why + "; nothing was run");
    if (!o.quiet) std::printf("journal: %s\n", journal_path.c_str()), std::fflush(stdout);
    runtime::defer_interrupts();

    opt.file_cib = !where.live();
    if (!o.quiet) opt.progress = [](const std::string& line) { std::printf("%s\n", line.c_str()), std::fflush(stdout); };
    runtime::ApplyContext ctx{*cluster, *transport, runtime::default_routers(transport.get()), journal};
    runtime::ApplyOutcome outcome = runtime::apply(p, ctx, opt);

    std::string summary = runtime::describe_outcome(outcome);
    if (outcome.ok) {
        if (!o.quiet) std::fputs(summary.c_str(), stdout);
    } else {
        std::fputs(summary.c_str(), stderr);
    }
    std::string word = outcome.ok ? "applied" : outcome.committed ? "failed after commit" : outcome.refused ? "refused" : "failed before commit";
    if (outcome.interrupted_by) word = "interrupted (" + runtime::signal_name(outcome.interrupted_by) + "): " + word;
    journal.finish(word);
    if (int sig = runtime::interrupt_signal()) {
        std::fprintf(stderr, "aa apply: %s; journal %s\n", runtime::Interrupted{sig}.what().c_str(), journal_path.c_str());
        runtime::exit_with_signal(sig);
    }
    return outcome.ok ? 0 : 1;
}

}  // namespace

void register_apply(CLI::App& app) {
    auto* cmd = app.add_subcommand("apply", "Run a saved plan: shadow check, host steps, guarded commit, wait, routing");
    auto o = std::make_shared<ApplyOpts>();
    cmd->add_option("PLAN", o->plan_path, "the plan file written by `aa plan --out`")->required();
    o->where.add_to(cmd);
    cmd->add_flag("--yes,-y", o->yes, "Do not ask for confirmation (required when stdin is not a terminal)");
    cmd->add_flag("--quiet,-q", o->quiet, "Do not print each step as it runs");
    cmd->add_option("--journal", o->journal, "Write the journal (written ahead, JSON lines, 0600) to FILE instead of /var/lib/aa/journal/");
    cmd->add_option("--wait", o->wait, "How long to wait for the cluster to converge (default 2m)");
    cmd->add_option("--step-timeout", o->step_timeout, "Deadline of each host command (default 60s)");
    cmd->add_option("--allowed-signers", o->allowed_signers,
                    "Check PLAN.sig (an OpenSSH signature, namespace aa-plan) against this allowed-signers file");
    cmd->add_flag("--require-signature", o->require_signature,
                  "Refuse a plan without a valid signature (also: `require-signature = true` in /etc/aa/policy)");
    cmd->add_flag("--accept-outage", o->accept_outage,
                  "Apply although a route has no server while the change runs (the plan lists it under Outage)");
    cmd->add_option("--spec", o->spec, "Refuse the plan unless it was made from this spec (files or directories)");
    add_color_option(cmd, o->color);
    cmd->callback([o] {
        try {
            set_exit_code(run_apply(*o));
        } catch (const std::exception& e) {
            set_exit_code(fail(std::string(e.what()) + "; nothing was committed"));
        }
    });
}

}  // namespace aa::cli
