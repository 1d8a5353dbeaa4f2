// Applies a format-2 patchset in process, with the semantics of Pacemaker 2.1.5's
// xml_apply_patchset (v2) as `cibadmin --patch` runs it: the version check, a first pass that
// resolves every path, deletes and modifies at once and parks moved elements at the end of their
// parent, a second pass that places creates and moves in ascending position order, then the
// counter update the CIB manager makes after a change. Used as an oracle beside cibadmin.
#include <algorithm>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "compiler/patch/patch.hpp"

namespace aa::patch {
namespace {

constexpr const char* kVersionFields[] = {"admin_epoch", "epoch", "num_updates"};

// A missing or negative field reads as 0, as Pacemaker's check does.
long long read_field(const pugi::xml_node& n, const char* name, long long fallback) {
    pugi::xml_attribute a = n.attribute(name);
    if (!a) return fallback;
    long long v = a.as_llong(0);
    return v < 0 ? 0 : v;
}

bool check_version(const pugi::xml_node& cib, const pugi::xml_node& diff, std::string& error) {
    long long now[3], source[3], target[3];
    for (int k = 0; k < 3; ++k) now[k] = read_field(cib, kVersionFields[k], 0);
    pugi::xml_node src = diff.child("version").child("source");
    pugi::xml_node tgt = diff.child("version").child("target");
    for (int k = 0; k < 3; ++k) {
        source[k] = read_field(src, kVersionFields[k], now[k]);
        target[k] = read_field(tgt, kVersionFields[k], k == 2 ? now[k] + 1 : now[k]);
    }
    for (int k = 0; k < 3; ++k) {
        if (now[k] < source[k]) {
            error = std::string("the CIB's ") + kVersionFields[k] +
                    " is older than the patch's source (cibadmin: Application of an update diff failed)";
            return false;
        }
        if (now[k] > source[k]) {
            error = std::string("the CIB's ") + kVersionFields[k] +
                    " is newer than the patch's source (cibadmin: Update was older than existing configuration)";
            return false;
        }
    }
    for (int k = 0; k < 3; ++k)
        if (target[k] > source[k]) return true;
    error = "the patch's target version is not newer than its source (cibadmin: Update was older than existing configuration)";
    return false;
}

pugi::xml_node first_matching_child(const pugi::xml_node& parent, std::string_view tag, const std::string* id) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_element || tag != c.name()) continue;
        if (id && *id != c.attribute("id").value()) continue;
        if (id && !c.attribute("id")) continue;
        return c;
    }
    return {};
}

// Resolves the restricted paths of v2 patchsets: "/a/b[@id='x']/c", one optional id predicate per step.
pugi::xml_node resolve(const pugi::xml_node& cib, std::string_view path) {
    if (path.empty() || path[0] != '/') return {};
    pugi::xml_node current = cib.parent();
    size_t pos = 0;
    while (current && pos < path.size()) {
        if (path[pos] != '/') return {};
        size_t end = path.find('/', pos + 1);
        std::string_view step = path.substr(pos + 1, end == std::string_view::npos ? std::string_view::npos : end - pos - 1);
        pos = end == std::string_view::npos ? path.size() : end;
        size_t bracket = step.find('[');
        std::string_view tag = step.substr(0, bracket);
        if (bracket == std::string_view::npos) {
            current = first_matching_child(current, tag, nullptr);
            continue;
        }
        constexpr std::string_view open = "[@id='";
        if (step.substr(bracket, open.size()) != open) return {};
        size_t close = step.find('\'', bracket + open.size());
        if (close == std::string_view::npos) return {};
        std::string id(step.substr(bracket + open.size(), close - bracket - open.size()));
        current = first_matching_child(current, tag, &id);
    }
    return current;
}

int position_of(const pugi::xml_node& n) {
    int p = 0;
    for (pugi::xml_node s = n.previous_sibling(); s; s = s.previous_sibling()) ++p;
    return p;
}

pugi::xml_node child_at(const pugi::xml_node& parent, int position) {
    pugi::xml_node c = parent.first_child();
    for (int k = 0; c && k < position; ++k) c = c.next_sibling();
    return c;
}

struct Pending {
    pugi::xml_node change, match;
    int position;
    bool create;
    bool dropped = false;
};

// Creates and moves wait for the second pass; a later delete of (an ancestor of) their element
// would leave them pointing at freed memory, so such deletes drop them, with an error.
class PendingList {
public:
    std::vector<Pending> items;

    void add(Pending p) {
        by_node_.emplace(p.match.internal_object(), items.size());
        items.push_back(p);
    }
    // Drops entries whose element lies in the subtree about to be deleted; true if any did.
    bool drop_inside(const pugi::xml_node& doomed) {
        if (by_node_.empty()) return false;
        bool any = false;
        auto visit = [&](const pugi::xml_node& n) {
            auto [from, to] = by_node_.equal_range(n.internal_object());
            for (auto it = from; it != to; ++it) items[it->second].dropped = any = true;
            by_node_.erase(n.internal_object());
        };
        visit(doomed);
        for (pugi::xml_node n = doomed.first_child(); n;) {  // preorder walk of the subtree
            visit(n);
            if (n.first_child()) { n = n.first_child(); continue; }
            while (n != doomed && !n.next_sibling()) n = n.parent();
            if (n == doomed) break;
            n = n.next_sibling();
        }
        return any;
    }

private:
    std::unordered_multimap<pugi::xml_node_struct*, size_t> by_node_;
};


// Replaces all attributes with those of the change-result; `changed` tells whether any differed.
bool modify(pugi::xml_node match, const pugi::xml_node& change, bool& changed, std::string& error) {
    pugi::xml_node result = change.child("change-result").find_child(
        [](const pugi::xml_node& n) { return n.type() == pugi::node_element; });
    if (!result) {
        error = std::string("modify of ") + change.attribute("path").value() + " has no change-result";
        return false;
    }
    if (detail::same_attributes(match, result)) return true;
    changed = true;
    while (match.first_attribute()) match.remove_attribute(match.first_attribute());
    for (pugi::xml_attribute a = result.first_attribute(); a; a = a.next_attribute())
        match.append_attribute(a.name()) = a.value();
    return true;
}

bool place(const Pending& p, std::string& error) {
    if (p.create) {
        pugi::xml_node content = p.change.find_child(
            [](const pugi::xml_node& n) { return n.type() == pugi::node_element; });
        if (!content) {
            error = std::string("create at ") + p.change.attribute("path").value() + " has no content";
            return false;
        }
        pugi::xml_node parent = p.match;
        pugi::xml_node before = child_at(parent, p.position);
        if (before) parent.insert_copy_before(content, before);
        else parent.append_copy(content);
        return true;
    }
    pugi::xml_node parent = p.match.parent();
    int now = position_of(p.match);
    if (p.position != now) {
        int k = p.position > now ? p.position + 1 : p.position;  // skip the element itself
        pugi::xml_node before = child_at(parent, k);
        if (before) parent.insert_move_before(p.match, before);
        else parent.append_move(p.match);
    }
    if (position_of(p.match) != p.position) {
        error = std::string("move of ") + p.change.attribute("path").value() + " ended at position " +
                std::to_string(position_of(p.match)) + " instead of " + std::to_string(p.position);
        return false;
    }
    return true;
}

// After a change the CIB manager bumps the counters: epoch + 1 and num_updates = 0 when the
// configuration changed, num_updates + 1 otherwise; a patch that changed nothing leaves them.
void bump_counters(pugi::xml_node cib, bool config_changed) {
    auto set = [&](const char* name, long long v) {
        pugi::xml_attribute a = cib.attribute(name);
        if (!a) a = cib.append_attribute(name);
        a = v;
    };
    if (config_changed) {
        set("epoch", read_field(cib, "epoch", 0) + 1);
        set("num_updates", 0);
    } else {
        set("num_updates", read_field(cib, "num_updates", 0) + 1);
    }
}

}  // namespace

bool apply_patchset(pugi::xml_node cib, const pugi::xml_node& patch, std::string& error) {
    pugi::xml_node diff = std::strcmp(patch.name(), "diff") == 0 ? patch : patch.child("diff");
    if (!diff) {
        error = "not a patchset: no <diff> element";
        return false;
    }
    if (std::string_view(diff.attribute("format").value()) != "2") {
        error = "only format-2 patchsets are supported (format=\"" + std::string(diff.attribute("format").value()) + "\")";
        return false;
    }
    if (!check_version(cib, diff, error)) return false;

    PendingList pending;
    bool config_changed = false, changed = false, ok = true;
    for (pugi::xml_node change = diff.child("change"); change; change = change.next_sibling("change")) {
        std::string_view op = change.attribute("operation").value();
        std::string_view path = change.attribute("path").value();
        if (op.empty()) continue;
        bool in_configuration = path.starts_with("/cib/configuration");
        pugi::xml_node match = resolve(cib, path);
        if (!match) {
            if (op == "delete") continue;  // already gone: Pacemaker lets it pass
            error = "no element at " + std::string(path) + " for " + std::string(op);
            ok = false;
            continue;
        }
        if (match == cib && (op == "delete" || op == "move")) {
            error = std::string(op) + " of the CIB's root element";
            ok = false;
            continue;
        }
        bool changed_here = op != "modify";
        if (op == "delete") {
            if (pending.drop_inside(match)) {
                error = "delete of " + std::string(path) + " removes an element an earlier create or move needs";
                ok = false;
            }
            match.parent().remove_child(match);
        } else if (op == "modify") {
            ok = modify(match, change, changed_here, error) && ok;
        } else if (op == "create" || op == "move") {
            pending.add({change, match, change.attribute("position").as_int(0), op == "create"});
            if (op == "move") match.parent().append_move(match);
        } else {
            error = "unknown operation \"" + std::string(op) + "\" at " + std::string(path);
            ok = false;
        }
        changed = changed || changed_here;
        config_changed = config_changed || (changed_here && in_configuration);
    }
    std::stable_sort(pending.items.begin(), pending.items.end(),
                     [](const Pending& a, const Pending& b) { return a.position < b.position; });
    for (const Pending& p : pending.items)
        if (!p.dropped) ok = place(p, error) && ok;
    if (ok && changed) bump_counters(cib, config_changed);
    return ok;
}

}  // namespace aa::patch
