// The desired CIB: the base with the spec's objects put in place of the ones it owned before.
// Everything runs off hash maps built once, so the cost is linear in base + spec size.
#include "compiler/lower/ownership.hpp"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "compiler/lower/lower.hpp"

namespace aa::ownership {
namespace {

using NodeKey = pugi::xml_node_struct*;

bool named(const pugi::xml_node& n, std::string_view name) { return std::string_view(n.name()) == name; }
std::string_view id_of(const pugi::xml_node& n) { return n.attribute("id").value(); }

// The nvpair sets a spec owns entry by entry: other nvpairs in them belong to someone else.
bool is_owned_set(const pugi::xml_node& set) {
    const pugi::xml_node parent = set.parent();
    if (named(set, "cluster_property_set")) return named(parent, "crm_config") && id_of(set) == lower::property_set_id;
    if (!named(set, "meta_attributes")) return false;
    return (named(parent, "rsc_defaults") && id_of(set) == lower::rsc_defaults_set_id) ||
           (named(parent, "op_defaults") && id_of(set) == lower::op_defaults_set_id);
}

// Units are what ownership moves as a whole: a top-level resource, a constraint, an owned nvpair.
bool is_unit(const pugi::xml_node& n) {
    if (n.type() != pugi::node_element) return false;
    const pugi::xml_node parent = n.parent();
    if (named(parent, "resources") || named(parent, "constraints") || named(parent, "fencing-topology"))
        return named(parent.parent(), "configuration");
    return named(n, "nvpair") && is_owned_set(parent);
}

pugi::xml_node unit_of(pugi::xml_node n) {
    for (; n && n.type() == pugi::node_element; n = n.parent())
        if (is_unit(n)) return n;
    return {};
}

// Where a unit lives: "resources", "constraints", "fencing-topology" or the id of its nvpair set.
std::string_view scope_of(const pugi::xml_node& unit) {
    const pugi::xml_node parent = unit.parent();
    return named(unit, "nvpair") ? id_of(parent) : std::string_view(parent.name());
}

struct SpecUnit {
    pugi::xml_node node;  // in the lowered spec
    bool placed = false;
};

class Builder {
public:
    Builder(const pugi::xml_node& base_cib, const model::Model& m, const Options& opt, Result& result)
        : base_(root_element(base_cib)), opt_(opt), result_(result) {
        lower::lower(m, spec_.append_child("configuration"));
        owned_ = lower::owned_ids(spec_.child("configuration"));
        index_base();
        collect_spec_units();
    }

    void claim_twins() {
        claims_.reserve(units_.size());
        for (SpecUnit& u : units_) claim(u);
    }

    void build(pugi::xml_document& out) {
        out.reset();
        emit_shallow(base_, out, false);
        place_new_units(out.document_element().child("configuration"));
        finish_tag(out.document_element().child("configuration"));
    }

private:
    // Ids of the base in two tables: managed unit roots (twins to replace), and every id outside a
    // managed unit (what a spec id may collide with). Ids nested inside a managed unit are in
    // neither: that unit is replaced or deleted, so they cannot collide, and leaving them out
    // keeps the lookups few (a base is mostly managed objects).
    void index_base() {
        const pugi::xml_node configuration = base_.child("configuration");
        const pugi::xml_node tag = configuration.child("tags").find_child_by_attribute("tag", "id", tag_id);
        std::unordered_set<std::string_view> managed;
        for (pugi::xml_node ref : tag.children("obj_ref")) managed.insert(id_of(ref));
        roots_.reserve(managed.size());
        managed_.reserve(managed.size());
        for (pugi::xml_node n = configuration.first_child(); n;) {
            bool descend = true;
            if (n.type() == pugi::node_element && !named(n, "obj_ref") && !named(n, "resource_ref")) {
                const std::string_view id = id_of(n);
                if (is_unit(n) && managed.count(id)) {
                    roots_.emplace(id, n);
                    managed_.insert(n.internal_object());
                    descend = false;
                } else if (!id.empty()) {
                    foreign_.emplace(id, n);
                }
                if (is_unit(n)) {
                    if (named(n, "nvpair")) names_.emplace(key(scope_of(n), n.attribute("name").value()), n);
                }
            }
            n = next_in_document(n, configuration, descend);
        }
    }

    static pugi::xml_node root_element(const pugi::xml_node& n) {
        if (n.type() != pugi::node_document) return n;
        return n.find_child([](pugi::xml_node c) { return c.type() == pugi::node_element; });
    }

    static pugi::xml_node next_in_document(pugi::xml_node n, const pugi::xml_node& root, bool descend = true) {
        if (descend && n.first_child()) return n.first_child();
        while (n && n != root) {
            if (n.next_sibling()) return n.next_sibling();
            n = n.parent();
        }
        return {};
    }

    static std::string key(std::string_view scope, std::string_view name) {
        std::string k(scope);
        k += '\n';
        k += name;
        return k;
    }

    void collect_spec_units() {
        const pugi::xml_node configuration = spec_.child("configuration");
        for (pugi::xml_node nv : configuration.child("crm_config").child("cluster_property_set").children())
            units_.push_back({nv});
        for (pugi::xml_node r : configuration.child("resources").children()) units_.push_back({r});
        for (pugi::xml_node c : configuration.child("constraints").children()) units_.push_back({c});
        for (pugi::xml_node l : configuration.child("fencing-topology").children()) units_.push_back({l});
        for (const char* section : {"rsc_defaults", "op_defaults"})
            for (pugi::xml_node nv : configuration.child(section).child("meta_attributes").children())
                units_.push_back({nv});
    }

    bool owned(const pugi::xml_node& unit) const {
        return managed_.count(unit.internal_object()) || adopted_.count(unit.internal_object());
    }

    // The base units this spec unit touches: those holding one of its ids, and for an nvpair the
    // one of the same name in the same set (Pacemaker would read only one of two).
    std::vector<pugi::xml_node> touched(const SpecUnit& u) {
        std::vector<pugi::xml_node> roots;
        auto add = [&](pugi::xml_node r) {
            for (const pugi::xml_node& seen : roots)
                if (seen == r) return;
            roots.push_back(r);
        };
        auto visit = [&](const pugi::xml_node& e) {
            const std::string_view id = id_of(e);
            if (id.empty()) return;
            // Only a unit or a resource nested in one (clone > group > primitive) can be the twin
            // of a managed unit: a service moving into a group replaces its old self in place.
            if (e == u.node || named(e, "primitive") || named(e, "group"))
                if (auto it = roots_.find(id); it != roots_.end()) add(it->second);
            if (foreign_.empty()) return;
            auto it = foreign_.find(id);
            if (it == foreign_.end()) return;
            if (pugi::xml_node r = unit_of(it->second))
                add(r);
            else
                collide(it->second, false);  // an id outside any unit (a node, a set): never ours to take
        };
        for (pugi::xml_node e = u.node; e; e = next_in_document(e, u.node))
            if (e.type() == pugi::node_element) visit(e);
        if (named(u.node, "nvpair")) {
            auto it = names_.find(key(scope_of(u.node), u.node.attribute("name").value()));
            if (it != names_.end()) add(it->second);
        }
        return roots;
    }

    void collide(const pugi::xml_node& base_node, bool adoptable) {
        if (adoptable && opt_.adopt) {
            if (adopted_.insert(base_node.internal_object()).second) result_.adopted.emplace_back(id_of(base_node));
            return;
        }
        if (reported_.insert(base_node.internal_object()).second)
            result_.collisions.push_back({std::string(id_of(base_node)), base_node.name()});
    }

    // Resources inside a base unit that the spec unit does not hold: adopting the unit would
    // replace it with the spec's and so delete them (a spec naming one member of a group).
    static std::vector<std::string> unnamed_resources(const pugi::xml_node& base_unit, const pugi::xml_node& spec_unit) {
        std::unordered_set<std::string_view> spec_ids;
        for (pugi::xml_node e = spec_unit; e; e = next_in_document(e, spec_unit))
            if (e.type() == pugi::node_element && !id_of(e).empty()) spec_ids.insert(id_of(e));
        std::vector<std::string> out;
        for (pugi::xml_node e = base_unit; e; e = next_in_document(e, base_unit))
            if (e != base_unit && (named(e, "primitive") || named(e, "group") || named(e, "clone") || named(e, "master") || named(e, "bundle")) &&
                !spec_ids.count(id_of(e)))
                out.emplace_back(id_of(e));
        return out;
    }

    void claim(SpecUnit& u) {
        for (const pugi::xml_node& r : touched(u)) {
            if (!owned(r) && opt_.adopt) {
                if (std::vector<std::string> lost = unnamed_resources(r, u.node); !lost.empty()) {
                    if (reported_.insert(r.internal_object()).second)
                        result_.collisions.push_back({std::string(id_of(r)), r.name(), std::move(lost)});
                    continue;
                }
            }
            if (!owned(r)) collide(r, true);
            if (owned(r) && scope_of(r) == scope_of(u.node) && !claims_.count(r.internal_object()))
                claims_.emplace(r.internal_object(), &u);
        }
    }

    // Copies base into dest, swapping owned units for their spec twins and dropping the rest.
    void emit_children(const pugi::xml_node& from, pugi::xml_node dest, bool units) {
        for (pugi::xml_node c : from.children()) {
            if (c.type() != pugi::node_element) {
                dest.append_copy(c);
            } else if (units) {
                emit_unit(c, dest);
            } else if (named(c, "cib") || named(c, "configuration") || named(c, "crm_config") ||
                       named(c, "rsc_defaults") || named(c, "op_defaults") || named(c, "tags")) {
                emit_shallow(c, dest, false);
            } else if (named(c, "resources") || named(c, "constraints") || named(c, "fencing-topology")) {
                emit_shallow(c, dest, named(c.parent(), "configuration"));
            } else if (is_owned_set(c)) {
                emit_owned_set(c, dest);
            } else if (named(c, "tag") && id_of(c) == tag_id && named(from, "tags")) {
                emit_tag(c, dest);
            } else if (!opt_.with_status && named(c, "status") && named(from, "cib")) {
                dest.append_child("status");
            } else {
                dest.append_copy(c);
            }
        }
    }

    void emit_shallow(const pugi::xml_node& c, pugi::xml_node dest, bool units) {
        pugi::xml_node copy = dest.append_child(c.name());
        for (pugi::xml_attribute a : c.attributes()) copy.append_copy(a);
        emit_children(c, copy, units);
        // A defaults section whose only set we just emptied goes as well.
        if ((named(c, "rsc_defaults") || named(c, "op_defaults")) && has_element(c) && !has_element(copy))
            dest.remove_child(copy);
    }

    static bool has_element(const pugi::xml_node& n) {
        return n.find_child([](pugi::xml_node c) { return c.type() == pugi::node_element; });
    }

    // A set left empty by removing our nvpairs goes too.
    void emit_owned_set(const pugi::xml_node& set, pugi::xml_node dest) {
        pugi::xml_node copy = dest.append_child(set.name());
        for (pugi::xml_attribute a : set.attributes()) copy.append_copy(a);
        emit_children(set, copy, true);
        if (has_element(set) && !has_element(copy)) dest.remove_child(copy);
    }

    void emit_unit(const pugi::xml_node& unit, pugi::xml_node dest) {
        auto claim = claims_.find(unit.internal_object());
        if (claim != claims_.end()) {
            dest.append_copy(claim->second->node);
            claim->second->placed = true;
        } else if (!owned(unit)) {
            dest.append_copy(unit);
        }
    }

    static pugi::xml_node child_or_append(pugi::xml_node parent, const char* name) {
        pugi::xml_node c = parent.child(name);
        return c ? c : parent.append_child(name);
    }

    static pugi::xml_node set_or_append(pugi::xml_node parent, const char* element, std::string_view id) {
        for (pugi::xml_node s : parent.children(element))
            if (id_of(s) == id) return s;
        pugi::xml_node s = parent.append_child(element);
        s.append_attribute("id") = std::string(id).c_str();
        return s;
    }

    pugi::xml_node destination(pugi::xml_node configuration, const SpecUnit& u) {
        const std::string_view scope = scope_of(u.node);
        if (scope == "resources" || scope == "constraints") return configuration.child(std::string(scope).c_str());
        if (scope == "fencing-topology") return child_or_append(configuration, "fencing-topology");
        if (scope == lower::property_set_id)
            return set_or_append(child_or_append(configuration, "crm_config"), "cluster_property_set", scope);
        const char* section = scope == lower::rsc_defaults_set_id ? "rsc_defaults" : "op_defaults";
        return set_or_append(child_or_append(configuration, section), "meta_attributes", scope);
    }

    void place_new_units(pugi::xml_node configuration) {
        for (SpecUnit& u : units_)
            if (!u.placed) destination(configuration, u).append_copy(u.node);
    }

    // The tag keeps its surviving obj_refs in their order and appends new ones, so an unchanged
    // spec leaves it exactly as it was (and the patch empty).
    void emit_tag(const pugi::xml_node& base_tag, pugi::xml_node tags) {
        tag_written_ = true;
        if (owned_.empty()) return;
        pugi::xml_node tag = tags.append_child("tag");
        for (pugi::xml_attribute a : base_tag.attributes()) tag.append_copy(a);
        if (lists_exactly(base_tag, owned_)) {  // the common case: nothing added or removed
            for (pugi::xml_node ref : base_tag.children()) tag.append_copy(ref);
            return;
        }
        std::unordered_map<std::string_view, bool> listed;  // spec id -> already in the tag
        listed.reserve(owned_.size());
        for (const std::string& id : owned_) listed.emplace(id, false);
        for (pugi::xml_node ref : base_tag.children("obj_ref")) {
            auto it = listed.find(id_of(ref));
            if (it != listed.end() && !it->second) {
                it->second = true;
                tag.append_copy(ref);
            }
        }
        for (const std::string& id : owned_) {
            bool& done = listed.find(id)->second;
            if (!done) tag.append_child("obj_ref").append_attribute("id") = id.c_str();
            done = true;
        }
    }

    static bool lists_exactly(const pugi::xml_node& tag, const std::vector<std::string>& ids) {
        auto id = ids.begin();
        for (pugi::xml_node c : tag.children()) {
            if (c.type() != pugi::node_element) continue;
            if (!named(c, "obj_ref") || id == ids.end() || id_of(c) != *id) return false;
            ++id;
        }
        return id == ids.end();
    }

    // A spec that owns nothing leaves no tag; pcs puts a new <tags> right after <constraints>.
    void finish_tag(pugi::xml_node configuration) {
        pugi::xml_node tags = configuration.child("tags");
        if (owned_.empty()) {
            if (tags && tag_written_ && !has_element(tags))
                configuration.remove_child(tags);
            return;
        }
        if (tag_written_) return;
        if (!tags) tags = configuration.insert_child_after("tags", configuration.child("constraints"));
        pugi::xml_node tag = tags.append_child("tag");
        tag.append_attribute("id") = tag_id;
        for (const std::string& id : owned_) tag.append_child("obj_ref").append_attribute("id") = id.c_str();
    }

    pugi::xml_node base_;
    const Options& opt_;
    Result& result_;
    pugi::xml_document spec_;
    std::vector<std::string> owned_;
    std::vector<SpecUnit> units_;
    std::unordered_map<std::string_view, pugi::xml_node> roots_, foreign_;
    std::unordered_map<std::string, pugi::xml_node> names_;
    std::unordered_set<NodeKey> managed_, adopted_, reported_;  // base units, by node
    std::unordered_map<NodeKey, SpecUnit*> claims_;
    bool tag_written_ = false;
};

}  // namespace

std::vector<std::string> managed_ids(const pugi::xml_node& base_cib) {
    std::vector<std::string> ids;
    const pugi::xml_node tag =
        base_cib.child("configuration").child("tags").find_child_by_attribute("tag", "id", tag_id);
    for (pugi::xml_node ref : tag.children("obj_ref")) ids.emplace_back(id_of(ref));
    return ids;
}

Result build_desired(const pugi::xml_node& base_cib, const model::Model& m, const Options& opt,
                     pugi::xml_document& desired_out) {
    Result result;
    Builder builder(base_cib, m, opt, result);
    builder.claim_twins();
    result.ok = result.collisions.empty();
    if (result.ok)
        builder.build(desired_out);
    else
        desired_out.reset();
    return result;
}

}  // namespace aa::ownership
