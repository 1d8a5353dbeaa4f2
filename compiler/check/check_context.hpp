// Internal to the checker (check_*.cpp): the state the families of checks share, and the value readers.
#pragma once
#include <array>
#include <deque>
#include <initializer_list>
#include <memory>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiler/lang/ast.hpp"
#include "compiler/diag/diag.hpp"
#include "compiler/lang/model.hpp"
#include "compiler/diag/source.hpp"

namespace aa::checker {

// What a CIB id belongs to; the words for E070 are only put together when two ids collide.
enum class IdOwner {
    Service, Clone, CloneMetaSet, CloneMeta, ParamSet, Param, MetaSet, Meta,
    Monitor, OpTimeout, Location, Order, Colocation, Property, Default,
    Group, GroupMetaSet, GroupMeta, FencingLevel, SetConstraint, RuleLocation, UtilizationSet, Utilization
};

// A CIB id the lowered spec will contain, with where it comes from (for E070).
// The views point into the AST (or the arena), which outlive the check.
struct IdDecl {
    std::string_view id;
    Span span;
    IdOwner owner;
    std::string_view service;  // or the first service of a relation, or the default's scope
    std::string_view detail;   // key, interval, node, second service, or the op name
};
std::string describe(const IdDecl& decl);

// Backing store for generated ids: one allocation per 64 KiB instead of one per id.
class Arena {
public:
    std::string_view join(std::initializer_list<std::string_view> parts);

private:
    std::vector<std::unique_ptr<char[]>> chunks_;
    char* next_ = nullptr;
    std::size_t left_ = 0;
};

// What the later checks need to know about a service or a group beyond its model entry.
struct ServiceFacts {
    Span name_span;
    Span clone_span;                          // valid when cloned
    Span max_span;                            // the clone's `max` value
    Span promoted_max_span;                   // the clone's `promoted-max` value
    std::string agent_class;
    std::string resource_id;                  // what constraints name: the clone's id when cloned
    Span agent_span;                          // the `unit` or `agent` statement
    std::unordered_set<std::string> avoided;  // nodes with `avoid`
    std::optional<Span> role_span;            // the first monitor `role` (promotable only)
    bool promotable = false;                  // a promotable clone (known before its locations)
};

// A node of the resource tree a constraint can name: a service, or a group (indices into
// model.services / model.groups). `node` numbers both in one range for the ordering graph.
struct Target {
    const model::Service* service = nullptr;
    const model::Group* group = nullptr;
    std::size_t node = 0;
    const ServiceFacts* facts = nullptr;
    const std::string& name() const { return service ? service->name : group->name; }
    const model::Clone* clone() const {
        if (service) return service->clone ? &*service->clone : nullptr;
        return group->clone ? &*group->clone : nullptr;
    }
    std::string_view kind() const { return service ? "service" : "group"; }
};

// Name -> index, open addressing: the service table is hit twice per relation, and 10,000 services
// must check in milliseconds. Names are views into the AST.
class NameIndex {
public:
    void reserve(std::size_t n);
    // The index stored for `name`, or nullopt.
    std::optional<std::size_t> find(std::string_view name) const;
    // Stores `index` unless `name` is present; returns the index stored for `name`.
    std::size_t insert(std::string_view name, std::size_t index);

private:
    std::size_t slot_of(std::string_view name) const;
    void grow();
    std::vector<std::pair<std::string_view, std::uint32_t>> slots_;  // index + 1; 0 = empty
    std::size_t used_ = 0;
};

struct Context {
    const SourceSet& sources;
    Diagnostics& diags;
    model::Model model;
    bool have_cluster = false;
    Span cluster_span;  // the cluster's name
    std::unordered_map<std::string, Span> nodes;              // declared node -> where
    NameIndex service_at;  // name -> index in model.services
    std::vector<ServiceFacts> facts;                          // parallel to model.services
    NameIndex group_at;    // name -> index in model.groups
    std::vector<ServiceFacts> group_facts;                    // parallel to model.groups
    std::unordered_set<std::string_view> in_cloned_group;     // services listed by a cloned group
    NameIndex clone_at;    // a clone's id ("app-clone") -> target node (services first, then groups)
    std::unordered_set<std::string> set_constraint_ids;  // order_set_... / colocation_set_... given so far
    bool warned_utilization = false;  // W058 is said once per spec
    std::deque<IdDecl> ids;  // a deque: growing it never holds two copies of 100,000 ids
    Arena arena;

    void add_id(std::initializer_list<std::string_view> id, Span span, IdOwner owner, std::string_view service,
                std::string_view detail = {}) {
        ids.push_back({arena.join(id), span, owner, service, detail});
    }

    const model::Service* service(std::string_view name) const {
        std::optional<std::size_t> i = service_at.find(name);
        return i ? &model.services[*i] : nullptr;
    }
    std::size_t index_of(const model::Service* s) const { return static_cast<std::size_t>(s - model.services.data()); }
    const ServiceFacts& facts_of(const model::Service* s) const { return facts[index_of(s)]; }
    // Any name of the tree: a service, a group, or a clone's id.
    std::optional<Target> target(std::string_view name) const;
    Target target_of_node(std::size_t node) const;
    std::size_t tree_size() const { return model.services.size() + model.groups.size(); }
};

// ---- vocabularies the checker validates against (Pacemaker 2.1 "Pacemaker Explained") ----
inline constexpr std::array<std::string_view, 7> agent_classes = {"ocf",   "lsb",    "systemd", "service",
                                                                  "stonith", "nagios", "upstart"};
// Classes whose agents take no instance attributes: Pacemaker ignores `param` for them.
inline constexpr std::array<std::string_view, 4> paramless_classes = {"systemd", "lsb", "service", "upstart"};

// Pacemaker's options (properties, meta and op attributes) are not listed here: they come from
// the table generated from Pacemaker's metadata (compiler/lang/options.hpp), read by check_options.cpp.

template <class Range>
bool contains(const Range& range, std::string_view word) {
    for (const auto& x : range)
        if (x == word) return true;
    return false;
}

// ---- value readers (check_values.cpp): each reports its own error and returns nullopt on it ----

// Names the place of a value in messages: `monitor interval` of service "app". Built only on error.
struct Place {
    std::string_view what;   // "monitor interval"
    std::string_view kind;   // "service", "route"
    std::string_view owner;  // the service's or route's name
    std::string str() const;
};

// A positive duration in ms: E060 bare number, E065 malformed, E061 zero or negative.
std::optional<std::int64_t> read_duration(Context& cx, const ast::Value& v, const Place& where);
// A score, normalised so Pacemaker reads it (inf -> INFINITY, -inf -> -INFINITY): E062.
std::optional<std::string> read_score(Context& cx, const ast::Value& v, const Place& where);
// A clone count (max, per-node): E064 not an integer, E033 below 1.
std::optional<int> read_count(Context& cx, const ast::Value& v, const Place& where);
// An explicit `id "..."`: E071 when it is not a valid XML id.
std::optional<std::string> read_explicit_id(Context& cx, const Maybe<ast::Value>& v);

bool valid_xml_id(std::string_view id);

// "first declared here"-style note.
inline Note note_at(std::string message, Span span) { return Note{std::move(message), span}; }
// `"name"` for messages.
inline std::string q(std::string_view s) { return "\"" + std::string(s) + "\""; }

// ---- Pacemaker options (check_options.cpp) ----

// Where a `KEY = VALUE` option is written; each place accepts the options of some scopes.
enum class Where { Property, ResourceDefault, OpDefault, PrimitiveMeta, CloneMeta, FenceParam };
// Judges one option by the generated table: E090 unknown property (W004 unknown meta or op
// attribute), E092 written where it has no effect, E093 `promotable`, E091 a value not of its
// type, E098 control characters. `owner` completes the message: `service "app"`, or empty.
void check_option(Context& cx, Where where, const ast::Ident& key, const ast::Value& value, const std::string& owner);
// E098 when `value` holds a control character; `what` names it ("param \"x\" of service \"app\"").
bool check_no_control_chars(Context& cx, const ast::Value& value, const std::string& what);

// ---- the families ----
void check_cluster(Context& cx, const std::vector<const ast::Cluster*>& clusters);
void check_defaults(Context& cx, const std::vector<const ast::Defaults*>& defaults);
// Body of one service (agent, params, ops, meta, clone, locations); the model entry it means.
model::Service check_service(Context& cx, const ast::Service& s, ServiceFacts& facts);
// The clone (or promotable clone) of a service or a group. `kind` is "service" or "group";
// `parallel_safe` says whether the operator declared what runs in it safe to run on several nodes.
std::optional<model::Clone> check_clone(Context& cx, std::string_view kind, const ast::Ident& name,
                                        const ast::CloneStmt& c, ServiceFacts& facts, bool parallel_safe);
void check_clone_capacity(Context& cx, std::string_view kind, const std::string& name,
                          const std::optional<model::Clone>& clone, const ServiceFacts& facts);
// `prefer where` / `avoid where` (check_rules.cpp): the location, or nullopt after reporting.
// `taken`: the ids this resource's rules have so far (pcs's location-RSC gets -1, -2, ... past them).
std::optional<model::Location> check_rule_location(Context& cx, std::string_view kind, const ast::Ident& owner,
                                                   const ast::LocationStmt& st, const ServiceFacts& facts,
                                                   std::unordered_set<std::string>& taken);
void check_locations(Context& cx, std::string_view kind, const ast::Ident& name,
                     const std::vector<const ast::LocationStmt*>& locs, std::vector<model::Location>& out,
                     ServiceFacts& facts);
// Groups: members (E131-E134), meta, clone, locations. After every service is checked.
void check_groups(Context& cx, const std::vector<const ast::Group*>& groups);
void check_relations(Context& cx, const std::vector<const ast::Order*>& orders,
                     const std::vector<const ast::Colocate*>& colocs);
void check_routes(Context& cx, const std::vector<const ast::Route*>& routes);
void check_ids(Context& cx);
// `fencing` levels (E160-E164); then what the spec's fencing covers (W050, W054). After services.
void check_fencing(Context& cx, const std::vector<const ast::Fencing*>& blocks);
// E097: a systemd unit declared by two services (after every service is checked).
void check_units(Context& cx);

// Reports an undefined node (E040) with a did-you-mean; false when the node is undefined.
// `where` is e.g. {"`prefer`", "service", "app"}.
bool require_node(Context& cx, const ast::Ident& node, const Place& where);
// Reports an undefined service (E041) with a did-you-mean; the service, or nullptr.
const model::Service* require_service(Context& cx, const ast::Ident& name, std::string_view statement);
// A constraint's side: any node of the tree (E041 when undefined, E130 for a member of a cloned group).
std::optional<Target> require_target(Context& cx, const ast::Ident& name, std::string_view statement);

// ---- relations (check_relations.cpp, check_sets.cpp) ----
// E140: promote/demote (order) and promoted/unpromoted (colocate) on a tree node that is no
// promotable clone; true when the word is allowed there (or absent).
bool require_promotable(Context& cx, const Maybe<ast::Ident>& word, const Target& t, std::string_view statement);
// `promoted` -> "Promoted": the role words of a colocation; empty when absent.
std::string role_value(const Maybe<ast::Ident>& word);
// `optional` -> "Optional", `serialize` -> "Serialize", none -> "Mandatory"; E045 otherwise.
std::optional<std::string> order_kind(Context& cx, const ast::Order& o);
// The set forms (check_sets.cpp): the model entry, or nullopt after reporting. An order returns
// the edges it adds to the ordering graph (first, then: tree node numbers) for the cycle check.
// `seen` finds a constraint declared twice (E014).
// Between two sets the edges go through a junction node (numbers from kJunction up, one per pair of
// neighbouring sets), so sets of N and M members add N + M edges, not N * M.
using OrderEdges = std::vector<std::pair<std::size_t, std::size_t>>;
inline constexpr std::size_t kJunction = std::size_t{1} << 62;
template <class Key>
class SeenOnce;
std::optional<model::Order> check_order_sets(Context& cx, const ast::Order& o, SeenOnce<std::string>& seen,
                                             OrderEdges& edges);
std::optional<model::Colocation> check_colocation_sets(Context& cx, const ast::Colocate& c,
                                                       SeenOnce<std::string>& seen);

// Keys seen once: E014 with a note on the first when seen again; add() is false for a repeat.
// Most sets hold a handful of keys: those stay in a small vector, larger ones move to a hash map.
template <class Key>
class SeenOnce {
public:
    template <class Message>
    bool add(Context& cx, Key key, Span span, Message&& message) {
        const Span* first = find_or_insert(key, span);
        if (!first) return true;
        cx.diags.error("E014", span, message()).notes.push_back(note_at("first declared here", *first));
        return false;
    }

private:
    const Span* find_or_insert(Key key, Span span) {
        if (many_.empty()) {
            for (const auto& [k, s] : few_)
                if (k == key) return &s;
            if (few_.size() < 16) {
                few_.emplace_back(key, span);
                return nullptr;
            }
            for (const auto& [k, s] : few_) many_.emplace(k, s);
        }
        auto [it, fresh] = many_.try_emplace(key, span);
        return fresh ? nullptr : &it->second;
    }
    std::vector<std::pair<Key, Span>> few_;
    std::unordered_map<Key, Span> many_;
};

}  // namespace aa::checker
