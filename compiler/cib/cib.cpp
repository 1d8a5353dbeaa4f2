// Loading and validating a base CIB; its version and canonical form.
#include "compiler/cib/cib.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/lang/options.hpp"
#include "compiler/util/sha256.hpp"

namespace aa::cib {
namespace {

std::size_t line_of(std::string_view text, std::ptrdiff_t offset) {
    const auto end = static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(offset, 0, std::ptrdiff_t(text.size())));
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + end, '\n'));
}

bool parse_count(const char* s, long long& out) {
    const std::string_view v(s);
    if (v.empty()) return false;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && p == v.data() + v.size() && out >= 0;
}

// "3.16.1" -> {3, 16, 1}; false when it is not dot-separated numbers.
bool parse_feature_set(std::string_view v, std::vector<long long>& parts) {
    while (true) {
        long long n = 0;
        auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        if (ec != std::errc()) return false;
        parts.push_back(n);
        v.remove_prefix(static_cast<std::size_t>(p - v.data()));
        if (v.empty()) return true;
        if (v.front() != '.') return false;
        v.remove_prefix(1);
    }
}

std::string check_parse(std::string_view text, const std::string& path, const pugi::xml_parse_result& r) {
    if (r) return {};
    if (r.status == pugi::status_no_document_element)
        return fmt::format("{}: not a CIB: the file holds no XML element", path);
    // pugixml reports a missing end as an error at (or just before) the end of the text.
    const std::string_view rest = text.substr(std::min(text.size(), std::size_t(std::max<std::ptrdiff_t>(r.offset, 0))));
    if (rest.find_first_not_of(" \t\r\n") == std::string_view::npos || rest.size() <= 1)
        return fmt::format("{}:{}: XML parse error: {} (the file is truncated: it ends before the document does)",
                           path, line_of(text, r.offset), r.description());
    return fmt::format("{}:{}: XML parse error: {}", path, line_of(text, r.offset), r.description());
}

std::string check_versions(const pugi::xml_node& cib, const std::string& path) {
    for (const char* name : {"admin_epoch", "epoch", "num_updates"}) {
        pugi::xml_attribute a = cib.attribute(name);
        long long v = 0;
        if (a && !parse_count(a.value(), v))
            return fmt::format("{}: not a valid CIB: <cib {}=\"{}\"> is not a non-negative integer", path, name,
                               a.value());
    }
    return {};
}

std::string check_feature_set(const pugi::xml_node& cib, const std::string& path) {
    pugi::xml_attribute a = cib.attribute("crm_feature_set");
    if (!a) return {};
    std::vector<long long> have, max;
    parse_feature_set(max_feature_set, max);
    if (!parse_feature_set(a.value(), have))
        return fmt::format("{}: not a valid CIB: crm_feature_set \"{}\" is not a version number", path, a.value());
    if (std::lexicographical_compare(max.begin(), max.end(), have.begin(), have.end()))
        return fmt::format(
            "{}: crm_feature_set {} is newer than the installed Pacemaker 2.1.5 supports ({}); its tools "
            "would refuse this CIB",
            path, a.value(), max_feature_set);
    return {};
}

// Deepest element nesting a CIB may have (issue 12): Pacemaker's own CIBs nest fewer than 15 levels.
constexpr std::size_t kMaxDepth = 1000;

// One root, and no deeper than kMaxDepth: every later walk (canonical form, diff, ids) may then
// recurse safely, and pretty-printing stays linear. Iterative itself: 100,000 levels cost a loop.
std::string check_shape(const pugi::xml_document& doc, const std::string& path) {
    int roots = 0;
    for (pugi::xml_node c : doc.children()) roots += c.type() == pugi::node_element;
    if (roots > 1)
        return fmt::format("{}: not a CIB: the file holds {} root elements after each other; a CIB is one <cib>", path, roots);
    const pugi::xml_node root = doc.document_element();
    pugi::xml_node cur = root;
    std::size_t depth = 1;
    for (;;) {
        if (depth > kMaxDepth)
            return fmt::format("{}: not a CIB aa reads: elements nested deeper than {} levels (at <{}>); Pacemaker's "
                               "schema needs far fewer",
                               path, kMaxDepth, cur.name());
        if (pugi::xml_node c = cur.first_child()) {
            cur = c;
            ++depth;
            continue;
        }
        while (cur != root && !cur.next_sibling()) {
            cur = cur.parent();
            --depth;
        }
        if (cur == root) return {};
        cur = cur.next_sibling();
    }
}

std::string check_structure(const pugi::xml_node& cib, const std::string& path) {
    if (!cib) return fmt::format("{}: not a CIB: the document has no root element", path);
    if (std::string_view(cib.name()) != "cib")
        return fmt::format("{}: not a CIB: root element is <{}>, expected <cib>", path, cib.name());
    pugi::xml_node configuration = cib.child("configuration");
    if (!configuration) return fmt::format("{}: not a valid CIB: <cib> has no <configuration>", path);
    for (const char* section : {"crm_config", "nodes", "resources", "constraints"})
        if (!configuration.child(section))
            return fmt::format("{}: not a valid CIB: <configuration> has no <{}>", path, section);
    return {};
}

// Pacemaker refuses a CIB whose ids repeat; finding it here names the id instead of a schema error later.
std::string check_unique_ids(const pugi::xml_node& configuration, const std::string& path) {
    std::unordered_map<std::string_view, const char*> seen;
    std::string error;
    struct Walker : pugi::xml_tree_walker {
        std::unordered_map<std::string_view, const char*>* seen;
        std::string* error;
        const std::string* path;
        bool for_each(pugi::xml_node& n) override {
            const char* id = n.attribute("id").value();
            // obj_ref and resource_ref name other objects' ids; they do not declare one.
            if (!*id || n.type() != pugi::node_element) return true;
            const std::string_view name = n.name();
            if (name == "obj_ref" || name == "resource_ref" || name == "role") return true;
            auto [it, fresh] = seen->emplace(id, n.name());
            if (!fresh) {
                *error = fmt::format("{}: not a valid CIB: id \"{}\" is used twice (<{}> and <{}>)", *path, id,
                                     it->second, n.name());
                return false;
            }
            return true;
        }
    } walker;
    walker.seen = &seen;
    walker.error = &error;
    walker.path = &path;
    pugi::xml_node(configuration).traverse(walker);
    return error;
}

}  // namespace

bool load(std::string_view text, const std::string& path, pugi::xml_document& out, std::string& error) {
    out.reset();
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        error = fmt::format("{}: not a CIB: the file is empty", path);
        return false;
    }
    error = check_parse(text, path, out.load_buffer(text.data(), text.size(), pugi::parse_default));
    const pugi::xml_node cib = out.document_element();
    if (error.empty()) error = check_shape(out, path);
    if (error.empty()) error = check_structure(cib, path);
    if (error.empty()) error = check_versions(cib, path);
    if (error.empty()) error = check_feature_set(cib, path);
    if (error.empty()) error = check_unique_ids(cib.child("configuration"), path);
    if (!error.empty()) out.reset();
    return error.empty();
}

Version version(const pugi::xml_node& cib) {
    Version v;
    parse_count(cib.attribute("admin_epoch").value(), v.admin_epoch);
    parse_count(cib.attribute("epoch").value(), v.epoch);
    parse_count(cib.attribute("num_updates").value(), v.num_updates);
    return v;
}

Fencing fencing(const pugi::xml_node& cib) {
    Fencing f;
    const pugi::xml_node configuration = cib.child("configuration");
    for (pugi::xml_node set : configuration.child("crm_config").children("cluster_property_set"))
        if (pugi::xml_node nv = set.find_child_by_attribute("nvpair", "name", "stonith-enabled"))
            f.required = !options::is_false(nv.attribute("value").value());
    f.has_device = static_cast<bool>(configuration.child("resources").find_node([](pugi::xml_node n) {
        return std::string_view(n.name()) == "primitive" && std::string_view(n.attribute("class").value()) == "stonith";
    }));
    return f;
}

std::string config_hash(const pugi::xml_node& cib) { return sha256_hex(canonical(cib.child("configuration"))); }

}  // namespace aa::cib
