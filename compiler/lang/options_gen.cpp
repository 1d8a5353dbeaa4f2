#include "compiler/lang/options_gen.hpp"

#include <pugixml.hpp>

#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

namespace aa::options {
namespace {

struct Row {
    std::string scope, name, type, def;
    std::vector<std::string> values;
    std::string source, description, alias_of;
    bool advanced = false;
};

// Pacemaker's content types (2.1 and the names later releases use) -> ours.
std::string map_type(const std::string& t, const std::string& daemon, const std::string& name) {
    if (t == "boolean") return "Boolean";
    if (t == "integer" || t == "nonnegative_integer" || t == "port" || t == "epoch_time") return "Integer";
    if (t == "score") return "Score";
    if (t == "time" || t == "duration" || t == "timeout") return "Duration";
    if (t == "select") return "Enum";
    if (t == "percentage") return "Percentage";
    if (t == "string" || t == "version") return "String";
    throw std::runtime_error(daemon + " describes option " + name + " with content type \"" + t +
                             "\", which options_gen.cpp does not map yet");
}

std::string trim(std::string s) {
    std::size_t b = s.find_first_not_of(" \t\n");
    std::size_t e = s.find_last_not_of(" \t\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// "*** Advanced Use Only *** Whether ..." -> ("Whether ...", advanced)
std::pair<std::string, bool> plain_description(std::string d) {
    bool advanced = false;
    for (std::string mark : {"*** Advanced Use Only ***", "*** Deprecated ***"})
        if (d.rfind(mark, 0) == 0) {
            advanced = true;
            d = d.substr(mark.size());
        }
    if (d.rfind("Advanced use only:", 0) == 0) {
        advanced = true;
        d = d.substr(18);
    }
    return {trim(d), advanced};
}

void read_daemon(const DaemonMetadata& m, std::vector<Row>& rows, std::set<std::pair<std::string, std::string>>& seen) {
    pugi::xml_document doc;
    if (!doc.load_string(m.xml.c_str())) throw std::runtime_error(m.daemon + " metadata is not XML");
    std::string scope = m.daemon == "pacemaker-fenced" ? "FenceDevice" : "Cluster";
    for (pugi::xml_node p : doc.child("resource-agent").child("parameters").children("parameter")) {
        Row r;
        r.scope = scope;
        r.name = p.attribute("name").value();
        pugi::xml_node c = p.child("content");
        r.type = map_type(c.attribute("type").value(), m.daemon, r.name);
        r.def = c.attribute("default").value();
        for (pugi::xml_node o : c.children("option")) r.values.push_back(o.attribute("value").value());
        r.source = m.daemon;
        std::tie(r.description, r.advanced) = plain_description(p.child("shortdesc").text().get());
        if (!seen.insert({r.scope, r.name}).second) continue;
        rows.push_back(std::move(r));
    }
}

std::string mapped_scope(const std::string& s, int line) {
    if (s == "resource") return "Resource";
    if (s == "clone") return "Clone";
    if (s == "promotable") return "Promotable";
    if (s == "operation") return "Operation";
    if (s == "cluster") return "Cluster";
    throw std::runtime_error("resource_options.txt:" + std::to_string(line) + ": unknown scope " + s);
}

std::string mapped_own_type(const std::string& t, int line) {
    if (t == "boolean") return "Boolean";
    if (t == "integer") return "Integer";
    if (t == "score") return "Score";
    if (t == "duration") return "Duration";
    if (t == "enum") return "Enum";
    if (t == "percentage") return "Percentage";
    if (t == "timespec") return "TimeSpec";
    if (t == "string") return "String";
    throw std::runtime_error("resource_options.txt:" + std::to_string(line) + ": unknown type " + t);
}

void read_resource_options(std::string_view text, std::vector<Row>& rows,
                           std::set<std::pair<std::string, std::string>>& seen) {
    std::istringstream in{std::string(text)};
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (trim(line).empty() || trim(line)[0] == '#') continue;
        std::size_t bar = line.find(" | ");
        if (bar == std::string::npos) throw std::runtime_error("resource_options.txt:" + std::to_string(n) + ": no ` | `");
        std::istringstream fields(line.substr(0, bar));
        Row r;
        std::string scope, type, values;
        fields >> scope >> r.name >> type >> r.def >> values;
        r.scope = mapped_scope(scope, n);
        r.type = mapped_own_type(type, n);
        if (r.def == "-") r.def.clear();
        for (std::size_t s = 0; !values.empty() && s <= values.size();) {
            std::size_t comma = values.find(',', s);
            if (comma == std::string::npos) comma = values.size();
            r.values.push_back(values.substr(s, comma - s));
            s = comma + 1;
        }
        if ((r.type == "Enum") != !r.values.empty())
            throw std::runtime_error("resource_options.txt:" + std::to_string(n) + ": enum values go with type enum only");
        r.source = "Pacemaker Explained";
        std::tie(r.description, r.advanced) = plain_description(line.substr(bar + 3));
        if (r.description.rfind("Deprecated", 0) == 0) r.advanced = true;
        const std::string alias = "Deprecated alias of ";
        if (r.description.rfind(alias, 0) == 0) r.alias_of = r.description.substr(alias.size());
        if (!seen.insert({r.scope, r.name}).second)
            throw std::runtime_error("resource_options.txt:" + std::to_string(n) + ": " + r.name + " listed twice");
        rows.push_back(std::move(r));
    }
}

std::string literal(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;  // metadata descriptions are one line
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string generate_table(const std::vector<DaemonMetadata>& daemons, std::string_view resource_options) {
    std::vector<Row> rows;
    std::set<std::pair<std::string, std::string>> seen;
    std::string version;
    for (const DaemonMetadata& d : daemons) {
        pugi::xml_document doc;
        if (doc.load_string(d.xml.c_str()) && version.empty())
            version = doc.child("resource-agent").attribute("version").value();
        read_daemon(d, rows, seen);
    }
    read_resource_options(resource_options, rows, seen);

    std::ostringstream out;
    out << "// GENERATED by scripts/gen-options from Pacemaker " << version
        << "'s option metadata and compiler/lang/resource_options.txt.\n"
           "// Do not edit: change resource_options.txt or upgrade Pacemaker, then regenerate.\n"
           "// clang-format off\n"
           "#include \"compiler/lang/options.hpp\"\n\n"
           "namespace aa::options {\n"
           "namespace {\n\n"
           "using S = Scope;\n"
           "using T = Type;\n\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].values.empty()) continue;
        out << "constexpr std::string_view values_" << i << "[] = {";
        for (std::size_t j = 0; j < rows[i].values.size(); ++j) out << (j ? ", " : "") << literal(rows[i].values[j]);
        out << "};\n";
    }
    out << "\nconstexpr Option table[] = {\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Row& r = rows[i];
        out << "    {" << literal(r.name) << ", S::" << r.scope << ", T::" << r.type << ", " << literal(r.def) << ", "
            << (r.values.empty() ? std::string("{}") : "values_" + std::to_string(i)) << ", " << literal(r.source)
            << ",\n     " << literal(r.description) << ", " << (r.advanced ? "true" : "false") << ", "
            << literal(r.alias_of) << "},\n";
    }
    out << "};\n\n"
           "}  // namespace\n\n"
           "std::string_view pacemaker_version() { return "
        << literal(version)
        << "; }\n\n"
           "std::span<const Option> all() { return table; }\n\n"
           "}  // namespace aa::options\n";
    return out.str();
}

}  // namespace aa::options
