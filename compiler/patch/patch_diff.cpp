// Computes the format-2 patchset (Pacemaker's xml_create_patchset v2 output) between two CIBs.
// Layout of the result, in the order Pacemaker writes it: the <version> block, every "delete"
// (base document order where nothing moved), then the target in document order: per element
// "create" (whole new subtree, once), or "modify" (before its children) and "move" (after them).
// One walk of both trees; parents whose children line up (almost all) are walked side by side
// without allocating, the others paired through hash maps: linear in the size of the CIB.
// Why the order and the positions apply correctly is argued in docs/patch-format.md.
#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "compiler/patch/patch.hpp"

namespace aa::patch {
namespace detail {

bool is_version_attr(const char* name) {
    return std::strcmp(name, "admin_epoch") == 0 || std::strcmp(name, "epoch") == 0 ||
           std::strcmp(name, "num_updates") == 0;
}

bool same_attributes(const pugi::xml_node& a, const pugi::xml_node& b) {
    size_t count = 0;
    for (pugi::xml_attribute x = a.first_attribute(); x; x = x.next_attribute(), ++count) {
        pugi::xml_attribute y = b.attribute(x.name());
        if (!y || std::strcmp(x.value(), y.value()) != 0) return false;
    }
    for (pugi::xml_attribute y = b.first_attribute(); y; y = y.next_attribute()) --count;
    return count == 0;
}

void append_step(std::string& path, const pugi::xml_node& child) {
    path += '/';
    path += child.name();
    if (pugi::xml_attribute id = child.attribute("id")) {
        path += "[@id='";
        path += id.value();
        path += "']";
    }
}

std::string child_path(const std::string& parent_path, const pugi::xml_node& child) {
    std::string path = parent_path;
    append_step(path, child);
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

pugi::xml_node next_element(pugi::xml_node n) {
    while (n && n.type() != pugi::node_element) n = n.next_sibling();
    return n;
}

}  // namespace

bool children_in_lockstep(const pugi::xml_node& base, const pugi::xml_node& target) {
    constexpr int kMaxIdless = 8;  // containers hold a handful of id-less children at most
    const char* idless[kMaxIdless];
    int n_idless = 0;
    pugi::xml_node b = next_element(base.first_child()), t = next_element(target.first_child());
    for (; b && t; b = next_element(b.next_sibling()), t = next_element(t.next_sibling())) {
        if (!same_identity(b, t)) return false;
        if (b.attribute("id")) continue;
        if (n_idless == kMaxIdless) return false;
        for (int k = 0; k < n_idless; ++k)
            if (std::strcmp(idless[k], b.name()) == 0) return false;
        idless[n_idless++] = b.name();
    }
    if (b || t) return false;
    if (n_idless == 0) return true;
    // An id-less name shared with an id-bearing sibling is not addressable either.
    for (b = next_element(base.first_child()); b; b = next_element(b.next_sibling())) {
        if (!b.attribute("id")) continue;
        for (int k = 0; k < n_idless; ++k)
            if (std::strcmp(idless[k], b.name()) == 0) return false;
    }
    return true;
}

namespace {

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


// Equal as the patch sees them: same names, attribute sets and element children, in order.
bool deep_equal(const pugi::xml_node& a, const pugi::xml_node& b) {
    if (std::strcmp(a.name(), b.name()) != 0 || !detail::same_attributes(a, b)) return false;
    pugi::xml_node x = a.first_child(), y = b.first_child();
    for (;; x = x.next_sibling(), y = y.next_sibling()) {
        while (x && x.type() != pugi::node_element) x = x.next_sibling();
        while (y && y.type() != pugi::node_element) y = y.next_sibling();
        if (!x || !y) return !x && !y;
        if (!deep_equal(x, y)) return false;
    }
}

// An ambiguous name's children may stay only when they are unchanged, one for one: nothing then
// needs their (unusable) paths, as long as none of them has to move.
std::vector<std::string_view> pair_unchanged_ambiguous(
    ChildMatch& m, const std::unordered_map<std::string_view, NameStats>& stats) {
    std::vector<std::string_view> paired;
    for (const auto& [name, s] : stats) {
        if (!ambiguous(s) || s.base_total != s.target_total) continue;
        std::vector<int> bs, ts;
        for (size_t i = 0; i < m.base.size(); ++i)
            if (name == m.base[i].name()) bs.push_back(static_cast<int>(i));
        for (size_t j = 0; j < m.target.size(); ++j)
            if (name == m.target[j].name()) ts.push_back(static_cast<int>(j));
        bool equal = true;
        for (size_t k = 0; k < bs.size() && equal; ++k) equal = deep_equal(m.base[bs[k]], m.target[ts[k]]);
        if (!equal) continue;
        for (size_t k = 0; k < bs.size(); ++k) {
            m.base_to_target[bs[k]] = ts[k];
            m.target_to_base[ts[k]] = bs[k];
        }
        paired.push_back(name);
    }
    return paired;
}

std::vector<std::string_view> pair_by_key(ChildMatch& m) {
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
    return pair_unchanged_ambiguous(m, stats);
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

// Unpairs a name's children (they become delete + create).
void unpair(ChildMatch& m, std::string_view name) {
    for (size_t j = 0; j < m.target.size(); ++j) {
        if (name != m.target[j].name() || m.target_to_base[j] < 0) continue;
        m.base_to_target[m.target_to_base[j]] = -1;
        m.target_to_base[j] = -1;
        m.target_moved[j] = false;
    }
}

}  // namespace

ChildMatch match_children(const pugi::xml_node& base, const pugi::xml_node& target) {
    ChildMatch m;
    m.base = element_children(base);
    m.target = element_children(target);
    m.base_to_target.assign(m.base.size(), -1);
    m.target_to_base.assign(m.target.size(), -1);
    m.target_moved.assign(m.target.size(), false);
    if (children_in_lockstep(base, target)) {
        for (size_t i = 0; i < m.base.size(); ++i) m.base_to_target[i] = m.target_to_base[i] = static_cast<int>(i);
        return m;
    }
    std::vector<std::string_view> kept_ambiguous = pair_by_key(m);
    mark_moves(m);
    // A kept ambiguous child that would have to move cannot be addressed: re-create its name.
    for (bool again = true; again;) {
        again = false;
        for (size_t j = 0; j < m.target.size() && !again; ++j) {
            if (!m.target_moved[j]) continue;
            auto it = std::find(kept_ambiguous.begin(), kept_ambiguous.end(), std::string_view(m.target[j].name()));
            if (it == kept_ambiguous.end()) continue;
            unpair(m, *it);
            kept_ambiguous.erase(it);
            std::fill(m.target_moved.begin(), m.target_moved.end(), false);
            mark_moves(m);
            again = true;
        }
    }
    return m;
}

}  // namespace detail

namespace {

using detail::ChildMatch;

// The status section belongs to the cluster, not to the plan: never diffed, created or deleted.
bool is_status(const pugi::xml_node& n, int depth) {
    return depth == 1 && std::strcmp(n.name(), "status") == 0;
}

class PatchWriter {
public:
    explicit PatchWriter(pugi::xml_node diff) : diff_(diff) {}

    // One walk of the target in document order: creates, modifies (before the element's children)
    // and moves (after them) go straight into the patch; deletes are collected in base order.
    void walk(const pugi::xml_node& base, const pugi::xml_node& target, int depth) {
        modify(base, target, depth == 0);
        if (detail::children_in_lockstep(base, target)) {
            detail::for_each_lockstep_pair(base, target, [&](const pugi::xml_node& b, const pugi::xml_node& t) {
                if (!is_status(t, depth + 1)) descend(b, t, depth, false, 0);
            });
            return;
        }
        ChildMatch m = detail::match_children(base, target);
        std::vector<size_t> idless_deleted;
        size_t next_base = 0;
        auto deletes_before = [&](size_t limit) {
            for (; next_base < limit; ++next_base) {
                if (m.base_to_target[next_base] >= 0 || is_status(m.base[next_base], depth + 1)) continue;
                if (m.base[next_base].attribute("id")) add_delete(m.base[next_base]);
                else idless_deleted.push_back(next_base);
            }
        };
        for (size_t j = 0; j < m.target.size(); ++j) {
            const pugi::xml_node& t = m.target[j];
            if (is_status(t, depth + 1)) continue;
            int i = m.target_to_base[j];
            if (i < 0) {
                add_create(t, static_cast<int>(j));
                continue;
            }
            deletes_before(static_cast<size_t>(i));
            descend(m.base[i], t, depth, m.target_moved[j], static_cast<int>(j));
        }
        deletes_before(m.base.size());
        // Id-less ones last: their bare-name path finds the first child of that name, so every
        // id-bearing namesake must be gone by then.
        for (size_t i : idless_deleted) add_delete(m.base[i]);
    }

    // Pacemaker lists every delete before the other changes.
    void finish() {
        pugi::xml_node after = diff_.child("version");
        for (const std::string& path : deletes_) {
            after = diff_.insert_child_after("change", after);
            after.append_attribute("operation") = "delete";
            after.append_attribute("path") = path.c_str();
        }
    }

    std::string path;  // of the element being walked

private:
    pugi::xml_node diff_;
    std::vector<std::string> deletes_;

    void descend(const pugi::xml_node& b, const pugi::xml_node& t, int depth, bool moved, int position) {
        size_t mark = path.size();
        detail::append_step(path, t);
        walk(b, t, depth + 1);
        if (moved) add_move(position);
        path.resize(mark);
    }

    pugi::xml_node new_change(const char* op, const std::string& at) {
        pugi::xml_node c = diff_.append_child("change");
        c.append_attribute("operation") = op;
        c.append_attribute("path") = at.c_str();
        return c;
    }
    void add_delete(const pugi::xml_node& b) {
        deletes_.push_back(path);
        detail::append_step(deletes_.back(), b);
    }
    void add_create(const pugi::xml_node& t, int position) {
        pugi::xml_node c = new_change("create", path);
        c.append_attribute("position") = position;
        c.append_copy(t);
    }
    void add_move(int position) { new_change("move", path).append_attribute("position") = position; }

    // A "modify" lists the set attributes (target order) then the unset ones (base order), and
    // carries the element's whole resulting attribute set, which is what the applier uses. On the
    // <cib> element the version fields are left alone: the applier bumps them itself, so the
    // result keeps the base's values.
    void modify(const pugi::xml_node& base, const pugi::xml_node& target, bool root) {
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
    writer.path = std::string("/") + target_cib.name();
    writer.walk(base_cib, target_cib, 0);
    writer.finish();
}

bool is_empty(const pugi::xml_node& patch) {
    pugi::xml_node diff = std::strcmp(patch.name(), "diff") == 0 ? patch : patch.child("diff");
    return !diff.child("change");
}

}  // namespace aa::patch
