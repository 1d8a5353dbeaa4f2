// The checked model: what the spec means, with every name resolved and every default applied.
// Produced only by the checker (check.hpp) from an error-free AST; consumed by lowering,
// host actions, routing and import. Values are kept as written ("30s" stays "30s").
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/source.hpp"
#include "compiler/util/maybe.hpp"

namespace aa::model {

struct NvPair {
    std::string name;
    std::string value;
    Maybe<std::string> id;  // explicit id (import); empty: the pcs convention
    Span span;                      // the key in the spec, for later diagnostics (agent parameters)
};

struct Op {
    std::string name;      // monitor | start | stop
    std::string interval;  // "30s"; "0s" for start/stop
    Maybe<std::string> timeout;
    Maybe<std::string> on_fail;
    Maybe<std::string> id;  // explicit id; empty: <rsc>-<name>-interval-<interval>
    Span span;
    Maybe<std::string> role;  // monitor of a promotable: Promoted | Unpromoted
};

struct Clone {
    // clone-max, clone-node-max, then flags (interleave, ordered, notify, globally-unique = "true"),
    // then (promotable only) promotable=true, promoted-max, promoted-node-max, then meta in spec
    // order. Absent counts are not emitted.
    std::vector<NvPair> meta;
    std::optional<int> max;
    std::optional<int> per_node;
    std::optional<int> promoted_max;       // promotable only
    std::optional<int> promoted_per_node;  // promotable only
    bool promotable = false;  // `promotable ...` instead of `clone ...`: instances are promoted/demoted
    Span span;
};

// A location rule (`prefer where ...`), flattened as pcs writes it: a term of several conditions
// is a nested <rule> (its own and/or), a term of one is an <expression>.
struct RuleCondition {
    std::string attribute;
    std::string operation;  // eq ne lt gt lte gte defined not_defined
    std::string type;       // empty, string, integer, number, version
    std::string value;      // empty for defined / not_defined
};
struct RuleTerm {
    std::string boolean_op;  // and | or, when several conditions
    std::vector<RuleCondition> conditions;
};
struct LocationRule {
    std::string boolean_op;        // and | or, when several terms
    std::vector<RuleTerm> terms;
    std::string score_attribute;   // set: the score is the node's value of this attribute
    std::string role;              // Started | Promoted | Unpromoted, or empty
};

struct Location {
    std::string node;   // empty for a rule
    std::string score;  // as written; "INFINITY" for prefer without score, "-INFINITY" for avoid
    std::optional<std::string> id;  // explicit, or (rules) pcs's location-RSC made unique in spec order
    Span span;
    std::optional<LocationRule> rule;
};

// ---- the resource tree ----
// Pacemaker nests resources: a primitive; a group of primitives; a clone (or promotable clone) of a
// primitive or of a group; a fence device (a primitive of class stonith, never cloned or grouped).
// The tree is kept flat for the stages below the checker: every primitive is a Service in
// Model::services (in spec order), tagged with the group it belongs to or as a fence device; each
// group is a Group in Model::groups naming its members in order. Model::resolve() maps any name of
// the tree (primitive, group, or a clone's id) to the node constraints refer to.
enum class Kind { Primitive, Group, Fence };

struct Service {
    Kind kind = Kind::Primitive;  // Primitive or Fence
    std::string group;            // the group it is a member of; empty when top-level
    std::string name;           // primitive id
    std::string agent_class;    // systemd, ocf, lsb, service, stonith, ...
    std::string provider;       // ocf only
    std::string type;           // systemd: unit without ".service"
    std::string unit;           // systemd only: the full unit name, e.g. "app.service"
    std::vector<NvPair> params;  // instance_attributes
    std::vector<NvPair> meta;    // primitive meta_attributes
    std::vector<NvPair> utilization;  // primitive utilization (what one instance uses)
    std::vector<Op> ops;         // in spec order: monitors, then start, stop as written
    bool parallel_safe = false;
    std::optional<Clone> clone;
    std::vector<Location> locations;
    Span span;

    // The id constraints refer to: the clone's when cloned.
    std::string resource_id() const { return clone ? name + "-clone" : name; }
    bool fence() const { return kind == Kind::Fence; }
};

// A group: its members start in the order written and stop in reverse, each on the node of the one
// before (Pacemaker's implicit order and colocation).
struct Group {
    std::string name;                  // group id
    std::vector<std::string> members;  // service names, in order
    std::vector<NvPair> meta;          // group meta_attributes
    std::optional<Clone> clone;        // a cloned group
    std::vector<Location> locations;
    Span span;

    std::string resource_id() const { return clone ? name + "-clone" : name; }
};

// What a name in a constraint means: a top-level node of the tree (a service, a group, or either's
// clone) or a member of a group. `id` is the CIB id constraints carry.
struct Ref {
    const Service* service = nullptr;  // exactly one of service / group
    const Group* group = nullptr;
    std::string id;
    const Clone* clone() const {
        if (service) return service->clone ? &*service->clone : nullptr;
        return group && group->clone ? &*group->clone : nullptr;
    }
    const std::string& name() const { return service ? service->name : group->name; }
};

// One resource set of a set constraint (<resource_set>): members in the written order, as tree
// names; sequential=false when written `parallel`, require-all=false when written `any`.
struct ResourceSet {
    std::vector<std::string> members;
    std::string action;  // order sets: start | stop | promote | demote; empty when not written
    std::string role;    // colocation sets: Started | Promoted | Unpromoted; empty when not written
    bool sequential = true;
    bool require_all = true;
};

// An order between two tree nodes, or, when `sets` is not empty, between sets (first/then and the
// actions are then unused, and `id` is always set: pcs's order_set_... made unique in spec order).
struct Order {
    std::string first;  // names of tree nodes (services, groups, clones)
    std::string then;
    std::string kind;   // Mandatory | Optional | Serialize
    std::optional<std::string> id;
    Span span;
    std::string first_action = "start";  // start | stop | promote | demote
    std::string then_action = "start";
    std::vector<ResourceSet> sets;
};

// As Order: a colocation of two tree nodes, or of sets (then `id` is pcs's colocation_set_...).
struct Colocation {
    std::string rsc;   // names of tree nodes (services, groups, clones)
    std::string with;
    std::string score;
    std::optional<std::string> id;
    Span span;
    std::string rsc_role;   // empty, or Started | Promoted | Unpromoted
    std::string with_role;
    std::vector<ResourceSet> sets;
};

// One level of the fencing topology: the devices tried together, in order, to fence the target
// (Pacemaker tries level 1, then 2, ...). Exactly one target form is set.
struct FencingLevel {
    int index = 1;
    std::string target;            // a node
    std::string target_pattern;    // a regular expression over node names
    std::string target_attribute;  // a node attribute name ...
    std::string target_value;      // ... and its value
    std::vector<std::string> devices;
    std::string id;  // pcs's fl-TARGET-N (made unique in spec order), or explicit
    Span span;
};

struct Server {
    std::string node;
    std::string name;
};

struct Route {
    std::string service;
    enum class Via { Haproxy, Command, Dns, Nginx } via = Via::Haproxy;
    // The router's group of servers: haproxy's backend, nginx's upstream, the DNS record's full
    // name (web.app.example). Route changes are described as "backend/server".
    std::string backend;
    std::string socket;       // haproxy: unix socket path, or empty
    std::string address;      // haproxy: host:port, or empty
    std::string drain_cmd;    // command: template with {node} {server} {backend}
    std::string ready_cmd;
    std::string zone;         // dns: the zone (app.example); `backend` is the record's full name
    std::string dns_server;   // dns: ADDR:PORT of the server that takes RFC 2136 updates
    std::string key_file;     // dns: TSIG key file (tsig-keygen's format); never printed
    std::uint64_t ttl_s = 0;  // dns: the records' TTL in seconds
    std::string upstream_file;  // nginx: the include file aa owns (`upstream NAME { server ... }`)
    std::string nginx_config;   // nginx: main configuration for `nginx -t`/reload; empty: nginx's default
    std::vector<Server> servers;  // dns: name = the published address; nginx: name = ADDR:PORT
    std::uint64_t drain_ms = 0;  // 0: do not wait for sessions
    std::string drain;           // as written, "30s"
    Span span;
};

struct Model {
    std::string cluster;
    std::vector<std::string> nodes;
    std::vector<NvPair> properties;    // cib-bootstrap-options
    std::vector<NvPair> rsc_defaults;  // rsc_defaults meta_attributes
    std::vector<NvPair> op_defaults;   // op_defaults meta_attributes
    std::vector<Service> services;     // every primitive, in spec order (files in the order given)
    std::vector<Group> groups;         // in spec order
    std::vector<Order> orders;
    std::vector<Colocation> colocations;
    std::vector<Route> routes;
    std::vector<FencingLevel> fencing_levels;  // in spec order

    const Service* find_service(const std::string& name) const {
        for (const Service& s : services)
            if (s.name == name) return &s;
        return nullptr;
    }
    const Group* find_group(const std::string& name) const {
        for (const Group& g : groups)
            if (g.name == name) return &g;
        return nullptr;
    }
    // A name of the tree: a service or group name, or a clone's id ("app-clone"). Linear: lowering
    // builds its own index (lower_constraints.cpp) for large specs.
    std::optional<Ref> resolve(const std::string& name) const;

};

}  // namespace aa::model
