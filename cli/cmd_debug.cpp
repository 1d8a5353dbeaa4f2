// aa debug ...: views of intermediate stages for golden tests and curious operators (not a stable interface).
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "compiler/ast_dump.hpp"
#include "runtime/planner.hpp"
#include "compiler/load.hpp"

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
