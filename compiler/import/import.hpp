// `aa import`: an existing CIB configuration becomes a spec (an AST that format_file prints),
// plus the list of CIB objects the language cannot express, so nothing is dropped silently.
//
// Expressed: cluster name (cib-bootstrap-options cluster-name, else the fallback) and nodes
// (<nodes>/<node uname>); the other cib-bootstrap-options nvpairs as properties, except the ones
// Pacemaker maintains itself (dc-version, cluster-infrastructure, have-watchdog, last-lrm-refresh,
// cluster-name); rsc_defaults and op_defaults meta nvpairs; primitives of any class with params,
// monitor/start/stop ops (monitors with a role) and meta; groups (members, meta) and clones of a
// primitive or a group, plain or promotable (clone-max, clone-node-max, promoted-max,
// promoted-node-max, the flags set to "true", any other meta); rsc_location with a node and a
// score; rsc_order (any of start/stop/promote/demote); rsc_colocation (with both roles or none);
// both over resource sets (pcs's set ids, options that differ from Pacemaker's defaults).
// Values are kept exactly as written. Where a CIB id differs from the id lowering would give
// (the pcs convention, language.md §4) the op or constraint gets `id "..."`.
// Everything else (bundles, templates, rules,
// utilization, alerts, fencing topology, tickets, ACLs, extra attribute sets, ops other than
// monitor/start/stop, ...) is listed in `unsupported` and left out of the spec.
#pragma once
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "compiler/lang/ast.hpp"

namespace aa {

struct ImportOptions {
    std::string fallback_cluster_name = "imported";  // when cib-bootstrap-options has no cluster-name
    bool comment_unsupported = true;                 // list what was left out as comments at the end
    // Non-empty: import only these resources (primitive or clone ids) and the constraints between
    // them; everything else is neither imported nor reported (the operator asked for a part).
    std::vector<std::string> only;
};

// A CIB object the spec does not express.
struct Unsupported {
    std::string id;      // the object's id ("" when it has none)
    std::string kind;    // "group", "promotable clone", "rule", "resource set", "op promote", ...
    std::string detail;  // why, in a few words, for the operator
};

struct ImportResult {
    ast::File file;
    std::vector<Unsupported> unsupported;
    // Non-empty: no spec can be written (e.g. no nodes in <nodes>); the reason, for the operator.
    std::string refusal;
};

// `cib` is the <cib> element (or a <configuration> element directly).
ImportResult import_cib(const pugi::xml_node& cib, const ImportOptions& options = {});

}  // namespace aa
