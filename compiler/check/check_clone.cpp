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
        case Kind::PromotedMax: return "promoted-max";
        case Kind::PromotedPerNode: return "promoted-node-max";
        case Kind::Flag: return item.keyword.text;
        case Kind::Meta: return item.key.text;
    }
    return {};
}

// A clone's meta attribute (or flag, which sets it to "true"), judged by Pacemaker's option table.
void check_clone_meta(Context& cx, const ast::Ident& key, const ast::Value& value, const std::string& of) {
    check_option(cx, Where::CloneMeta, key, value, of);
}

// Pacemaker runs one instance of an anonymous clone per node ("anonymous clones support only one
// instance per node"): per-node above 1 needs globally-unique, or crm_verify rejects the clone.
void check_anonymous_per_node(Context& cx, const model::Clone& clone, const std::vector<const ast::CloneItem*>& flags,
                              const ServiceFacts& facts, const std::string& of) {
    if (!clone.per_node || *clone.per_node <= 1) return;
    bool unique = std::any_of(flags.begin(), flags.end(),
                              [](const ast::CloneItem* f) { return f->keyword.text == "globally-unique"; });
    for (const model::NvPair& m : clone.meta)
        if (m.name == "globally-unique" && m.value == "true") unique = true;
    if (unique) return;
    cx.diags.error("E034", facts.clone_span,
                   "clone of " + of + " runs " + std::to_string(*clone.per_node) +
                       " instances per node, but an anonymous clone runs at most one per node; add "
                       "`globally-unique` or use per-node 1");
}

}  // namespace

std::optional<model::Clone> check_clone(Context& cx, std::string_view kind, const ast::Ident& owner,
                                        const ast::CloneStmt& c, ServiceFacts& facts, bool parallel_safe) {
    const std::string& name = owner.text;
    const bool promotable = c.promotable();
    const std::string of = std::string(kind) + " " + q(name);
    // A promotable clone's agent coordinates its instances itself (promote/demote): that is the
    // declaration `parallel-safe` stands for (docs/decisions.md). Groups check their members.
    if (!parallel_safe && !promotable && kind == "service")
        cx.diags.error("E030", c.keyword.span, "service " + q(name) + " is cloned but not declared parallel-safe")
            .notes.push_back(note_at("add `parallel-safe` to service " + q(name) +
                                         " once its shared state is built for concurrent access",
                                     owner.span));
    model::Clone clone;
    clone.span = c.span;
    clone.promotable = promotable;
    facts.clone_span = c.keyword.span;
    facts.promotable = c.promotable();

    SeenOnce<std::string_view> seen;
    std::vector<const ast::CloneItem*> flags, metas;
    for (const ast::CloneItem& item : c.items) {
        std::string_view key = meta_name(item);
        if (!seen.add(cx, key, item.kind == Kind::Meta ? item.key.span : item.keyword.span,
                      [&] { return "the clone of " + of + " sets " + q(key) + " twice"; }))
            continue;
        switch (item.kind) {
            case Kind::Max:
                clone.max = read_count(cx, item.value, {"clone max", kind, name});
                facts.max_span = item.value.span;
                break;
            case Kind::PerNode:
                clone.per_node = read_count(cx, item.value, {"clone per-node", kind, name});
                if (clone.per_node && *clone.per_node > 1 && facts.agent_class == "systemd")
                    cx.diags.error("E031", item.value.span,
                                   "clone per-node of " + of + " is " + item.value.text +
                                       ", but systemd runs one instance of a unit per host; use per-node 1")
                        .notes.push_back(note_at(kind == "service" ? "the service is a systemd unit here"
                                                                    : "a member is a systemd unit here",
                                                 facts.agent_span));
                break;
            case Kind::PromotedMax:
            case Kind::PromotedPerNode:
                if (!promotable) {
                    cx.diags.error("E136", item.keyword.span,
                                   "`" + item.keyword.text + "` of " + of +
                                       " belongs to a promotable clone; write `promotable` instead of `clone`");
                    break;
                }
                (item.kind == Kind::PromotedMax ? clone.promoted_max : clone.promoted_per_node) =
                    read_count(cx, item.value, {item.kind == Kind::PromotedMax ? "promoted-max" : "promoted-per-node",
                                                kind, name});
                if (item.kind == Kind::PromotedMax) facts.promoted_max_span = item.value.span;
                break;
            case Kind::Flag: flags.push_back(&item); break;
            case Kind::Meta:
                check_clone_meta(cx, item.key, item.value, of);
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
            check_clone_meta(cx, f->keyword, ast::Value{ast::ValueKind::Word, "true", "true", f->keyword.span}, of);
            clone.meta.push_back({f->keyword.text, "true", std::nullopt});
        }
    if (promotable) {
        clone.meta.push_back({"promotable", "true", std::nullopt});
        if (clone.promoted_max)
            clone.meta.push_back({"promoted-max", std::to_string(*clone.promoted_max), std::nullopt});
        if (clone.promoted_per_node)
            clone.meta.push_back({"promoted-node-max", std::to_string(*clone.promoted_per_node), std::nullopt});
        if (clone.max && clone.promoted_max && *clone.promoted_max > *clone.max)
            cx.diags.error("E137", facts.promoted_max_span,
                           "promoted-max of " + of + " is " + std::to_string(*clone.promoted_max) +
                               ", more than its clone max " + std::to_string(*clone.max) +
                               "; only running instances can be promoted")
                .notes.push_back(note_at("clone max given here", facts.max_span));
    }
    for (const ast::CloneItem* m : metas) clone.meta.push_back({m->key.text, m->value.text, std::nullopt});
    // systemd clones already got E031 for any per-node above 1.
    if (facts.agent_class != "systemd") check_anonymous_per_node(cx, clone, flags, facts, of);

    cx.add_id({name, "-clone"}, c.keyword.span, IdOwner::Clone, name);
    if (!clone.meta.empty()) {
        cx.add_id({name, "-clone-meta_attributes"}, c.keyword.span, IdOwner::CloneMetaSet, name);
        // The key views must outlive the check: take them from the AST or from static text.
        auto add = [&](std::string_view key) {
            cx.add_id({name, "-clone-meta_attributes-", key}, c.keyword.span, IdOwner::CloneMeta, name, key);
        };
        if (clone.max) add("clone-max");
        if (clone.per_node) add("clone-node-max");
        if (promotable) add("promotable");
        if (clone.promoted_max) add("promoted-max");
        if (clone.promoted_per_node) add("promoted-node-max");
        for (const ast::CloneItem* f : flags) add(f->keyword.text);
        for (const ast::CloneItem* m : metas) add(m->key.text);
    }
    return clone;
}

void check_clone_capacity(Context& cx, std::string_view kind, const std::string& name,
                          const std::optional<model::Clone>& clone, const ServiceFacts& facts) {
    if (!cx.have_cluster || !clone || !clone->max) return;
    std::size_t nodes = cx.model.nodes.size();
    std::size_t avoided = facts.avoided.size();  // holds declared nodes only
    std::size_t eligible = nodes - std::min(nodes, avoided);
    std::size_t per_node = clone->per_node.value_or(1);
    std::size_t capacity = eligible * per_node;
    auto max = static_cast<std::size_t>(*clone->max);
    if (max <= capacity) return;
    std::string why = std::to_string(eligible) + " of the cluster's " + std::to_string(nodes) + " nodes " +
                      (eligible == 1 ? "is" : "are") + " eligible" +
                      (avoided ? " (" + std::to_string(avoided) + " avoided)" : "");
    if (per_node > 1) why += ", with per-node " + std::to_string(per_node) + " at most " + std::to_string(capacity) + " instances fit";
    cx.diags.error("E032", facts.max_span,
                   "clone max of " + std::string(kind) + " " + q(name) + " is " + std::to_string(max) + ", but only " + why);
}

}  // namespace aa::checker
