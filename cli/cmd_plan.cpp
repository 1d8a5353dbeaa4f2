// aa plan PATH... [--cib FILE|live] [--out PLAN] [--patch FILE] [--format ...] [--adopt]
// Exit 0: no changes; 2: changes; 1: errors.
#include <cstdio>
#include <utility>

#include "cli/cluster_options.hpp"
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "cli/spec_tests.hpp"
#include "compiler/lang/load_tests.hpp"
#include "compiler/plan/plan_file.hpp"
#include "compiler/plan/plan_render.hpp"
#include "runtime/plan_signature.hpp"
#include "runtime/planner.hpp"
#include "runtime/script.hpp"

namespace aa::cli {
namespace {

struct PlanOpts {
    std::vector<std::string> paths;
    ClusterOptions where;
    std::string out, patch, format = "text", sign;
    bool adopt = false;
    bool accept_new_problems = false, accept_outage = false;
    bool script = false;
    bool no_simulate = false;
    bool no_tests = false;
    ColorOption color;
};

std::string spec_hash(const SourceSet& sources, std::vector<std::string>& files) {
    std::vector<std::pair<std::string, std::string>> parts;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        parts.emplace_back(sources.file(static_cast<std::uint32_t>(i)).path, sources.file(static_cast<std::uint32_t>(i)).text);
        files.push_back(parts.back().first);
    }
    return runtime::spec_fingerprint(parts);
}


bool write_outputs(const PlanOpts& o, const plan::Plan& p) {
    std::string error;
    if (!o.out.empty() && !write_file_atomic(o.out, plan::save(p), error, FileAccess::Private)) return fail(error), false;
    if (!o.patch.empty() && !p.patch_xml.empty() && !write_file_atomic(o.patch, p.patch_xml, error))
        return fail(error), false;
    return true;
}

std::string render(const std::string& format, const plan::Plan& p) {
    if (format == "markdown") return plan::render_markdown(p);
    if (format == "json") return plan::render_json(p);
    if (format == "actions") return plan::render_actions(p);
    return plan::render_text(p);
}

int run_plan(const PlanOpts& o) {
    if (o.no_simulate && (!o.out.empty() || o.script))
        return fail("--no-simulate plans cannot be saved or scripted: apply needs the predicted placement");
    if (o.script && o.where.cib.empty()) return fail("--script needs --cib FILE or --cib live: the script changes a real CIB");
    if (!o.sign.empty() && o.out.empty()) return fail("--sign needs --out PLAN: the signature is written beside the plan file");
    if (!o.out.empty() && o.where.cib.empty())
        return fail("[E084] --out without --cib: the plan would be made against the embedded default base (the spec's "
                    "nodes, nothing running), which no real cluster has, so `aa apply` would find it stale; plan with "
                    "--cib FILE or --cib live");
    SpecAndTests found = find_tests(o.paths);
    CheckedSpec spec = load_and_check(found.spec, o.color);
    if (!spec.model) return 1;
    // The spec's behaviour tests run on the planned configuration (docs/testing.md).
    bool run_tests = !found.tests.empty() && !o.no_tests && !o.no_simulate && !o.script && (o.format == "text" || o.format == "markdown");
    runtime::PlanRequest req{*spec.model};
    req.spec_hash = spec_hash(spec.sources, req.spec_files);
    req.adopt = o.adopt;
    req.accept_new_problems = o.accept_new_problems;
    req.accept_outage = o.accept_outage;
    req.simulate = !o.no_simulate;
    req.keep_desired = run_tests;
    if (!o.where.cib.empty()) {
        req.base_xml = o.where.read_base();
        if (req.base_xml.find_first_not_of(" \t\r\n") == std::string::npos)
            return fail("[E084] --cib " + o.where.cib + ": the CIB is empty; give a CIB file (cibadmin --query > FILE) or --cib live");
        req.base_source = o.where.live() ? "live" : o.where.cib;
    }
    runtime::PlanOutcome outcome = runtime::make_plan(std::move(req));
    if (!outcome.ok) {
        for (const std::string& e : outcome.errors) fail(e);
        return 1;
    }
    if (!write_outputs(o, outcome.plan)) return 1;
    if (!o.sign.empty())
        if (std::string why = runtime::sign_plan(o.out, o.sign); !why.empty()) return fail(why);
    if (o.script) {
        auto transport = o.where.transport();
        std::fputs(runtime::render_script(outcome.plan, *transport, {o.where.cib, o.where.on, 120}).c_str(), stdout);
        return outcome.plan.has_changes() ? 2 : 0;
    }
    std::fputs(render(o.format, outcome.plan).c_str(), stdout);
    if (run_tests) {
        std::fputs("\nBehaviour tests:\n", stdout);
        std::fflush(stdout);
        SpecTestOptions t;
        t.test_files = found.tests;
        t.color = o.color;
        if (!run_spec_tests(*spec.model, outcome.desired_xml, t).ok) {
            std::fputs("This change breaks the behaviour tests above.\n", stdout);
            return 1;
        }
    }
    return outcome.plan.has_changes() ? 2 : 0;
}

}  // namespace

void register_plan(CLI::App& app) {
    auto* cmd = app.add_subcommand("plan", "Show what would change: CIB patch, host actions, predicted placement");
    auto o = std::make_shared<PlanOpts>();
    cmd->add_option("PATH", o->paths, "spec files or directories")->required();
    o->where.add_to(cmd);
    cmd->add_option("--out", o->out, "Save the plan for `aa apply`");
    cmd->add_option("--patch", o->patch, "Write the format-2 patchset XML to FILE");
    cmd->add_option("--sign", o->sign, "Sign the saved plan with this SSH private key (ssh-keygen -Y sign; writes PLAN.sig)");
    cmd->add_option("--format", o->format, "text, markdown (pull requests), json (docs/plan-json.md), actions")
        ->check(CLI::IsMember({"text", "markdown", "json", "actions"}));
    cmd->add_flag("--adopt", o->adopt, "Take over existing CIB objects with the spec's ids");
    cmd->add_flag("--accept-new-problems", o->accept_new_problems,
                  "Plan although the change adds problems the cluster does not have now (a node down for hours); "
                  "the saved plan records it and says so in its first lines");
    cmd->add_flag("--accept-outage", o->accept_outage,
                  "Accept that a route has no server while the change runs (every serving instance stops or restarts at once)");
    cmd->add_flag("--no-simulate", o->no_simulate,
                  "Skip crm_verify and crm_simulate (no placement, no host actions that depend on it); "
                  "for quick drift checks on large CIBs. A saved plan made this way cannot be applied");
    cmd->add_flag("--script", o->script,
                  "Print the whole transaction as a POSIX shell script to review or run by hand (needs --cib)");
    cmd->add_flag("--no-tests", o->no_tests, "Do not run the spec's behaviour tests (*.aatest, docs/testing.md)");
    add_color_option(cmd, o->color);
    cmd->callback([o] {
        set_exit_code(run_plan(*o));
    });
}

}  // namespace aa::cli
