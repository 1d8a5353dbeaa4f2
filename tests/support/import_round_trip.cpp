#include "support/import_round_trip.hpp"

#include <sstream>

#include <pugixml.hpp>

#include "compiler/format/format.hpp"
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

}  // namespace aa::test
