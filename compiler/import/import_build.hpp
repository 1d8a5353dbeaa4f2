// What the import_*.cpp files share: building AST nodes from CIB text, and the running record
// of what could not be expressed. Internal to `aa import` (import.hpp is the interface).
#pragma once
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "compiler/lang/ast.hpp"
#include "compiler/import/import.hpp"

namespace aa::import_detail {

bool is_identifier(std::string_view s);  // a name the language accepts: [A-Za-z_][A-Za-z0-9_.-]*
bool is_duration(std::string_view s);    // -?[0-9]+ followed by ms|s|m|h

ast::Ident ident(std::string text);
// A value printed so that it reads back as `text`: bare when the grammar takes it as one word,
// else a quoted string with escapes. The kind follows what the grammar would classify.
ast::Value value(std::string text);
ast::Value quoted(std::string text);  // always a String (ids)

struct Context {
    ImportResult& result;
    const ImportOptions& options;
    // CIB resource id (the primitive's, or its clone's) -> index into `services`.
    std::map<std::string, std::size_t> service_by_rsc;
    std::vector<ast::Service> services;
    // Groups, each printed right after the service at `after` (its last member).
    std::vector<ast::Group> groups;
    std::vector<std::size_t> group_after;
    std::map<std::string, std::size_t> group_by_rsc;  // group id (or its clone's) -> index into `groups`
    std::set<std::string> nodes;
    std::set<std::string> promotable_rsc;  // ids (clone and primitive/group) of promotable clones  // unames the spec's cluster declares
    std::set<std::string> constraint_pairs;  // "element\nside\nside" already imported
    std::set<std::string> set_constraint_ids;  // ids of the set constraints imported so far

    // False for a resource outside `--only` (then it and its constraints are passed over quietly).
    bool wanted(const std::string& rsc_id) const;
    void skip(const pugi::xml_node& n, std::string kind, std::string detail);
    void skip(std::string id, std::string kind, std::string detail);
};

// nvpairs of one attribute set; pairs the language cannot name are reported and left out.
struct Pair {
    std::string name, value, id;
};
std::vector<Pair> nvpairs(Context& ctx, const pugi::xml_node& set);

// Children of `parent` named `element` beyond the first, and any set with a rule, are reported
// as unsupported; returns the one set the spec can express (or an empty node).
pugi::xml_node single_set(Context& ctx, const pugi::xml_node& parent, const char* element);

// Every resource in <resources>: services (with clones) into ctx.services.
void import_resources(Context& ctx, const pugi::xml_node& resources);
// Splits a CIB list attribute ("a,b") at `sep`, dropping empty entries.
std::vector<std::string> split_list(const std::string& text, char sep);
// <fencing-topology>: its levels as one `fencing { }` appended to `top` (after import_resources).
void import_fencing(Context& ctx, const pugi::xml_node& topology, std::vector<ast::TopItem>& top);
// The service or group a constraint names by its CIB id `rsc` (the primitive's, the group's or
// their clone's), and the id aa will lower that name to. Reports and returns nullopt for anything
// else; `what` names the place in the report ("rsc", "first", "resource_ref").
struct Side {
    ast::Service* service = nullptr;  // one of service / group
    ast::Group* group = nullptr;
    std::string rsc;
    bool promotable = false;
    const std::string& name() const { return service ? service->name.text : group->name.text; }
    std::vector<ast::ServiceItem>& items() { return service ? service->items : group->items; }
};
std::optional<Side> side_of(Context& ctx, const pugi::xml_node& c, const std::string& rsc, std::string_view what);
// `id "X"` when the constraint's id is not `pcs_id`, what aa would give it anyway.
std::optional<ast::Value> explicit_id(const pugi::xml_node& c, const std::string& pcs_id);
// True when `c` has only the attributes in `allowed`; reports the first other one.
bool only_attributes(Context& ctx, const pugi::xml_node& c, std::initializer_list<std::string_view> allowed);
// A Pacemaker role ("Promoted") as the language's word ("promoted"); empty when it has none.
std::string role_word(std::string_view role);
// rsc_order / rsc_colocation over <resource_set>s as `order [..] then [..]` / `colocate [..] with [..]`.
void import_order_sets(Context& ctx, const pugi::xml_node& c, std::vector<ast::TopItem>& top);
void import_colocation_sets(Context& ctx, const pugi::xml_node& c, std::vector<ast::TopItem>& top);

// rsc_location with a rule as `prefer where ...` / `avoid where ...` in its resource's block.
void import_rule_location(Context& ctx, const pugi::xml_node& c);
// After every location is read: the rule ids the spec need not write are left out.
// `resource_id` is what the block's constraints name (its clone's id when cloned).
void settle_rule_location_ids(std::vector<ast::ServiceItem>& items, const std::string& resource_id);

// Locations into their services; orders and colocations appended to `top`.
void import_constraints(Context& ctx, const pugi::xml_node& constraints, std::vector<ast::TopItem>& top);

}  // namespace aa::import_detail
