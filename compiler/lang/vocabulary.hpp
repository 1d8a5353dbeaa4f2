// The language's vocabulary in one place: the grammar's error messages, the checker's
// "did you mean", the formatter's statement order and the docs all read these lists,
// so a new keyword is one edit here plus its grammar rule.
#pragma once
#include <array>
#include <string_view>

namespace aa::vocab {

inline constexpr std::array<std::string_view, 9> top_level = {
    "cluster", "defaults", "service", "group", "fence", "fencing", "order", "colocate", "route"};

inline constexpr std::array<std::string_view, 2> cluster_items = {"nodes", "property"};

inline constexpr std::array<std::string_view, 2> defaults_scopes = {"resource", "op"};

// Service statements in the canonical order `aa fmt` prints them.
inline constexpr std::array<std::string_view, 13> service_items = {
    "unit", "agent", "param", "monitor", "start", "stop", "meta", "utilization", "parallel-safe", "clone", "promotable",
    "prefer", "avoid"};

// The roles of a promotable clone's instances, as Pacemaker 2.1 names them (never Master/Slave).
inline constexpr std::array<std::string_view, 2> monitor_roles = {"Promoted", "Unpromoted"};

// Group statements in canonical order (a group's members are services declared on their own).
inline constexpr std::array<std::string_view, 6> group_items = {"members", "meta",   "clone",
                                                                "promotable", "prefer", "avoid"};

// Fence device statements in canonical order (docs/language-v2.md, "Fencing"). `hosts`, `host-map`
// and `delay-max` are pcmk_host_list, pcmk_host_map and pcmk_delay_max; `clone` is parsed only to
// be refused with a reason.
inline constexpr std::array<std::string_view, 10> fence_items = {
    "agent", "param", "hosts", "host-map", "delay-max", "monitor", "meta", "clone", "prefer", "avoid"};

// `fencing { level N TARGET DEVICE... }`: a level's target is a node, `pattern "REGEX"` or
// `attribute NAME = VALUE` (pcs stonith level add's node, regexp% and attrib% forms).
inline constexpr std::array<std::string_view, 1> fencing_items = {"level"};
inline constexpr std::array<std::string_view, 2> level_target_kinds = {"pattern", "attribute"};

// Clone block items in canonical order; the flags become clone meta nvpairs set to "true".
// promoted-max and promoted-per-node belong to `promotable` only.
inline constexpr std::array<std::string_view, 9> clone_items = {
    "max", "per-node", "promoted-max", "promoted-per-node", "interleave", "ordered", "notify", "globally-unique",
    "meta"};
inline constexpr std::array<std::string_view, 4> clone_flags = {"interleave", "ordered", "notify",
                                                                "globally-unique"};

inline constexpr std::array<std::string_view, 3> route_items = {"via", "server", "drain"};
inline constexpr std::array<std::string_view, 4> routers = {"haproxy", "dns", "nginx", "command"};

inline constexpr std::array<std::string_view, 2> order_kinds = {"optional", "serialize"};

// `order A ACTION then B ACTION`: what of A must happen before what of B (Pacemaker's actions).
inline constexpr std::array<std::string_view, 4> order_actions = {"start", "stop", "promote", "demote"};
// `colocate A ROLE with B ROLE`: the role words and the Pacemaker 2.1 role each lowers to.
inline constexpr std::array<std::string_view, 3> constraint_roles = {"started", "promoted", "unpromoted"};
inline constexpr std::array<std::string_view, 3> constraint_role_values = {"Started", "Promoted", "Unpromoted"};

// What may follow a set's `]` besides its action or role: `parallel` (sequential=false: the members
// are not ordered, or not colocated, among themselves) and, in orders only, `any`
// (require-all=false: one started member lets the next set go).
inline constexpr std::array<std::string_view, 2> set_flags = {"parallel", "any"};

// Location rules (`prefer where ...`): Pacemaker's expression operations, the value types, and the
// words that join conditions (docs/language-v2.md, "Location rules").
inline constexpr std::array<std::string_view, 6> rule_operations = {"eq", "ne", "lt", "gt", "lte", "gte"};
inline constexpr std::array<std::string_view, 2> rule_unary_operations = {"defined", "not_defined"};
inline constexpr std::array<std::string_view, 4> rule_types = {"string", "integer", "number", "version"};
inline constexpr std::array<std::string_view, 2> rule_joiners = {"and", "or"};

// Pacemaker's on-fail values (Pacemaker Explained, "Resource Operations").
inline constexpr std::array<std::string_view, 8> on_fail_actions = {
    "ignore", "block", "demote", "stop", "restart", "standby", "fence", "restart-container"};

inline constexpr std::array<std::string_view, 4> duration_units = {"ms", "s", "m", "h"};

}  // namespace aa::vocab

// ---- behaviour tests (`*.aatest`, docs/testing.md) ----
namespace aa::vocab {

inline constexpr std::array<std::string_view, 1> test_top_level = {"test"};
inline constexpr std::array<std::string_view, 4> test_items = {"given", "when", "expect", "golden"};
// What follows `given NAME`: the starting state of a node, or a failure a service had.
inline constexpr std::array<std::string_view, 5> given_states = {"down", "standby", "maintenance", "attribute",
                                                                 "failed"};
// What follows `when NAME`: an event of a node, or a failure of a service.
inline constexpr std::array<std::string_view, 8> when_events = {"down",          "up",        "standby",   "unstandby",
                                                                "maintenance", "unmaintenance", "attribute", "fails"};
// The words that open the fixed forms of `expect` (anything else is a service name).
inline constexpr std::array<std::string_view, 3> expect_openers = {"nothing", "route", "no"};
// The transition's actions an expectation can name. `restart`: a stop and a start on one node;
// `move`: a stop on one node and a start on another within one transition.
inline constexpr std::array<std::string_view, 6> transition_actions = {"start", "stop", "restart",
                                                                       "move",  "promote", "demote"};
inline constexpr std::array<std::string_view, 2> roles = {"promoted", "unpromoted"};
// After `expect SERVICE`.
inline constexpr std::array<std::string_view, 7> expect_service_forms = {
    "on", "promoted", "unpromoted", "not", "stopped", "at", "exactly"};

}  // namespace aa::vocab
