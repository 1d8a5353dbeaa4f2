// `aa import` top level: walks <configuration> section by section into one ast::File.
#include <string_view>

#include <fmt/format.h>

#include "compiler/import/import_build.hpp"
#include "compiler/lower/lower.hpp"

namespace aa {
namespace {

using namespace import_detail;

// Options Pacemaker or the cluster stack write themselves: a spec that owned them would fight
// the cluster over them on every apply.
bool maintained_by_pacemaker(std::string_view name) {
    return name == "dc-version" || name == "cluster-infrastructure" || name == "have-watchdog" ||
           name == "last-lrm-refresh" || name == "cluster-name";
}

ast::Cluster cluster(Context& ctx, const pugi::xml_node& config, const ImportOptions& options) {
    ast::Cluster c;
    c.keyword = ident("cluster");
    c.name = ident(options.fallback_cluster_name);
    ast::NodesStmt nodes;
    nodes.keyword = ident("nodes");
    for (pugi::xml_node n : config.child("nodes").children("node")) {
        std::string uname = n.attribute("uname").value();
        if (!is_identifier(uname)) {
            ctx.skip(n, "node", "uname `" + uname + "` is not a name the language accepts");
            continue;
        }
        nodes.nodes.push_back(ident(uname));
        for (pugi::xml_node attrs : n.children())
            if (attrs.type() == pugi::node_element) ctx.skip(attrs, std::string("node ") + attrs.name(), "on node " + uname);
    }
    if (!nodes.nodes.empty()) c.items.push_back(nodes);

    for (pugi::xml_node set : config.child("crm_config").children()) {
        if (set.type() != pugi::node_element) continue;
        if (std::string_view(set.attribute("id").value()) != lower::property_set_id || set.child("rule")) {
            ctx.skip(set, set.name(), "only cib-bootstrap-options can be written");
            continue;
        }
        for (const Pair& p : nvpairs(ctx, set)) {
            if (p.name == "cluster-name" && is_identifier(p.value)) c.name = ident(p.value);
            if (maintained_by_pacemaker(p.name)) continue;
            if (p.id != std::string(lower::property_set_id) + "-" + p.name) {
                // Owned one by one, by name: adopting it would rename it.
                ctx.skip(p.id, "property " + p.name, "its id is not the pcs id cib-bootstrap-options-" + p.name);
                continue;
            }
            ast::PropertyStmt s;
            s.keyword = ident("property");
            s.key = ident(p.name);
            s.value = value(p.value);
            c.items.push_back(s);
        }
    }
    return c;
}

void defaults_of(Context& ctx, const pugi::xml_node& section, const char* scope, const char* set_id, ast::Defaults& d) {
    if (!section) return;
    pugi::xml_node set = single_set(ctx, section, "meta_attributes");
    for (pugi::xml_node other : section.children())
        if (other.type() == pugi::node_element && std::string_view(other.name()) != "meta_attributes")
            ctx.skip(other, other.name(), std::string("inside ") + section.name());
    if (!set) return;
    // Only the set with the pcs id is owned nvpair by nvpair; a spec default would go there.
    if (std::string_view(set.attribute("id").value()) != set_id) {
        ctx.skip(set, std::string(section.name()) + " set", std::string("its id is not the pcs id ") + set_id);
        return;
    }
    for (const Pair& p : nvpairs(ctx, set)) {
        if (p.id != std::string(set_id) + "-" + p.name) {
            ctx.skip(p.id, std::string(scope) + " default " + p.name, std::string("its id is not the pcs id ") + set_id + "-" + p.name);
            continue;
        }
        ast::DefaultStmt s;
        s.scope = ident(scope);
        s.key = ident(p.name);
        s.value = value(p.value);
        d.items.push_back(s);
    }
}

// Sections with no counterpart in the language; the aa-managed tag is the tool's own record.
void report_other_sections(Context& ctx, const pugi::xml_node& config) {
    for (pugi::xml_node section : config.children()) {
        if (section.type() != pugi::node_element) continue;
        std::string_view name = section.name();
        if (name == "crm_config" || name == "nodes" || name == "resources" || name == "constraints" ||
            name == "rsc_defaults" || name == "op_defaults" || name == "fencing-topology")
            continue;
        if (name == "tags") {
            for (pugi::xml_node tag : section.children("tag"))
                if (std::string_view(tag.attribute("id").value()) != "aa-managed") ctx.skip(tag, "tag", "no spelling in the language");
            continue;
        }
        if (section.first_child()) ctx.skip(section, std::string(name), "no spelling in the language");
    }
}

// One line per object; line breaks inside CIB values must not end the comment early.
std::string one_line(std::string s) {
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

std::vector<ast::Comment> unsupported_comments(const std::vector<Unsupported>& list) {
    std::vector<ast::Comment> out;
    if (list.empty()) return out;
    out.push_back({"# Not imported, left unmanaged (the language cannot say them yet):", {}});
    for (const Unsupported& u : list)
        out.push_back({one_line("#   " + u.kind + (u.id.empty() ? "" : " " + u.id) + (u.detail.empty() ? "" : ": " + u.detail)), {}});
    return out;
}

// `--only ID` names a top-level resource: anything else would import nothing and say nothing.
std::string check_only(const ImportOptions& options, const pugi::xml_node& resources) {
    for (const std::string& id : options.only) {
        pugi::xml_node found = resources.find_node([&](pugi::xml_node n) { return id == n.attribute("id").value(); });
        if (!found) {
            std::string ids;
            for (pugi::xml_node r : resources.children())
                if (r.type() == pugi::node_element) ids += std::string(ids.empty() ? "" : " ") + r.attribute("id").value();
            return fmt::format("--only {}: the CIB has no resource with this id (top-level resources: {})", id,
                               ids.empty() ? "none" : ids);
        }
        if (found.parent() != resources) {
            pugi::xml_node top = found;
            while (top.parent() != resources) top = top.parent();
            return fmt::format("--only {}: {} {} is inside {} {}; name {} instead (a spec declares the whole resource)",
                               id, found.name(), id, top.name(), top.attribute("id").value(), top.attribute("id").value());
        }
    }
    return {};
}

// An `--only` resource that the import left out (an unsupported kind) is a refusal, not a comment.
std::string only_left_out(const ImportOptions& options, const ImportResult& result) {
    for (const std::string& id : options.only)
        for (const Unsupported& u : result.unsupported)
            if (u.id == id)
                return fmt::format("--only {}: {} {} cannot be imported: {}", id, u.kind, id, u.detail);
    return {};
}

}  // namespace

ImportResult import_cib(const pugi::xml_node& cib, const ImportOptions& options) {
    ImportResult result;
    Context ctx{result, options, {}, {}, {}, {}, {}, {}, {}, {}};
    pugi::xml_node config = std::string_view(cib.name()) == "configuration" ? cib : cib.child("configuration");

    std::vector<ast::TopItem> top;
    ast::Cluster c = cluster(ctx, config, options);
    if (c.items.empty() || !std::holds_alternative<ast::NodesStmt>(c.items.front())) {
        result.refusal = "the configuration lists no nodes (<nodes><node uname=...>) a spec could name";
        return result;
    }
    for (const ast::Ident& n : std::get<ast::NodesStmt>(c.items.front()).nodes) ctx.nodes.insert(n.text);
    top.push_back(std::move(c));
    ast::Defaults d;
    d.keyword = ident("defaults");
    defaults_of(ctx, config.child("rsc_defaults"), "resource", lower::rsc_defaults_set_id, d);
    defaults_of(ctx, config.child("op_defaults"), "op", lower::op_defaults_set_id, d);
    if (!d.items.empty()) top.push_back(d);

    if (std::string why = check_only(options, config.child("resources")); !why.empty()) {
        result.refusal = why;
        return result;
    }
    import_resources(ctx, config.child("resources"));
    std::vector<ast::TopItem> fencing, relations;
    import_fencing(ctx, config.child("fencing-topology"), fencing);
    import_constraints(ctx, config.child("constraints"), relations);
    report_other_sections(ctx, config);

    for (std::size_t i = 0; i < ctx.services.size(); ++i) {
        top.push_back(std::move(ctx.services[i]));
        for (std::size_t g = 0; g < ctx.groups.size(); ++g)
            if (ctx.group_after[g] == i) top.push_back(std::move(ctx.groups[g]));
    }
    for (ast::TopItem& f : fencing) top.push_back(std::move(f));
    for (ast::TopItem& r : relations) top.push_back(std::move(r));
    if (std::string why = only_left_out(options, result); !why.empty()) {
        result.refusal = why;
        return result;
    }
    result.file.items = std::move(top);
    if (options.comment_unsupported) result.file.end_comments = unsupported_comments(result.unsupported);
    return result;
}

}  // namespace aa
