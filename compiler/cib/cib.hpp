// Reading, validating and canonicalising CIB XML (the base a plan starts from).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace aa::cib {

struct Version {
    long long admin_epoch = 0, epoch = 0, num_updates = 0;
};

// Newest crm_feature_set the installed Pacemaker (2.1.5) accepts; a newer one makes its tools fail (rc 76).
inline constexpr std::string_view max_feature_set = "3.16.1";  // `pacemakerd --features`: "Supporting v3.16.1"

// Parses and validates a base CIB text: well-formed XML, root <cib> with <configuration> holding crm_config,
// nodes, resources, constraints; numeric version attributes; crm_feature_set not newer than the installed
// Pacemaker takes. On failure returns false and sets error to "PATH[:LINE]: problem".
bool load(std::string_view text, const std::string& path, pugi::xml_document& out, std::string& error);

// admin_epoch / epoch / num_updates of a <cib> element (0 when absent).
Version version(const pugi::xml_node& cib);

// SHA-256 (hex) of the canonical <configuration>: the plan's guard against a changed base.
std::string config_hash(const pugi::xml_node& cib);

// Canonical text of an element for comparisons: attributes sorted, children sorted where Pacemaker does not
// care about order (nvpairs in a set, constraints, ops, tags' obj_refs ...), whitespace and comments ignored.
std::string canonical(const pugi::xml_node& node);

// What fencing a <cib> asks for and has: stonith-enabled (Pacemaker's default: true) and whether
// any primitive of class stonith is configured.
struct Fencing {
    bool required = true;
    bool has_device = false;
};
Fencing fencing(const pugi::xml_node& cib);

// The embedded default base: an empty CIB (validate-with pacemaker-3.9, epoch 1, have-quorum="1", no
// crm_feature_set) with the given nodes in <nodes> (ids 1..N) and online in <status>.
void default_cib(const std::vector<std::string>& nodes, pugi::xml_document& out);

}  // namespace aa::cib
