// CIB text -> AST identifiers and values that print back (via format_file) to the same text.
#include <algorithm>

#include "compiler/import/import_build.hpp"

namespace aa::import_detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_integer(std::string_view s) {
    if (!s.empty() && s.front() == '-') s.remove_prefix(1);
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

bool is_score_word(std::string_view s) {
    return s == "INFINITY" || s == "+INFINITY" || s == "-INFINITY" || s == "inf" || s == "-inf";
}

// What the grammar reads as one bare word: printable ASCII without space, `#`, braces, quote, `=`.
bool is_bare_word(std::string_view s) {
    if (s.empty()) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return c > ' ' && c < 0x7f && c != '#' && c != '{' && c != '}' && c != '"' && c != '=' && c != '\\';
    });
}

std::string escape(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default: out += c;
        }
    }
    return out + "\"";
}

}  // namespace

bool is_identifier(std::string_view s) {
    if (s.empty() || !(is_alpha(s.front()) || s.front() == '_')) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '.' || c == '-'; });
}

bool is_duration(std::string_view s) {
    for (std::string_view unit : {"ms", "s", "m", "h"})
        if (s.size() > unit.size() && s.substr(s.size() - unit.size()) == unit &&
            is_integer(s.substr(0, s.size() - unit.size())))
            return true;
    return false;
}

ast::Ident ident(std::string text) { return ast::Ident{std::move(text), {}}; }

ast::Value value(std::string text) {
    ast::Value v;
    if (!is_bare_word(text)) return quoted(std::move(text));
    v.kind = is_integer(text)       ? ast::ValueKind::Integer
             : is_duration(text)    ? ast::ValueKind::Duration
             : is_score_word(text)  ? ast::ValueKind::Score
                                    : ast::ValueKind::Word;
    v.raw = text;
    v.text = std::move(text);
    return v;
}

std::vector<std::string> split_list(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t at; start <= text.size(); start = at + 1) {
        at = text.find(sep, start);
        if (at == std::string::npos) at = text.size();
        if (at > start) out.push_back(text.substr(start, at - start));
    }
    return out;
}

ast::Value quoted(std::string text) {
    ast::Value v;
    v.kind = ast::ValueKind::String;
    v.raw = escape(text);
    v.text = std::move(text);
    return v;
}

bool Context::wanted(const std::string& rsc_id) const {
    return options.only.empty() || std::find(options.only.begin(), options.only.end(), rsc_id) != options.only.end();
}

void Context::skip(const pugi::xml_node& n, std::string kind, std::string detail) {
    skip(n.attribute("id").value(), std::move(kind), std::move(detail));
}

void Context::skip(std::string id, std::string kind, std::string detail) {
    result.unsupported.push_back({std::move(id), std::move(kind), std::move(detail)});
}

std::vector<Pair> nvpairs(Context& ctx, const pugi::xml_node& set) {
    std::vector<Pair> out;
    for (pugi::xml_node child : set.children()) {
        if (child.type() != pugi::node_element) continue;
        std::string name = child.attribute("name").value();
        if (std::string_view(child.name()) != "nvpair") {
            ctx.skip(child, child.name(), std::string("inside ") + set.name() + " " + set.attribute("id").value());
        } else if (!is_identifier(name)) {
            ctx.skip(child, "nvpair", "name `" + name + "` is not a name the language accepts");
        } else if (!child.attribute("value")) {
            ctx.skip(child, "nvpair", "no value (an unset attribute)");
        } else {
            out.push_back({name, child.attribute("value").value(), child.attribute("id").value()});
        }
    }
    return out;
}

pugi::xml_node single_set(Context& ctx, const pugi::xml_node& parent, const char* element) {
    pugi::xml_node chosen;
    for (pugi::xml_node set : parent.children(element)) {
        if (set.attribute("id-ref")) {
            ctx.skip(set, element, "a reference to another set (id-ref)");
        } else if (set.child("rule")) {
            ctx.skip(set, "rule", std::string(element) + " with a rule");
        } else if (!set.find_child([](pugi::xml_node c) { return c.type() == pugi::node_element; })) {
            ctx.skip(set, element, "an empty set (aa writes none)");
        } else if (chosen) {
            ctx.skip(set, element, "a second set (the language has one per object)");
        } else {
            chosen = set;
        }
    }
    return chosen;
}

}  // namespace aa::import_detail
