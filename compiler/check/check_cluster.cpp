// The cluster block (exactly one: E011, E012) and the defaults block (at most one: E013).
#include "compiler/check/check_context.hpp"
#include "compiler/diag/suggest.hpp"

namespace aa::checker {
namespace {

void add_nodes(Context& cx, const ast::NodesStmt& st) {
    for (const ast::Ident& n : st.nodes) {
        auto [it, fresh] = cx.nodes.try_emplace(n.text, n.span);
        if (!fresh) {
            cx.diags.error("E014", n.span, "node " + q(n.text) + " is listed twice")
                .notes.push_back(note_at("first listed here", it->second));
            continue;
        }
        cx.model.nodes.push_back(n.text);
    }
}

}  // namespace

void check_cluster(Context& cx, const std::vector<const ast::Cluster*>& clusters) {
    if (clusters.empty()) {
        cx.diags.error("E012", Span{}, "the spec has no `cluster` block; declare one: cluster NAME { nodes N1 N2 }");
        return;
    }
    for (std::size_t i = 1; i < clusters.size(); ++i)
        cx.diags.error("E011", clusters[i]->name.span,
                       "cluster " + q(clusters[i]->name.text) + " is a second cluster; a spec describes exactly one")
            .notes.push_back(note_at("cluster " + q(clusters[0]->name.text) + " declared here", clusters[0]->name.span));

    const ast::Cluster& c = *clusters[0];
    cx.have_cluster = true;
    cx.model.cluster = c.name.text;
    cx.cluster_span = c.name.span;
    SeenOnce<std::string_view> props;
    for (const ast::ClusterItem& item : c.items) {
        if (const auto* n = std::get_if<ast::NodesStmt>(&item)) {
            add_nodes(cx, *n);
        } else if (const auto* p = std::get_if<ast::PropertyStmt>(&item)) {
            if (!props.add(cx, p->key.text, p->key.span, [&] { return "property " + q(p->key.text) + " is set twice"; }))
                continue;
            check_option(cx, Where::Property, p->key, p->value, {});
            cx.model.properties.push_back({p->key.text, p->value.text, std::nullopt, p->value.span});
            cx.add_id({"cib-bootstrap-options-", p->key.text}, p->key.span, IdOwner::Property, {}, p->key.text);
        }
    }
    if (cx.model.nodes.empty())
        cx.diags.error("E015", c.name.span, "cluster " + q(c.name.text) + " declares no nodes; add `nodes N1 N2 ...`");
}

void check_defaults(Context& cx, const std::vector<const ast::Defaults*>& defaults) {
    if (defaults.empty()) return;
    for (std::size_t i = 1; i < defaults.size(); ++i)
        cx.diags.error("E013", defaults[i]->keyword.span, "a second `defaults` block; a spec has at most one")
            .notes.push_back(note_at("first defaults block here", defaults[0]->keyword.span));

    SeenOnce<std::string_view> resource_keys, op_keys;
    for (const ast::DefaultStmt& st : defaults[0]->items) {
        bool op = st.scope.text == "op";
        auto& seen = op ? op_keys : resource_keys;
        if (!seen.add(cx, st.key.text, st.key.span,
                      [&] { return st.scope.text + " default " + q(st.key.text) + " is set twice"; }))
            continue;
        check_option(cx, op ? Where::OpDefault : Where::ResourceDefault, st.key, st.value, {});
        (op ? cx.model.op_defaults : cx.model.rsc_defaults).push_back({st.key.text, st.value.text, std::nullopt});
        std::string_view set = op ? "op_defaults-meta_attributes-" : "rsc_defaults-meta_attributes-";
        cx.add_id({set, st.key.text}, st.key.span, IdOwner::Default, st.scope.text, st.key.text);
    }
}

}  // namespace aa::checker
