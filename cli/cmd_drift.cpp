// aa drift PATH... --cib FILE|live [--format text|markdown|json]
// Per owned object, what differs between the spec and the cluster. Exit 0 in sync, 2 drifted, 1 error.
#include <cstdio>
#include <utility>

#include "cli/cluster_options.hpp"
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "compiler/plan/drift.hpp"
#include "runtime/planner.hpp"
#include "compiler/util/escape.hpp"

namespace aa::cli {
namespace {

struct DriftOpts {
    std::vector<std::string> paths;
    ClusterOptions where;
    std::string format = "text";
    ColorOption color;
};

int run_drift(const DriftOpts& o) {
    CheckedSpec spec = load_and_check(o.paths, o.color);
    if (!spec.model) return 1;
    runtime::PlanRequest req{*spec.model};
    req.base_xml = o.where.read_base();
    req.base_source = o.where.live() ? "live" : o.where.cib;
    req.adopt = true;       // untagged objects with the spec's ids are reported, not fatal
    req.simulate = false;   // drift is about configuration, not placement
    runtime::PlanOutcome out = runtime::make_plan(std::move(req));
    if (!out.ok) {
        for (const std::string& e : out.errors) std::fprintf(stderr, "error: %s\n", escape_for_terminal(e, true).c_str());
        return 1;
    }
    std::vector<drift::Item> items = drift::compute(out.plan, out.base_managed);
    std::string text = o.format == "json"       ? drift::render_json(items)
                       : o.format == "markdown" ? drift::render_markdown(items)
                                                : drift::render_text(items);
    std::fputs(o.format == "json" ? text.c_str() : escape_for_terminal(text, true).c_str(), stdout);
    return items.empty() ? 0 : 2;
}

}  // namespace

void register_drift(CLI::App& app) {
    auto* cmd = app.add_subcommand("drift", "Report owned objects that differ from the spec, were deleted, or collide");
    auto o = std::make_shared<DriftOpts>();
    cmd->add_option("PATH", o->paths, "spec files or directories")->required();
    o->where.add_to(cmd, true);
    cmd->add_option("--format", o->format, "text, markdown, json")->check(CLI::IsMember({"text", "markdown", "json"}));
    add_color_option(cmd, o->color);
    cmd->callback([o] {
        set_exit_code(run_drift(*o));
    });
}

}  // namespace aa::cli
