// An element as indented XML text without a declaration: how plans, patches and journals embed XML.
#pragma once
#include <pugixml.hpp>
#include <string>

namespace aa {

std::string xml_text(const pugi::xml_node& n);

}  // namespace aa
