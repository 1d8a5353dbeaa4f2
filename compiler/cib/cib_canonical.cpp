// Canonical text of CIB XML: equal for two configurations Pacemaker treats the same, whatever
// the attribute order, the whitespace, and the order of children whose order carries no meaning.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/cib/cib.hpp"

namespace aa::cib {
namespace {

// Elements whose children Pacemaker reads as a set. Children of <resources>, <group>,
// <resource_set> and <rule>s' date specs are NOT here: their order means something
// (placement order, group start order, set order).
bool children_unordered(std::string_view element) {
    static constexpr std::string_view names[] = {
        "cib",       "configuration",   "crm_config",      "cluster_property_set", "nodes",
        "node",      "constraints",     "rsc_defaults",    "op_defaults",          "meta_attributes",
        "instance_attributes", "utilization", "operations", "op", "primitive",     "clone",
        "master",    "tags",            "tag",             "status",               "fencing-topology",
        "alerts",    "acls",            "rule"};
    return std::find(std::begin(names), std::end(names), element) != std::end(names);
}

void escape_into(std::string& out, std::string_view s) {
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
}

std::string_view trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

void canonical_into(const pugi::xml_node& node, std::string& out) {
    out += '<';
    out += node.name();
    std::vector<std::pair<std::string_view, std::string_view>> attrs;
    for (pugi::xml_attribute a : node.attributes()) attrs.emplace_back(a.name(), a.value());
    std::sort(attrs.begin(), attrs.end());
    for (auto [name, value] : attrs) {
        out += ' ';
        out += name;
        out += "=\"";
        escape_into(out, value);
        out += '"';
    }
    out += '>';
    std::vector<std::string> children;
    for (pugi::xml_node c : node.children()) {
        if (c.type() == pugi::node_element) {
            std::string text;
            canonical_into(c, text);
            children.push_back(std::move(text));
        } else if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
            std::string text;
            escape_into(text, trimmed(c.value()));
            if (!text.empty()) children.push_back(std::move(text));
        }
    }
    if (children_unordered(node.name())) std::sort(children.begin(), children.end());
    for (const std::string& c : children) out += c;
    out += "</";
    out += node.name();
    out += '>';
}

}  // namespace

std::string canonical(const pugi::xml_node& node) {
    std::string out;
    if (node.type() == pugi::node_document) {
        for (pugi::xml_node c : node.children())
            if (c.type() == pugi::node_element) canonical_into(c, out);
    } else if (node) {
        canonical_into(node, out);
    }
    return out;
}

}  // namespace aa::cib
