#include "support/xml_compare.hpp"

#include <algorithm>
#include <sstream>
#include <utility>
#include <vector>

namespace aa::test {

std::string strict_canonical(const pugi::xml_node& n) {
    std::vector<std::pair<std::string, std::string>> attrs;
    for (auto a : n.attributes()) attrs.emplace_back(a.name(), a.value());
    std::sort(attrs.begin(), attrs.end());
    std::string out = std::string("<") + n.name();
    for (auto& [k, v] : attrs) out += " " + k + "=\"" + v + "\"";
    out += ">";
    for (auto c : n.children())
        if (c.type() == pugi::node_element) out += strict_canonical(c);
    return out + "</" + n.name() + ">";
}

std::string to_text(const pugi::xml_node& n) {
    std::ostringstream os;
    n.print(os, "  ");
    return os.str();
}

}  // namespace aa::test
