// Internal to the checker (check_*.cpp): the state the families of checks share, and the value readers.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/ast.hpp"
#include "compiler/diag.hpp"
#include "compiler/model.hpp"
#include "compiler/source.hpp"

namespace aa::checker {

// A CIB id the lowered spec will contain, with where it comes from (for E070).
struct IdDecl {
    std::string id;
    Span span;
    std::string what;  // "the clone of service \"a\""
};

// What the later checks need to know about a service beyond its model entry.
struct ServiceFacts {
    Span name_span;
    Span clone_span;                          // valid when cloned
    Span max_span;                            // the clone's `max` value
    std::string agent_class;
    Span agent_span;                          // the `unit` or `agent` statement
    std::unordered_set<std::string> avoided;  // nodes with `avoid`
};

struct Context {
    const SourceSet& sources;
    Diagnostics& diags;
    model::Model model;
    bool have_cluster = false;
    std::unordered_map<std::string, Span> nodes;              // declared node -> where
    std::unordered_map<std::string, std::size_t> service_at;  // name -> index in model.services
    std::vector<ServiceFacts> facts;                          // parallel to model.services
    std::vector<IdDecl> ids;

    const model::Service* service(const std::string& name) const {
        auto it = service_at.find(name);
        return it == service_at.end() ? nullptr : &model.services[it->second];
    }
};

// ---- vocabularies the checker validates against (Pacemaker 2.1 "Pacemaker Explained") ----
inline constexpr std::array<std::string_view, 7> agent_classes = {"ocf",   "lsb",    "systemd", "service",
                                                                  "stonith", "nagios", "upstart"};
// Classes whose agents take no instance attributes: Pacemaker ignores `param` for them.
inline constexpr std::array<std::string_view, 4> paramless_classes = {"systemd", "lsb", "service", "upstart"};

inline constexpr std::array<std::string_view, 13> primitive_meta = {
    "target-role",     "is-managed",     "maintenance",         "resource-stickiness",
    "requires",        "migration-threshold", "failure-timeout", "multiple-active",
    "allow-migrate",   "allow-unhealthy-nodes", "container-attribute-target", "priority",
    "critical"};
inline constexpr std::array<std::string_view, 10> clone_meta = {
    "clone-max", "clone-node-max", "clone-min", "notify", "globally-unique",
    "ordered",   "interleave",     "promotable", "promoted-max", "promoted-node-max"};
inline constexpr std::array<std::string_view, 9> op_meta = {"timeout", "interval", "on-fail", "record-pending",
                                                            "requires", "enabled", "role", "start-delay",
                                                            "interval-origin"};
inline constexpr std::array<std::string_view, 46> cluster_properties = {
    "batch-limit", "cluster-delay", "cluster-infrastructure", "cluster-ipc-limit", "cluster-name",
    "cluster-recheck-interval", "concurrent-fencing", "dc-deadtime", "dc-version", "election-timeout",
    "enable-acl", "enable-startup-probes", "fence-reaction", "have-watchdog", "join-finalization-timeout",
    "join-integration-timeout", "last-lrm-refresh", "load-threshold", "maintenance-mode", "migration-limit",
    "no-quorum-policy", "node-action-limit", "node-health-base", "node-health-green", "node-health-red",
    "node-health-strategy", "node-health-yellow", "pe-error-series-max", "pe-input-series-max",
    "pe-warn-series-max", "placement-strategy", "priority-fencing-delay", "remove-after-stop",
    "shutdown-escalation", "shutdown-lock", "shutdown-lock-limit", "start-failure-is-fatal",
    "startup-fencing", "stonith-action", "stonith-enabled", "stonith-max-attempts", "stonith-timeout",
    "stonith-watchdog-timeout", "stop-all-resources", "stop-orphan-resources", "symmetric-cluster"};

template <class Range>
bool contains(const Range& range, std::string_view word) {
    for (const auto& x : range)
        if (x == word) return true;
    return false;
}

// ---- value readers (check_values.cpp): each reports its own error and returns nullopt on it ----

// A positive duration in ms: E060 bare number, E065 malformed, E061 zero or negative.
// `what` names the place, e.g. `monitor interval of service "app"`.
std::optional<std::int64_t> read_duration(Context& cx, const ast::Value& v, const std::string& what);
// A score, normalised so Pacemaker reads it (inf -> INFINITY, -inf -> -INFINITY): E062.
std::optional<std::string> read_score(Context& cx, const ast::Value& v, const std::string& what);
// A clone count (max, per-node): E064 not an integer, E033 below 1.
std::optional<int> read_count(Context& cx, const ast::Value& v, const std::string& what);
// An explicit `id "..."`: E071 when it is not a valid XML id.
std::optional<std::string> read_explicit_id(Context& cx, const std::optional<ast::Value>& v);

bool valid_xml_id(std::string_view id);

// "first declared here"-style note.
inline Note note_at(std::string message, Span span) { return Note{std::move(message), span}; }
// `"name"` for messages.
inline std::string q(std::string_view s) { return "\"" + std::string(s) + "\""; }

// ---- the families ----
void check_cluster(Context& cx, const std::vector<const ast::Cluster*>& clusters);
void check_defaults(Context& cx, const std::vector<const ast::Defaults*>& defaults);
// Body of one service (agent, params, ops, meta, clone, locations); the model entry it means.
model::Service check_service(Context& cx, const ast::Service& s, ServiceFacts& facts);
void check_clone(Context& cx, const ast::Service& s, const ast::CloneStmt& c, model::Service& out,
                 ServiceFacts& facts, bool parallel_safe);
void check_clone_capacity(Context& cx, const model::Service& svc, const ServiceFacts& facts);
void check_locations(Context& cx, const ast::Service& s, const std::vector<const ast::LocationStmt*>& locs,
                     model::Service& out, ServiceFacts& facts);
void check_relations(Context& cx, const std::vector<const ast::Order*>& orders,
                     const std::vector<const ast::Colocate*>& colocs);
void check_routes(Context& cx, const std::vector<const ast::Route*>& routes);
void check_ids(Context& cx);

// Reports an undefined node (E040) with a did-you-mean; false when the node is undefined.
bool require_node(Context& cx, const ast::Ident& node, const std::string& where);
// Reports an undefined service (E041) with a did-you-mean; the service, or nullptr.
const model::Service* require_service(Context& cx, const ast::Ident& name, const std::string& where);

// Keys seen once: E014 with a note on the first when seen again. Returns false for a duplicate.
class SeenOnce {
public:
    bool add(Context& cx, const std::string& key, Span span, const std::string& message);

private:
    std::unordered_map<std::string, Span> first_;
};

}  // namespace aa::checker
