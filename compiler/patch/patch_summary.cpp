// The per-object change summary a reviewer reads in `aa plan`. It pairs elements exactly as the
// patchset does (detail::match_children), so what it lists is what the patch changes; objects
// are elements with an id, and id-less containers (operations, resources...) are looked through.
#include <cstring>
#include <string_view>

#include "compiler/patch/patch.hpp"

namespace aa::patch {
namespace {

using detail::ChildMatch;

std::vector<AttrChange> all_attrs(const pugi::xml_node& n, bool as_after) {
    std::vector<AttrChange> out;
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
        if (std::strcmp(a.name(), "id") == 0) continue;
        AttrChange c{a.name(), std::nullopt, std::nullopt};
        (as_after ? c.after : c.before) = a.value();
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<AttrChange> changed_attrs(const pugi::xml_node& base, const pugi::xml_node& target, bool root) {
    std::vector<AttrChange> out;
    for (pugi::xml_attribute a = target.first_attribute(); a; a = a.next_attribute()) {
        if (root && detail::is_version_attr(a.name())) continue;
        pugi::xml_attribute old = base.attribute(a.name());
        if (old && std::strcmp(old.value(), a.value()) == 0) continue;
        AttrChange c{a.name(), std::nullopt, std::string(a.value())};
        if (old) c.before = old.value();
        out.push_back(std::move(c));
    }
    for (pugi::xml_attribute a = base.first_attribute(); a; a = a.next_attribute()) {
        if (root && detail::is_version_attr(a.name())) continue;
        if (!target.attribute(a.name())) out.push_back({a.name(), std::string(a.value()), std::nullopt});
    }
    return out;
}

class Summarizer {
public:
    std::vector<ObjectChange> out;

    // A created or deleted subtree: its topmost id-bearing elements, each reported once.
    void whole(ObjectChange::Kind kind, const pugi::xml_node& n, std::string_view parent_id) {
        if (const char* id = n.attribute("id").value(); *id) {
            out.push_back({kind, n.name(), id, std::string(parent_id),
                           all_attrs(n, kind == ObjectChange::Kind::Create)});
            return;
        }
        for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element) whole(kind, c, parent_id);
    }

    // Deleted children are listed where they stood: before the first kept sibling that followed them.
    void pair(const pugi::xml_node& base, const pugi::xml_node& target, std::string_view parent_id, int depth) {
        if (detail::children_in_lockstep(base, target)) {
            detail::for_each_lockstep_pair(base, target, [&](const pugi::xml_node& b, const pugi::xml_node& t) {
                if (!skipped(t, depth + 1)) element(b, t, parent_id, depth + 1, false);
            });
            return;
        }
        ChildMatch m = detail::match_children(base, target);
        size_t next_base = 0;
        auto flush_deleted_before = [&](size_t limit) {
            for (; next_base < limit; ++next_base)
                if (m.base_to_target[next_base] < 0 && !skipped(m.base[next_base], depth + 1))
                    whole(ObjectChange::Kind::Delete, m.base[next_base], parent_id);
        };
        for (size_t j = 0; j < m.target.size(); ++j) {
            const pugi::xml_node& t = m.target[j];
            if (skipped(t, depth + 1)) continue;
            int i = m.target_to_base[j];
            if (i < 0) {
                whole(ObjectChange::Kind::Create, t, parent_id);
                continue;
            }
            flush_deleted_before(static_cast<size_t>(i));
            if (next_base == static_cast<size_t>(i)) ++next_base;
            element(m.base[i], t, parent_id, depth + 1, m.target_moved[j]);
        }
        flush_deleted_before(m.base.size());
    }

private:
    static bool skipped(const pugi::xml_node& n, int depth) {
        return depth == 1 && std::strcmp(n.name(), "status") == 0;
    }

    void element(const pugi::xml_node& base, const pugi::xml_node& target, std::string_view parent_id,
                 int depth, bool moved) {
        const char* id = target.attribute("id").value();
        if (*id) {
            auto attrs = changed_attrs(base, target, false);
            if (!attrs.empty() || moved) {
                ObjectChange c{ObjectChange::Kind::Modify, target.name(), id, std::string(parent_id), std::move(attrs)};
                c.moved = moved;
                out.push_back(std::move(c));
            }
        }
        pair(base, target, *id ? std::string_view(id) : parent_id, depth);
    }
};

}  // namespace

std::vector<ObjectChange> summarize(const pugi::xml_node& base_cib, const pugi::xml_node& target_cib) {
    Summarizer s;
    s.pair(base_cib, target_cib, "", 0);
    return s.out;
}

}  // namespace aa::patch
