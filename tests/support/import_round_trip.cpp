#include "support/import_round_trip.hpp"

#include <algorithm>
#include <sstream>

#include <pugixml.hpp>
#include <rapidcheck.h>

#include "compiler/format/format.hpp"
#include "compiler/lang/ast_dump.hpp"
#include "compiler/lower/lower.hpp"

namespace aa::test {

std::string lowered_constraints(const model::Model& m) {
    pugi::xml_document doc;
    pugi::xml_node configuration = doc.append_child("configuration");
    lower::lower(m, configuration);
    std::ostringstream out;
    configuration.child("constraints").print(out, "", pugi::format_raw);
    return out.str();
}

std::unique_ptr<ParsedSpec> import_lowered(const model::Model& m, int nodes, std::vector<Unsupported>& left_out) {
    pugi::xml_document cib;
    pugi::xml_node configuration = cib.append_child("cib").append_child("configuration");
    lower::lower(m, configuration);
    pugi::xml_node node_list = configuration.append_child("nodes");
    for (int i = 1; i <= nodes; ++i) {
        pugi::xml_node n = node_list.append_child("node");
        n.append_attribute("id") = std::to_string(i).c_str();
        n.append_attribute("uname") = ("node-0" + std::to_string(i)).c_str();
    }
    ImportResult imported = import_cib(cib.child("cib"));
    left_out = imported.unsupported;
    if (!imported.refusal.empty()) left_out.push_back({"", "refusal", imported.refusal});
    SourceSet sources;
    return parse_and_check(format_file(imported.file, sources));
}

void assert_import_keeps_constraints(const model::Model& m, std::initializer_list<std::string_view> kinds) {
    std::vector<Unsupported> left_out;
    auto back = import_lowered(m, 3, left_out);
    for (const Unsupported& u : left_out) {
        RC_ASSERT(u.kind != "refusal");
        for (std::string_view kind : kinds) RC_ASSERT(u.kind != kind);
    }
    RC_ASSERT(back->model.has_value());
    RC_ASSERT(lowered_constraints(*back->model) == lowered_constraints(m));
}

void assert_format_fixed_point(const ParsedSpec& before) {
    const std::string once = format_file(before.file, before.sources);
    auto after = parse_and_check(once);
    RC_ASSERT(after->model.has_value());
    RC_ASSERT(format_file(after->file, after->sources) == once);
    RC_ASSERT(lowered_constraints(*after->model) == lowered_constraints(*before.model));
    auto again = parse_and_check(format_file(after->file, after->sources));
    RC_ASSERT(dump_ast(again->file, again->sources, false) == dump_ast(after->file, after->sources, false));
}

bool only_errors(const ParsedSpec& p, std::initializer_list<std::string_view> codes) {
    for (const Diagnostic& d : p.diags.sorted())
        if (d.severity == Severity::Error && std::find(codes.begin(), codes.end(), d.code) == codes.end()) return false;
    return true;
}

}  // namespace aa::test
