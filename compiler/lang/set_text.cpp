#include "compiler/lang/set_text.hpp"

namespace aa {

std::string set_text(const ast::ResourceSet& set) {
    std::string s;
    for (const ast::Ident& m : set.members) s += (s.empty() ? "" : " ") + m.text;
    if (set.bracketed) s = "[" + s + "]";
    if (set.qualifier) s += " " + set.qualifier->text;
    for (const ast::Ident& f : set.flags) s += " " + f.text;
    return s;
}

std::string sets_text(const std::vector<ast::ResourceSet>& sets, std::string_view joiner) {
    std::string s;
    for (const ast::ResourceSet& set : sets) {
        if (!s.empty()) s += " " + std::string(joiner) + " ";
        s += set_text(set);
    }
    return s;
}

}  // namespace aa
