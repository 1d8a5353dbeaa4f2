#include "compiler/cib/xml_text.hpp"

#include <sstream>

namespace aa {

std::string xml_text(const pugi::xml_node& n) {
    std::ostringstream ss;
    n.print(ss, "  ", pugi::format_default | pugi::format_no_declaration);
    return ss.str();
}

}  // namespace aa
