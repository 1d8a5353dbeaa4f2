// XML helpers for tests that compare CIBs exactly.
#pragma once
#include <pugixml.hpp>
#include <string>

namespace aa::test {

// Elements only, attributes sorted, children in document order: equal when two trees are the
// same element for element (order matters, unlike aa::cib::canonical).
std::string strict_canonical(const pugi::xml_node& n);
// The element as indented XML text.
std::string to_text(const pugi::xml_node& n);

}  // namespace aa::test
