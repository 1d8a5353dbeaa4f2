// The CIB patch: the format-2 patchset (the one `crm_diff` writes and `cibadmin --patch` applies)
// turning a base CIB into the desired one, an in-process applier of such patchsets (the test
// oracle beside cibadmin), and the per-object change summary a reviewer reads in `aa plan`.
// The exact format is described in docs/patch-format.md.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <pugixml.hpp>

namespace aa::patch {

// The format-2 patchset turning base into target (both whole <cib> documents; only the children
// of <configuration> and <cib> attributes differ in practice; the status section is never
// diffed). <diff format="2"><version><source admin_epoch epoch num_updates/><target admin_epoch
// epoch=base+1 num_updates=.../></version><change operation="create|delete|modify|move"
// path="/cib/configuration/resources/primitive[@id='x']" ...>, with positions, change-list /
// change-attr and change-result exactly as Pacemaker writes and reads them.
void make_patchset(const pugi::xml_node& base_cib, const pugi::xml_node& target_cib,
                   pugi::xml_document& patch_out);

// True when the patchset holds no <change>.
bool is_empty(const pugi::xml_node& patch);

// In-process application, with the same semantics as `cibadmin --patch` (including the version
// check: the CIB's admin_epoch/epoch/num_updates must equal the patch's source). On failure
// returns false with a message in `error`; `cib` may then be partly changed.
bool apply_patchset(pugi::xml_node cib, const pugi::xml_node& patch, std::string& error);

struct AttrChange {
    std::string name;
    std::optional<std::string> before, after;
};

struct ObjectChange {
    enum class Kind { Create, Modify, Delete } kind;
    std::string element;    // primitive, clone, rsc_location, nvpair, op, tag, obj_ref...
    std::string id;
    std::string parent_id;  // the object it lives in (the primitive of an op, the set of an nvpair)
    std::vector<AttrChange> attrs;  // Modify: changed attributes; Create/Delete: all but `id`
    bool moved = false;  // Modify: its position among its siblings changed (order matters in groups)
};

// What a reviewer reads in `aa plan`: one entry per CIB object created, modified or deleted, in
// document order. Objects are elements with an id; a created/deleted object is reported once
// (not its children separately).
std::vector<ObjectChange> summarize(const pugi::xml_node& base_cib, const pugi::xml_node& target_cib);

namespace detail {

// How the element children of one base element pair up with those of its target counterpart.
// Identity is tag name + id; an id-less element is identified by its name alone, which Pacemaker's
// paths can address only while it is the sole child of that name: names where that does not hold
// are "ambiguous" and their children are never paired (deleted and re-created instead).
struct ChildMatch {
    std::vector<pugi::xml_node> base, target;  // element children, in document order
    std::vector<int> base_to_target;           // -1: deleted
    std::vector<int> target_to_base;           // -1: created
    std::vector<bool> target_moved;            // paired, but outside the longest order-preserving run
};
ChildMatch match_children(const pugi::xml_node& base, const pugi::xml_node& target);

// The common case, checked without allocating: the element children pair up one for one, in
// order, by identity, and every id-less name is alone. Walk them side by side then.
bool children_in_lockstep(const pugi::xml_node& base, const pugi::xml_node& target);

// Calls fn(base_child, target_child) for the element children of two elements in lockstep.
template <class Fn>
void for_each_lockstep_pair(const pugi::xml_node& base, const pugi::xml_node& target, Fn&& fn) {
    pugi::xml_node b = base.first_child(), t = target.first_child();
    for (; b && t; b = b.next_sibling(), t = t.next_sibling()) {
        while (b && b.type() != pugi::node_element) b = b.next_sibling();
        while (t && t.type() != pugi::node_element) t = t.next_sibling();
        if (!b || !t) break;
        fn(b, t);
    }
}

// The path Pacemaker writes for a child of the element at parent_path: "/name" or "/name[@id='x']".
std::string child_path(const std::string& parent_path, const pugi::xml_node& child);
void append_step(std::string& path, const pugi::xml_node& child);  // the same, in place

// The version fields a patch never diffs (the <version> block carries them).
bool is_version_attr(const char* name);

// The same attribute names with the same values, in any order.
bool same_attributes(const pugi::xml_node& a, const pugi::xml_node& b);

}  // namespace detail

}  // namespace aa::patch
