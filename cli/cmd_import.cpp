// aa import --cib FILE|live [--out DIR|FILE] [--only ID...]
// An existing cluster's configuration as a canonical spec on stdout (or --out); every CIB object
// the language cannot express is named on stderr and left unmanaged. Exit 0 (also with
// unsupported objects), 1 when the CIB cannot be read or is not a CIB.
#include <cstdio>
#include <filesystem>

#include "cli/cluster_options.hpp"
#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "compiler/cib/cib.hpp"
#include "compiler/format/format.hpp"
#include "compiler/import/import.hpp"
#include "compiler/util/escape.hpp"

namespace aa::cli {
namespace {

struct ImportOpts {
    ClusterOptions where;
    std::string out;
    std::vector<std::string> only;
};

// The CIB text: a file is read as it is (no Pacemaker tool needed), `live` asks the cluster.
bool read_cib(const ImportOpts& o, std::string& text, std::string& error) {
    if (!o.where.live()) return read_text_file(o.where.cib, text, error);
    auto transport = o.where.transport();
    text = o.where.cluster(transport.get())->query();
    return true;
}

// --out DIR (an existing directory, or a path ending in '/') gets CLUSTER.aa inside it.
std::string out_path(const std::string& out, const ast::File& file) {
    std::error_code ec;
    if (!out.empty() && (out.back() == '/' || std::filesystem::is_directory(out, ec))) {
        std::string name = "cluster";
        if (!file.items.empty())
            if (const auto* c = std::get_if<ast::Cluster>(&file.items.front())) name = c->name.text;
        return (std::filesystem::path(out) / (name + ".aa")).string();
    }
    return out;
}

void report_unsupported(const std::vector<Unsupported>& list) {
    for (const Unsupported& u : list)
        std::fprintf(stderr, "not imported: %s%s (%s); left unmanaged\n", escape_for_terminal(u.kind).c_str(),
                     u.id.empty() ? "" : escape_for_terminal(" " + u.id).c_str(), escape_for_terminal(u.detail).c_str());
}

int run_import(const ImportOpts& o) {
    std::string text, error;
    if (!read_cib(o, text, error)) {
        std::fprintf(stderr, "error: %s\n", error.c_str());
        return 1;
    }
    pugi::xml_document doc;
    std::string source = o.where.live() ? "live" : o.where.cib;
    if (!cib::load(text, source, doc, error)) {
        std::fprintf(stderr, "error: cannot import: %s\n", error.c_str());
        return 1;
    }
    ImportOptions options;
    options.only = o.only;
    ImportResult result = import_cib(doc.document_element(), options);
    if (!result.refusal.empty()) {
        std::fprintf(stderr, "error: cannot import %s: %s\n", source.c_str(), result.refusal.c_str());
        return 1;
    }
    SourceSet sources;
    std::string spec = format_file(result.file, sources);
    report_unsupported(result.unsupported);
    if (o.out.empty()) {
        std::fputs(spec.c_str(), stdout);
        return 0;
    }
    std::string path = out_path(o.out, result.file);
    if (!write_file_atomic(path, spec, error)) {
        std::fprintf(stderr, "error: %s\n", error.c_str());
        return 1;
    }
    return 0;
}

}  // namespace

void register_import(CLI::App& app) {
    auto* cmd = app.add_subcommand("import", "Write a spec for an existing cluster's configuration");
    auto o = std::make_shared<ImportOpts>();
    o->where.add_to(cmd, true);
    cmd->add_option("--out", o->out, "Write the spec to FILE, or to DIR/CLUSTER.aa (default: stdout)");
    cmd->add_option("--only", o->only, "Import only these resources (primitive or clone ids) and their constraints");
    cmd->callback([o] {
        set_exit_code(run_import(*o));
    });
}

}  // namespace aa::cli
