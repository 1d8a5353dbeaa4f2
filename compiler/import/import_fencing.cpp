// <fencing-topology> -> `fencing { level N TARGET DEVICE... }`: each level whose devices are fence
// devices the import wrote and whose target the language can name; an id that is not the one the
// checker would give (pcs's fl-TARGET-N, made unique in order) is kept as `id "..."`.
#include <set>

#include "compiler/import/import_build.hpp"
#include "compiler/lower/lower.hpp"

namespace aa::import_detail {
namespace {

bool is_level_index(std::string_view s) { return s.size() == 1 && s[0] >= '1' && s[0] <= '9'; }

bool is_imported_device(const Context& ctx, const std::string& id) {
    auto it = ctx.service_by_rsc.find(id);
    return it != ctx.service_by_rsc.end() && ctx.services[it->second].fence();
}

// The level's target as the AST holds it; false (reported) when it cannot be written.
bool target_of(Context& ctx, const pugi::xml_node& l, ast::LevelStmt& s, std::string& id_part) {
    pugi::xml_attribute node = l.attribute("target"), pattern = l.attribute("target-pattern"),
                        attribute = l.attribute("target-attribute"), value_of = l.attribute("target-value");
    const int forms = !node.empty() + !pattern.empty() + (!attribute.empty() || !value_of.empty());
    if (forms != 1 || (attribute.empty() != value_of.empty())) {
        ctx.skip(l, "fencing-level", "not exactly one of target, target-pattern, target-attribute with target-value");
        return false;
    }
    if (!node.empty()) {
        if (!is_identifier(node.value()) || !ctx.nodes.count(node.value())) {
            ctx.skip(l, "fencing-level", std::string("target ") + node.value() + " is not a node of the cluster");
            return false;
        }
        s.node = ident(node.value());
        id_part = node.value();
    } else if (!pattern.empty()) {
        s.target = ast::LevelStmt::Target::Pattern;
        s.kind = ident("pattern");
        s.pattern = quoted(pattern.value());
        id_part = pattern.value();
    } else {
        if (!is_identifier(attribute.value())) {
            ctx.skip(l, "fencing-level", std::string("attribute ") + attribute.value() + " is not a name the language accepts");
            return false;
        }
        s.target = ast::LevelStmt::Target::Attribute;
        s.kind = ident("attribute");
        s.attribute = ident(attribute.value());
        s.attribute_value = value(value_of.value());
        id_part = attribute.value();
    }
    return true;
}

std::optional<ast::LevelStmt> level_of(Context& ctx, const pugi::xml_node& l, std::set<std::string>& ids) {
    for (pugi::xml_attribute a : l.attributes()) {
        std::string_view n = a.name();
        if (n != "id" && n != "index" && n != "devices" && n != "target" && n != "target-pattern" &&
            n != "target-attribute" && n != "target-value") {
            ctx.skip(l, "fencing-level", "attribute " + std::string(n) + " has no spelling in the language");
            return std::nullopt;
        }
    }
    const std::string index = l.attribute("index").value();
    if (!is_level_index(index)) {
        ctx.skip(l, "fencing-level", "index " + index + " is not 1 to 9");
        return std::nullopt;
    }
    ast::LevelStmt s;
    s.keyword = ident("level");
    s.index = value(index);
    std::string id_part;
    if (!target_of(ctx, l, s, id_part)) return std::nullopt;
    std::set<std::string> seen;
    for (const std::string& d : split_list(l.attribute("devices").value(), ',')) {
        if (!is_imported_device(ctx, d) || !seen.insert(d).second) {
            ctx.skip(l, "fencing-level", "device " + d + " is not a fence device the spec declares (or is listed twice)");
            return std::nullopt;
        }
        s.devices.push_back(ident(d));
    }
    if (s.devices.empty()) {
        ctx.skip(l, "fencing-level", "no devices");
        return std::nullopt;
    }
    const std::string expected = lower::unique_id(lower::sanitize_id("fl-" + id_part + "-" + index), ids);
    const std::string id = l.attribute("id").value();
    if (id != expected) s.id = quoted(id);
    ids.insert(id);
    return s;
}

}  // namespace

void import_fencing(Context& ctx, const pugi::xml_node& topology, std::vector<ast::TopItem>& top) {
    if (!topology) return;
    ast::Fencing f;
    f.keyword = ident("fencing");
    std::set<std::string> ids;
    for (pugi::xml_node l : topology.children()) {
        if (l.type() != pugi::node_element) continue;
        if (std::string_view(l.name()) != "fencing-level") {
            ctx.skip(l, l.name(), "inside fencing-topology");
            continue;
        }
        if (std::optional<ast::LevelStmt> s = level_of(ctx, l, ids)) f.items.push_back(std::move(*s));
    }
    if (!f.items.empty()) top.push_back(std::move(f));
}

}  // namespace aa::import_detail
