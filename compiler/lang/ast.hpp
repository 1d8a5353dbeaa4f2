// The syntax tree of a `.aa` spec, exactly as written: every node carries its source span,
// and the comments around it, so `aa fmt` can print it back without losing anything.
// The checker turns it into a Model (model.hpp); nothing below the checker sees the AST.
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "compiler/diag/source.hpp"
#include "compiler/util/maybe.hpp"

namespace aa::ast {

struct Comment {
    std::string text;  // from '#' to the end of the line, without the line end
    Span span;
};

// Comments attached to a statement: whole-line comments above it, and one at the end of its line.
struct Trivia {
    std::vector<Comment> leading;
    Maybe<Comment> trailing;
    bool blank_line_before = false;  // a blank line separated it from what came before
};

struct Node {
    Span span;  // the whole statement (or block, header to closing brace)
    Trivia trivia;
};

struct Ident {
    std::string text;
    Span span;
};

// A value as written. `text` is the decoded value (escapes resolved for strings);
// `raw` is the exact source text, which `aa fmt` prints back.
enum class ValueKind {
    Word,      // bare word: true, stop, app.service, 127.0.0.1:9999, ocf:pacemaker:Dummy
    String,    // "..." with escapes
    Integer,   // -?[0-9]+
    Duration,  // integer with unit ms|s|m|h
    Score,     // INFINITY, +INFINITY, -INFINITY, inf, -inf
};

struct Value {
    ValueKind kind = ValueKind::Word;
    std::string text;
    std::string raw;
    Span span;
};

// ---- cluster { ... } ----
struct NodesStmt : Node {
    Ident keyword;
    std::vector<Ident> nodes;
};
struct PropertyStmt : Node {
    Ident keyword;
    Ident key;
    Value value;
};
using ClusterItem = std::variant<NodesStmt, PropertyStmt>;
struct Cluster : Node {
    Ident keyword;
    Ident name;
    std::vector<ClusterItem> items;
    std::vector<Comment> end_comments;  // comments before the closing brace
};

// ---- defaults { ... } ----
struct DefaultStmt : Node {
    Ident scope;  // "resource" or "op"
    Ident key;
    Value value;
};
struct Defaults : Node {
    Ident keyword;
    std::vector<DefaultStmt> items;
    std::vector<Comment> end_comments;
};

// ---- service NAME { ... } ----
struct UnitStmt : Node {
    Ident keyword;
    Value unit;  // Word or String
};
struct AgentStmt : Node {
    Ident keyword;
    Value agent;  // e.g. ocf:pacemaker:Dummy, lsb:app
};
struct ParamStmt : Node {  // param KEY = VALUE
    Ident keyword;
    Ident key;
    Value value;
};
struct MetaStmt : Node {  // meta KEY = VALUE (service or clone block); utilization KEY = VALUE (service)
    Ident keyword;
    Ident key;
    Value value;
};
struct MonitorStmt : Node {  // monitor every D [timeout D] [on-fail ACTION] [role ROLE] [id "X"]
    Ident keyword;
    Value interval;  // Duration, or Integer when the unit was forgotten (checker: E060)
    Maybe<Value> timeout;
    Maybe<Ident> on_fail;
    Maybe<Ident> role;  // promotable only: Promoted | Unpromoted
    Maybe<Value> id;  // explicit CIB id (import keeps non-pcs ids)
};
struct OpTimeoutStmt : Node {  // start timeout D [id "X"] / stop timeout D [id "X"]
    Ident op;  // "start" or "stop"
    Value timeout;
    Maybe<Value> id;
};
struct ParallelSafeStmt : Node {
    Ident keyword;
};

// Clone: inline `clone max M per-node K [flags]` or block `clone { max M  per-node K  flag  meta K = V }`;
// `promotable` instead of `clone` takes the same items and `promoted-max N`, `promoted-per-node N`.
struct CloneItem : Node {
    enum class Kind { Max, PerNode, Flag, Meta, PromotedMax, PromotedPerNode } kind = Kind::Flag;
    Ident keyword;  // max | per-node | the flag word | meta | promoted-max | promoted-per-node
    Value value;    // Max, PerNode: the count; Meta: the value
    Ident key;      // Meta only
};
struct CloneStmt : Node {
    Ident keyword;  // clone | promotable
    bool promotable() const { return keyword.text == "promotable"; }
    bool block = false;
    std::vector<CloneItem> items;
    std::vector<Comment> end_comments;  // block form only
};
// One condition of a location rule: `ATTR OP [TYPE] VALUE`, `defined ATTR` or `not_defined ATTR`.
struct RuleCondition : Node {
    Value attribute;  // a name, or a "string" (#uname, #kind, ...)
    Ident op;         // eq ne lt gt lte gte defined not_defined
    Maybe<Ident> type;   // string | integer | number | version
    Maybe<Value> value;  // absent for defined / not_defined
};
// A condition, or `( C and C ... )` / `( C or C ... )` (one level of parentheses, no deeper).
struct RuleTerm : Node {
    bool group = false;
    std::vector<RuleCondition> conditions;  // one when not a group
    std::vector<Ident> joiners;             // `and`/`or` between the conditions of a group
};

// prefer NODE [score S] [id "X"] / avoid NODE [id "X"], or the rule form
// prefer where EXPR [score S | score-attribute A] [role R] [id "X"] / avoid where EXPR [role R] [id "X"]
struct LocationStmt : Node {
    Ident keyword;            // "prefer" or "avoid"
    Ident node;               // empty in the rule form
    Maybe<Value> score;
    Maybe<Value> id;
    Maybe<Ident> where;              // the rule form's `where`
    std::vector<RuleTerm> terms;     // rule form: the terms, joined by `joiners`
    std::vector<Ident> joiners;      // `and`/`or` between the terms
    Maybe<Ident> score_attribute;    // rule form: score-attribute NAME
    Maybe<Ident> role;               // rule form: started | promoted | unpromoted
    bool rule() const { return where.has_value(); }
};
struct MembersStmt : Node {  // members A B C (groups only)
    Ident keyword;
    std::vector<Ident> members;
};
// Fence devices only: hosts N1 N2 | host-map NODE = PORT | delay-max D
struct HostsStmt : Node {
    Ident keyword;
    std::vector<Ident> hosts;
};
struct HostMapStmt : Node {
    Ident keyword;
    Ident node;
    Value port;  // what the device calls the node (a plug, a port, a VM name)
};
struct DelayMaxStmt : Node {
    Ident keyword;
    Value delay;  // Duration
};
using ServiceItem = std::variant<UnitStmt, AgentStmt, ParamStmt, MonitorStmt, OpTimeoutStmt, MetaStmt,
                                 ParallelSafeStmt, CloneStmt, LocationStmt, MembersStmt, HostsStmt, HostMapStmt,
                                 DelayMaxStmt>;
// `service NAME { }`, and `fence NAME { }` (keyword "fence"): a fence device is a primitive of
// class stonith, written with its own keyword and statements.
struct Service : Node {
    Ident keyword;  // service | fence
    bool fence() const { return keyword.text == "fence"; }
    Ident name;
    std::vector<ServiceItem> items;
    std::vector<Comment> end_comments;
};

// ---- group NAME { members A B C | meta | clone | promotable | prefer | avoid } ----
// Its items share the service's statement types; the grammar admits only the group's ones.
struct Group : Node {
    Ident keyword;
    Ident name;
    std::vector<ServiceItem> items;
    std::vector<Comment> end_comments;
};

// ---- fencing { level N TARGET DEVICE... [id "X"] } ----
struct LevelStmt : Node {
    enum class Target { Node, Pattern, Attribute } target = Target::Node;
    Ident keyword;
    Value index;           // Integer
    Ident node;            // Target::Node
    Maybe<Ident> kind;     // the `pattern` or `attribute` keyword
    Maybe<Value> pattern;  // Target::Pattern (String)
    Maybe<Ident> attribute;
    Maybe<Value> attribute_value;
    std::vector<Ident> devices;  // tried together, in this order
    Maybe<Value> id;
};
struct Fencing : Node {
    Ident keyword;
    std::vector<LevelStmt> items;
    std::vector<Comment> end_comments;
};

// ---- relations ----
// One operand of a set constraint: `[A B C]` with what follows its `]` (an action in an order, a
// role in a colocation, and the flags `parallel` and, in orders, `any`), or a lone name between
// sets (`order [a b] then c`), which is a set of one.
struct ResourceSet : Node {
    bool bracketed = false;
    std::vector<Ident> members;
    Maybe<Ident> qualifier;    // order: start | stop | promote | demote; colocate: started | promoted | unpromoted
    std::vector<Ident> flags;  // parallel | any
};

// `order A [ACTION] then B [ACTION]`, or the set form `order SET [then SET]...` when `sets` is not
// empty (then `first` and `then` are unused); options `optional|serialize` and `id "X"` either way.
struct Order : Node {
    Ident keyword;
    Ident first;
    Ident then;
    Maybe<Ident> first_action;  // start | stop | promote | demote
    Maybe<Ident> then_action;
    Maybe<Ident> kind;
    Maybe<Value> id;
    std::vector<ResourceSet> sets;
};
// `colocate A [ROLE] with B [ROLE]`, or `colocate SET [with SET]...` when `sets` is not empty;
// options `score S` and `id "X"` either way.
struct Colocate : Node {
    Ident keyword;
    Ident rsc;
    Ident with;
    Maybe<Ident> rsc_role;  // started | promoted | unpromoted
    Maybe<Ident> with_role;
    Maybe<Value> score;
    Maybe<Value> id;
    std::vector<ResourceSet> sets;
};

// ---- route SERVICE { ... } ----
struct ViaStmt : Node {
    Ident keyword;
    Ident kind;  // "haproxy", "dns", "nginx" or "command"
    // haproxy
    Maybe<Ident> backend;
    Maybe<Value> socket;   // path (String)
    Maybe<Value> address;  // host:port (Word or String)
    // command
    Maybe<Value> drain_cmd;
    Maybe<Value> ready_cmd;
    // dns
    Maybe<Ident> zone, record;
    Maybe<Value> dns_server;  // ADDR:PORT
    Maybe<Value> key;         // TSIG key file (String)
    Maybe<Value> ttl;         // Duration
    // nginx
    Maybe<Ident> upstream;
    Maybe<Value> file;    // the include file aa owns (String)
    Maybe<Value> config;  // nginx's main configuration (String)
};
struct ServerStmt : Node {
    Ident keyword;
    Ident node;
    Value server;  // a name (haproxy, command) or a "string" (dns: address, nginx: ADDR:PORT)
};
struct DrainStmt : Node {
    Ident keyword;
    Value duration;
};
using RouteItem = std::variant<ViaStmt, ServerStmt, DrainStmt>;
struct Route : Node {
    Ident keyword;
    Ident service;
    std::vector<RouteItem> items;
    std::vector<Comment> end_comments;
};

using TopItem = std::variant<Cluster, Defaults, Service, Order, Colocate, Route, Group, Fencing>;

struct File {
    std::uint32_t source = 0;  // index into the SourceSet
    std::vector<TopItem> items;
    std::vector<Comment> end_comments;  // comments after the last statement
};

struct Spec {
    std::vector<File> files;
};

// Span of any variant alternative (all derive from Node).
template <class Variant>
const Node& node_of(const Variant& v) {
    return std::visit([](const auto& n) -> const Node& { return n; }, v);
}

}  // namespace aa::ast
