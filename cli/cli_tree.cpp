#include "cli/cli_tree.hpp"

namespace aa::cli {
namespace {

bool visible(const CLI::App* app) { return !app->get_group().empty(); }

OptionDoc option_doc(const CLI::Option* opt) {
    OptionDoc doc;
    for (const std::string& s : opt->get_snames()) doc.names.push_back("-" + s);
    for (const std::string& l : opt->get_lnames()) doc.names.push_back("--" + l);
    if (doc.names.empty()) doc.positional = opt->get_name();
    if (opt->get_type_size_max() > 0 && opt->get_expected_max() > 0) doc.value = opt->get_type_name();
    doc.description = opt->get_description();
    doc.required = opt->get_required();
    doc.repeatable = opt->get_items_expected_max() > 1;
    return doc;
}

void walk(const CLI::App* app, std::vector<std::string> path, std::vector<CommandDoc>& out) {
    CommandDoc doc;
    doc.path = path;
    doc.description = app->get_description();
    for (const CLI::Option* opt : app->get_options()) {
        if (opt == app->get_help_ptr() || opt == app->get_help_all_ptr() || opt->get_group().empty()) continue;
        doc.options.push_back(option_doc(opt));
    }
    auto children = app->get_subcommands([](const CLI::App* c) { return visible(c); });
    for (const CLI::App* c : children) doc.subcommands.push_back(c->get_name());
    out.push_back(doc);
    for (const CLI::App* c : children) {
        path.push_back(c->get_name());
        walk(c, path, out);
        path.pop_back();
    }
}

}  // namespace

std::vector<CommandDoc> command_tree(const CLI::App& root) {
    std::vector<CommandDoc> out;
    walk(&root, {}, out);
    return out;
}

}  // namespace aa::cli
