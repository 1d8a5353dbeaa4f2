// The clone of a service: parallel-safe (E030), counts (E031-E033, E064), its meta attributes.
#include <algorithm>

#include "compiler/check/check_context.hpp"
#include "compiler/diag/suggest.hpp"
#include "compiler/lang/vocabulary.hpp"

namespace aa::checker {
namespace {

using Kind = ast::CloneItem::Kind;

// The meta attribute a clone item sets.
std::string_view meta_name(const ast::CloneItem& item) {
    switch (item.kind) {
        case Kind::Max: return "clone-max";
        case Kind::PerNode: return "clone-node-max";
        case Kind::Flag: return item.keyword.text;
        case Kind::Meta: return item.key.text;
    }
    return {};
}

// A clone's meta attribute (or flag, which sets it to "true"), judged by Pacemaker's option table.
void check_clone_meta(Context& cx, const ast::Ident& key, const ast::Value& value, const std::string& service) {
    check_option(cx, Where::CloneMeta, key, value, "service " + q(service));
}

// Pacemaker runs one instance of an anonymous clone per node ("anonymous clones support only one
// instance per node"): per-node above 1 needs globally-unique, or crm_verify rejects the clone.
void check_anonymous_per_node(Context& cx, const model::Clone& clone, const std::vector<const ast::CloneItem*>& flags,
                              const ServiceFacts& facts, const std::string& name) {
    if (!clone.per_node || *clone.per_node <= 1) return;
    bool unique = std::any_of(flags.begin(), flags.end(),
                              [](const ast::CloneItem* f) { return f->keyword.text == "globally-unique"; });
    for (const model::NvPair& m : clone.meta)
        if (m.name == "globally-unique" && m.value == "true") unique = true;
    if (unique) return;
    cx.diags.error("E034", facts.clone_span,
                   "clone of service " + q(name) + " runs " + std::to_string(*clone.per_node) +
                       " instances per node, but an anonymous clone runs at most one per node; add "
                       "`globally-unique` or use per-node 1");
}

}  // namespace

void check_clone(Context& cx, const ast::Service& s, const ast::CloneStmt& c, model::Service& out,
                 ServiceFacts& facts, bool parallel_safe) {
    const std::string& name = s.name.text;
    if (!parallel_safe)
        cx.diags.error("E030", c.keyword.span, "service " + q(name) + " is cloned but not declared parallel-safe")
            .notes.push_back(note_at("add `parallel-safe` to service " + q(name) +
                                         " once its shared state is built for concurrent access",
                                     s.name.span));
    model::Clone clone;
    clone.span = c.span;
    facts.clone_span = c.keyword.span;

    SeenOnce<std::string_view> seen;
    std::vector<const ast::CloneItem*> flags, metas;
    for (const ast::CloneItem& item : c.items) {
        std::string_view key = meta_name(item);
        if (!seen.add(cx, key, item.kind == Kind::Meta ? item.key.span : item.keyword.span,
                      [&] { return "the clone of service " + q(name) + " sets " + q(key) + " twice"; }))
            continue;
        switch (item.kind) {
            case Kind::Max:
                clone.max = read_count(cx, item.value, {"clone max", "service", name});
                facts.max_span = item.value.span;
                break;
            case Kind::PerNode:
                clone.per_node = read_count(cx, item.value, {"clone per-node", "service", name});
                if (clone.per_node && *clone.per_node > 1 && out.agent_class == "systemd")
                    cx.diags.error("E031", item.value.span,
                                   "clone per-node of service " + q(name) + " is " + item.value.text +
                                       ", but systemd runs one instance of a unit per host; use per-node 1")
                        .notes.push_back(note_at("the service is a systemd unit here", facts.agent_span));
                break;
            case Kind::Flag: flags.push_back(&item); break;
            case Kind::Meta:
                check_clone_meta(cx, item.key, item.value, name);
                metas.push_back(&item);
                break;
        }
    }
    // Order fixed by the model contract, so `aa fmt` reordering the block never changes the CIB.
    if (clone.max) clone.meta.push_back({"clone-max", std::to_string(*clone.max), std::nullopt});
    if (clone.per_node) clone.meta.push_back({"clone-node-max", std::to_string(*clone.per_node), std::nullopt});
    for (std::string_view flag : vocab::clone_flags)
        for (const ast::CloneItem* f : flags)
            if (f->keyword.text == flag) clone.meta.push_back({std::string(flag), "true", std::nullopt});
    for (const ast::CloneItem* f : flags)
        if (!contains(vocab::clone_flags, f->keyword.text)) {
            check_clone_meta(cx, f->keyword, ast::Value{ast::ValueKind::Word, "true", "true", f->keyword.span}, name);
            clone.meta.push_back({f->keyword.text, "true", std::nullopt});
        }
    for (const ast::CloneItem* m : metas) clone.meta.push_back({m->key.text, m->value.text, std::nullopt});
    // systemd clones already got E031 for any per-node above 1.
    if (out.agent_class != "systemd") check_anonymous_per_node(cx, clone, flags, facts, name);

    cx.add_id({name, "-clone"}, c.keyword.span, IdOwner::Clone, name);
    if (!clone.meta.empty()) {
        cx.add_id({name, "-clone-meta_attributes"}, c.keyword.span, IdOwner::CloneMetaSet, name);
        // The key views must outlive the check: take them from the AST or from static text.
        auto add = [&](std::string_view key) {
            cx.add_id({name, "-clone-meta_attributes-", key}, c.keyword.span, IdOwner::CloneMeta, name, key);
        };
        if (clone.max) add("clone-max");
        if (clone.per_node) add("clone-node-max");
        for (const ast::CloneItem* f : flags) add(f->keyword.text);
        for (const ast::CloneItem* m : metas) add(m->key.text);
    }
    out.clone = std::move(clone);
}

void check_clone_capacity(Context& cx, const model::Service& svc, const ServiceFacts& facts) {
    if (!cx.have_cluster || !svc.clone || !svc.clone->max) return;
    std::size_t nodes = cx.model.nodes.size();
    std::size_t avoided = facts.avoided.size();  // holds declared nodes only
    std::size_t eligible = nodes - std::min(nodes, avoided);
    std::size_t per_node = svc.clone->per_node.value_or(1);
    std::size_t capacity = eligible * per_node;
    auto max = static_cast<std::size_t>(*svc.clone->max);
    if (max <= capacity) return;
    std::string why = std::to_string(eligible) + " of the cluster's " + std::to_string(nodes) + " nodes " +
                      (eligible == 1 ? "is" : "are") + " eligible" +
                      (avoided ? " (" + std::to_string(avoided) + " avoided)" : "");
    if (per_node > 1) why += ", with per-node " + std::to_string(per_node) + " at most " + std::to_string(capacity) + " instances fit";
    cx.diags.error("E032", facts.max_span,
                   "clone max of service " + q(svc.name) + " is " + std::to_string(max) + ", but only " + why);
}

}  // namespace aa::checker
