// Computes the format-2 patchset (Pacemaker's xml_create_patchset v2 output) between two CIBs.
// Layout of the result, in the order Pacemaker writes it: the <version> block, every "delete"
// (base document order), then one walk of the target in document order emitting, per element,
// "create" (whole new subtree, once), or "modify" (before its children) and "move" (after them).
// Why the order and the positions apply correctly is argued in docs/patch-format.md.
#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "compiler/patch.hpp"

namespace aa::patch {
namespace detail {

bool is_version_attr(const char* name) {
    return std::strcmp(name, "admin_epoch") == 0 || std::strcmp(name, "epoch") == 0 ||
           std::strcmp(name, "num_updates") == 0;
}

std::string child_path(const std::string& parent_path, const pugi::xml_node& child) {
    std::string path = parent_path;
    path += '/';
    path += child.name();
    if (pugi::xml_attribute id = child.attribute("id")) {
        path += "[@id='";
        path += id.value();
        path += "']";
    }
    return path;
}

namespace {

std::vector<pugi::xml_node> element_children(const pugi::xml_node& parent) {
    std::vector<pugi::xml_node> out;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element) out.push_back(c);
    return out;
}

bool same_identity(const pugi::xml_node& a, const pugi::xml_node& b) {
    if (std::strcmp(a.name(), b.name()) != 0) return false;
    pugi::xml_attribute ia = a.attribute("id"), ib = b.attribute("id");
    if (!ia || !ib) return !ia && !ib;
    return std::strcmp(ia.value(), ib.value()) == 0;
}

// The common case (nothing added, removed or reordered here): pair by index, in linear time with
// no allocation beyond the vectors. Refused when an id-less name repeats, which needs the slow path.
bool pair_in_place(ChildMatch& m) {
    if (m.base.size() != m.target.size()) return false;
    std::vector<std::string_view> idless;
    for (size_t i = 0; i < m.base.size(); ++i) {
        if (!same_identity(m.base[i], m.target[i])) return false;
        if (!m.base[i].attribute("id")) idless.emplace_back(m.base[i].name());
    }
    std::sort(idless.begin(), idless.end());
    if (std::adjacent_find(idless.begin(), idless.end()) != idless.end()) return false;
    for (size_t i = 0; i < m.base.size(); ++i) {
        m.base_to_target[i] = static_cast<int>(i);
        m.target_to_base[i] = static_cast<int>(i);
    }
    return true;
}

struct Key {
    std::string_view name, id;
    bool has_id;
    bool operator==(const Key&) const = default;
};
struct KeyHash {
    size_t operator()(const Key& k) const {
        return std::hash<std::string_view>{}(k.name) * 31 + std::hash<std::string_view>{}(k.id) +
               (k.has_id ? 1 : 0);
    }
};
Key key_of(const pugi::xml_node& n) {
    pugi::xml_attribute id = n.attribute("id");
    return {n.name(), id ? std::string_view(id.value()) : std::string_view(), bool(id)};
}

struct NameStats {
    int base_total = 0, target_total = 0, idless = 0;
    bool duplicate_key = false;
};

// Names whose children cannot all be addressed by a Pacemaker path (see ChildMatch).
std::unordered_map<std::string_view, NameStats> name_stats(const ChildMatch& m) {
    std::unordered_map<std::string_view, NameStats> stats;
    for (const auto& c : m.base) {
        auto& s = stats[c.name()];
        ++s.base_total;
        if (!c.attribute("id")) ++s.idless;
    }
    for (const auto& c : m.target) {
        auto& s = stats[c.name()];
        ++s.target_total;
        if (!c.attribute("id")) ++s.idless;
    }
    return stats;
}

bool ambiguous(const NameStats& s) {
    return s.duplicate_key || (s.idless > 0 && (s.base_total > 1 || s.target_total > 1));
}

void pair_by_key(ChildMatch& m) {
    auto stats = name_stats(m);
    std::unordered_map<Key, int, KeyHash> base_index, target_seen;
    base_index.reserve(m.base.size());
    for (size_t i = 0; i < m.base.size(); ++i)
        if (!base_index.emplace(key_of(m.base[i]), static_cast<int>(i)).second)
            stats[m.base[i].name()].duplicate_key = true;
    for (const auto& c : m.target)
        if (!target_seen.emplace(key_of(c), 0).second) stats[c.name()].duplicate_key = true;

    for (size_t j = 0; j < m.target.size(); ++j) {
        if (ambiguous(stats[m.target[j].name()])) continue;
        auto it = base_index.find(key_of(m.target[j]));
        if (it == base_index.end()) continue;
        m.target_to_base[j] = it->second;
        m.base_to_target[it->second] = static_cast<int>(j);
    }
}

// Marks as moved every paired target child outside one longest run whose base indices increase:
// the elements that stay put keep their relative order, which the position arithmetic relies on.
void mark_moves(ChildMatch& m) {
    std::vector<int> seq;  // target indices of paired children, in target order
    for (size_t j = 0; j < m.target.size(); ++j)
        if (m.target_to_base[j] >= 0) seq.push_back(static_cast<int>(j));
    std::vector<int> tails, tail_at, prev(seq.size(), -1);
    for (size_t k = 0; k < seq.size(); ++k) {
        int b = m.target_to_base[seq[k]];
        auto pos = std::lower_bound(tails.begin(), tails.end(), b) - tails.begin();
        if (pos == static_cast<long>(tails.size())) {
            tails.push_back(b);
            tail_at.push_back(static_cast<int>(k));
        } else {
            tails[pos] = b;
            tail_at[pos] = static_cast<int>(k);
        }
        prev[k] = pos > 0 ? tail_at[pos - 1] : -1;
    }
    for (int j : seq) m.target_moved[j] = true;
    for (int k = tails.empty() ? -1 : tail_at.back(); k >= 0; k = prev[k]) m.target_moved[seq[k]] = false;
}

}  // namespace

ChildMatch match_children(const pugi::xml_node& base, const pugi::xml_node& target) {
    ChildMatch m;
    m.base = element_children(base);
    m.target = element_children(target);
    m.base_to_target.assign(m.base.size(), -1);
    m.target_to_base.assign(m.target.size(), -1);
    m.target_moved.assign(m.target.size(), false);
    if (pair_in_place(m)) return m;
    pair_by_key(m);
    mark_moves(m);
    return m;
}

}  // namespace detail

namespace {

using detail::child_path;
using detail::ChildMatch;

// The status section belongs to the cluster, not to the plan: never diffed, created or deleted.
bool is_status(const pugi::xml_node& n, int depth) {
    return depth == 1 && std::strcmp(n.name(), "status") == 0;
}

class PatchWriter {
public:
    explicit PatchWriter(pugi::xml_node diff) : diff_(diff) {}

    // Deletes, in base document order. Within one parent the id-less ones go last: their path is
    // the bare name, which Pacemaker resolves to the first child of that name, so every id-bearing
    // namesake must be gone by then.
    void deletes(const pugi::xml_node& base, const pugi::xml_node& target, const std::string& path,
                 int depth) {
        ChildMatch m = detail::match_children(base, target);
        std::vector<pugi::xml_node> idless;
        for (size_t i = 0; i < m.base.size(); ++i) {
            const pugi::xml_node& b = m.base[i];
            if (is_status(b, depth + 1)) continue;
            if (m.base_to_target[i] >= 0) {
                deletes(b, m.target[m.base_to_target[i]], child_path(path, b), depth + 1);
            } else if (b.attribute("id")) {
                add_delete(child_path(path, b));
            } else {
                idless.push_back(b);
            }
        }
        for (const auto& b : idless) add_delete(child_path(path, b));
    }

    // Creates, modifies and moves, in target document order (Pacemaker's walk of the new CIB).
    void changes(const pugi::xml_node& base, const pugi::xml_node& target, const std::string& path,
                 int depth) {
        modify(base, target, path, depth == 0);
        ChildMatch m = detail::match_children(base, target);
        for (size_t j = 0; j < m.target.size(); ++j) {
            const pugi::xml_node& t = m.target[j];
            if (is_status(t, depth + 1)) continue;
            int i = m.target_to_base[j];
            if (i < 0) {
                add_create(path, t, static_cast<int>(j));
                continue;
            }
            std::string own = child_path(path, t);
            changes(m.base[i], t, own, depth + 1);
            if (m.target_moved[j]) add_move(own, static_cast<int>(j));
        }
    }

private:
    pugi::xml_node diff_;

    pugi::xml_node new_change(const char* op, const std::string& path) {
        pugi::xml_node c = diff_.append_child("change");
        c.append_attribute("operation") = op;
        c.append_attribute("path") = path.c_str();
        return c;
    }
    void add_delete(const std::string& path) { new_change("delete", path); }
    void add_create(const std::string& parent_path, const pugi::xml_node& t, int position) {
        pugi::xml_node c = new_change("create", parent_path);
        c.append_attribute("position") = position;
        c.append_copy(t);
    }
    void add_move(const std::string& path, int position) {
        new_change("move", path).append_attribute("position") = position;
    }

    // A "modify" lists the set attributes (target order) then the unset ones (base order), and
    // carries the element's whole resulting attribute set, which is what the applier uses. On the
    // <cib> element the version fields are left alone: the applier bumps them itself, so the
    // result keeps the base's values.
    void modify(const pugi::xml_node& base, const pugi::xml_node& target, const std::string& path,
                bool root) {
        pugi::xml_node list;
        auto ensure_list = [&] {
            if (!list) list = new_change("modify", path).append_child("change-list");
        };
        for (pugi::xml_attribute a = target.first_attribute(); a; a = a.next_attribute()) {
            if (root && detail::is_version_attr(a.name())) continue;
            pugi::xml_attribute old = base.attribute(a.name());
            if (old && std::strcmp(old.value(), a.value()) == 0) continue;
            ensure_list();
            pugi::xml_node ca = list.append_child("change-attr");
            ca.append_attribute("name") = a.name();
            ca.append_attribute("operation") = "set";
            ca.append_attribute("value") = a.value();
        }
        for (pugi::xml_attribute a = base.first_attribute(); a; a = a.next_attribute()) {
            if (root && detail::is_version_attr(a.name())) continue;
            if (target.attribute(a.name())) continue;
            ensure_list();
            pugi::xml_node ca = list.append_child("change-attr");
            ca.append_attribute("name") = a.name();
            ca.append_attribute("operation") = "unset";
        }
        if (!list) return;
        pugi::xml_node result = list.parent().append_child("change-result").append_child(target.name());
        for (pugi::xml_attribute a = target.first_attribute(); a; a = a.next_attribute()) {
            const char* value = a.value();
            if (root && detail::is_version_attr(a.name())) {
                if (!base.attribute(a.name())) continue;
                value = base.attribute(a.name()).value();
            }
            result.append_attribute(a.name()) = value;
        }
        if (root)
            for (const char* f : {"admin_epoch", "epoch", "num_updates"})
                if (base.attribute(f) && !target.attribute(f))
                    result.append_attribute(f) = base.attribute(f).value();
    }
};

long long version_field(const pugi::xml_node& cib, const char* name) {
    return cib.attribute(name).as_llong(0);
}

// Source = the base's version, as the applier checks it (a missing field reads as 0). Target =
// what the CIB holds after a configuration change: epoch + 1 and num_updates reset to 0.
void write_version(pugi::xml_node diff, const pugi::xml_node& base) {
    pugi::xml_node version = diff.append_child("version");
    pugi::xml_node source = version.append_child("source");
    pugi::xml_node target = version.append_child("target");
    long long admin = version_field(base, "admin_epoch"), epoch = version_field(base, "epoch");
    source.append_attribute("admin_epoch") = admin;
    source.append_attribute("epoch") = epoch;
    source.append_attribute("num_updates") = version_field(base, "num_updates");
    target.append_attribute("admin_epoch") = admin;
    target.append_attribute("epoch") = epoch + 1;
    target.append_attribute("num_updates") = 0;
}

}  // namespace

void make_patchset(const pugi::xml_node& base_cib, const pugi::xml_node& target_cib,
                   pugi::xml_document& patch_out) {
    patch_out.reset();
    pugi::xml_node diff = patch_out.append_child("diff");
    diff.append_attribute("format") = "2";
    write_version(diff, base_cib);
    PatchWriter writer(diff);
    std::string root_path = std::string("/") + target_cib.name();
    writer.deletes(base_cib, target_cib, root_path, 0);
    writer.changes(base_cib, target_cib, root_path, 0);
}

bool is_empty(const pugi::xml_node& patch) {
    pugi::xml_node diff = std::strcmp(patch.name(), "diff") == 0 ? patch : patch.child("diff");
    return !diff.child("change");
}

}  // namespace aa::patch
