// aa debug ...: views of intermediate stages for golden tests and curious operators (not a stable interface).
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "compiler/lang/ast_dump.hpp"
#include "runtime/planner.hpp"
#include "compiler/lang/load.hpp"

namespace aa::cli {

void register_debug(CLI::App& app) {
    auto* debug = app.add_subcommand("debug", "Print intermediate stages (for tests)");
    debug->group("");  // hidden from --help
    debug->require_subcommand(1);

    auto paths = std::make_shared<std::vector<std::string>>();
    auto* ast_cmd = debug->add_subcommand("ast", "Print the syntax tree");
    ast_cmd->add_option("PATH", *paths)->required();
    ast_cmd->callback([paths] {
        SourceSet sources;
        Diagnostics diags;
        ast::Spec spec = load_spec(*paths, sources, diags);
        print_diagnostics(diags, sources, {});
        for (const ast::File& f : spec.files) std::fputs(dump_ast(f, sources).c_str(), stdout);
        set_exit_code(diags.has_errors() ? 1 : 0);
    });

    struct DesiredOpts {
        std::vector<std::string> paths;
        std::string cib;
    };
    auto d = std::make_shared<DesiredOpts>();
    auto* desired_cmd = debug->add_subcommand("desired", "Print the desired CIB: the base with the spec applied");
    desired_cmd->add_option("PATH", d->paths)->required();
    desired_cmd->add_option("--cib", d->cib, "base CIB file")->required();
    desired_cmd->callback([d] {
        CheckedSpec spec = load_and_check(d->paths, {});
        std::string base, error;
        if (!spec.model || !read_text_file(d->cib, base, error)) return set_exit_code(1);
        runtime::PlanRequest req{*spec.model};
        req.base_xml = base;
        req.base_source = d->cib;
        req.simulate = false;
        req.keep_desired = true;
        runtime::PlanOutcome out = runtime::make_plan(req);
        if (!out.ok) return set_exit_code(1);
        std::fputs(out.desired_xml.c_str(), stdout);
        set_exit_code(0);
    });

    auto cib_paths = std::make_shared<std::vector<std::string>>();
    auto* cib_cmd = debug->add_subcommand("default-cib", "Print the embedded default base CIB for a spec");
    cib_cmd->add_option("PATH", *cib_paths)->required();
    cib_cmd->callback([cib_paths] {
        CheckedSpec spec = load_and_check(*cib_paths, {});
        if (!spec.model) return set_exit_code(1);
        pugi::xml_document doc;
        runtime::default_base(*spec.model, doc);
        pugi::xml_writer_file out(stdout);
        doc.save(out, "  ");
        set_exit_code(0);
    });
}

}  // namespace aa::cli
