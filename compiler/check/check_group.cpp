// Groups: their members (E131-E134, E030 for a cloned group), meta, clone and locations; and the
// names of the tree constraints may use (services, groups, clone ids; E041, E130).
#include "compiler/check/check_context.hpp"
#include "compiler/diag/suggest.hpp"
#include "compiler/lang/vocabulary.hpp"

namespace aa::checker {
namespace {

struct GroupParts {
    std::vector<const ast::MembersStmt*> members;
    std::vector<const ast::MetaStmt*> metas;
    std::vector<const ast::CloneStmt*> clones;
    std::vector<const ast::LocationStmt*> locations;
};

GroupParts sort_parts(const ast::Group& g) {
    GroupParts p;
    for (const ast::ServiceItem& item : g.items)
        std::visit(
            [&](const auto& st) {
                using T = std::decay_t<decltype(st)>;
                if constexpr (std::is_same_v<T, ast::MembersStmt>) p.members.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::MetaStmt>) p.metas.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::CloneStmt>) p.clones.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::LocationStmt>) p.locations.push_back(&st);
            },
            item);
    return p;
}

// The member's model entry is marked with its group; what makes it unfit for one is reported.
void check_member(Context& cx, const ast::Group& g, const ast::Ident& m, model::Group& out, ServiceFacts& facts,
                  bool cloned) {
    const model::Service* svc = cx.service(m.text);
    if (!svc) {
        auto& d = cx.diags.error("E131", m.span,
                                 "group " + q(g.name.text) + " lists " + q(m.text) + ", which is not a declared service");
        std::vector<std::string_view> names;
        for (const model::Service& s : cx.model.services) names.emplace_back(s.name);
        if (auto s = suggest(m.text, names)) d.fixit = FixIt{*s};
        return;
    }
    model::Service& member = cx.model.services[cx.index_of(svc)];
    const ServiceFacts& mf = cx.facts_of(svc);
    if (member.fence()) {
        cx.diags.error("E158", m.span,
                       "group " + q(g.name.text) + " lists fence device " + q(m.text) +
                           "; a fence device stands on its own, never in a group");
        return;
    }
    if (!member.group.empty()) {
        const bool same = member.group == g.name.text;
        cx.diags.error("E132", m.span,
                       "service " + q(m.text) + (same ? " is listed twice in group " + q(g.name.text)
                                                      : " is already a member of group " + q(member.group)) +
                           "; a primitive belongs to one group once");
        return;
    }
    if (member.clone) {
        cx.diags
            .error("E133", m.span,
                   "service " + q(m.text) + " is cloned, and a group holds only primitives; clone group " +
                       q(g.name.text) + " instead")
            .notes.push_back(note_at("the service's clone is here", mf.clone_span));
        return;
    }
    if (cloned && !member.parallel_safe)
        cx.diags.error("E030", m.span,
                       "group " + q(g.name.text) + " is cloned but its member " + q(m.text) +
                           " is not declared parallel-safe")
            .notes.push_back(note_at("add `parallel-safe` to service " + q(m.text) +
                                         " once its shared state is built for concurrent access",
                                     mf.name_span));
    if (mf.agent_class == "systemd" && facts.agent_class != "systemd") {
        facts.agent_class = "systemd";  // a systemd member caps the group's clone at one per node
        facts.agent_span = mf.agent_span;
    }
    member.group = g.name.text;
    out.members.push_back(m.text);
}

void check_group_meta(Context& cx, const ast::Group& g, const GroupParts& p, model::Group& out) {
    SeenOnce<std::string_view> seen;
    for (const ast::MetaStmt* st : p.metas) {
        const std::string& key = st->key.text;
        if (!seen.add(cx, key, st->key.span,
                      [&] { return "meta " + q(key) + " of group " + q(g.name.text) + " is set twice"; }))
            continue;
        check_option(cx, Where::PrimitiveMeta, st->key, st->value, "group " + q(g.name.text));
        out.meta.push_back({key, st->value.text, std::nullopt});
        cx.add_id({g.name.text, "-meta_attributes-", key}, st->key.span, IdOwner::GroupMeta, g.name.text, key);
    }
    if (!out.meta.empty())
        cx.add_id({g.name.text, "-meta_attributes"}, p.metas.front()->keyword.span, IdOwner::GroupMetaSet, g.name.text);
}

template <class T>
const T* first_of(Context& cx, const std::vector<const T*>& v, const ast::Group& g, const std::string& what) {
    for (std::size_t i = 1; i < v.size(); ++i)
        cx.diags.error("E014", v[i]->keyword.span, "group " + q(g.name.text) + " has a second " + what)
            .notes.push_back(note_at("first " + what + " here", v[0]->keyword.span));
    return v.empty() ? nullptr : v[0];
}

model::Group check_group(Context& cx, const ast::Group& g, ServiceFacts& facts) {
    model::Group out;
    out.name = g.name.text;
    out.span = g.span;
    facts.name_span = g.name.span;
    cx.add_id({g.name.text}, g.name.span, IdOwner::Group, g.name.text);
    const GroupParts p = sort_parts(g);
    const ast::CloneStmt* clone = first_of(cx, p.clones, g, "clone");
    const ast::MembersStmt* members = first_of(cx, p.members, g, "`members`");
    if (!members)
        cx.diags.error("E134", g.name.span,
                       "group " + q(g.name.text) + " has no members; list its services in start order, e.g. "
                                                   "`members fs vip app`");
    else
        for (const ast::Ident& m : members->members) check_member(cx, g, m, out, facts, clone != nullptr);
    check_group_meta(cx, g, p, out);
    // A promotable group asks nothing of its members' declarations: the agents promote.
    if (clone) out.clone = check_clone(cx, "group", g.name, *clone, facts, true);
    facts.resource_id = out.resource_id();
    check_locations(cx, "group", g.name, p.locations, out.locations, facts);
    check_clone_capacity(cx, "group", out.name, out.clone, facts);
    return out;
}

}  // namespace

void check_groups(Context& cx, const std::vector<const ast::Group*>& groups) {
    cx.model.groups.reserve(groups.size());
    cx.group_facts.reserve(groups.size());
    cx.group_at.reserve(groups.size());
    for (const ast::Group* g : groups) {
        if (const model::Service* s = cx.service(g->name.text)) {
            cx.diags.error("E135", g->name.span,
                           "group " + q(g->name.text) + " has the name of a service; resources share one namespace")
                .notes.push_back(note_at("the service is declared here", cx.facts_of(s).name_span));
            continue;
        }
        std::size_t at = cx.group_at.insert(g->name.text, cx.model.groups.size());
        if (at != cx.model.groups.size()) {
            cx.diags.error("E010", g->name.span, "group " + q(g->name.text) + " is declared twice")
                .notes.push_back(note_at("first declared here", cx.group_facts[at].name_span));
            continue;
        }
        ServiceFacts facts;
        model::Group group = check_group(cx, *g, facts);
        cx.model.groups.push_back(std::move(group));
        cx.group_facts.push_back(std::move(facts));
    }
    // Clone ids name their clone too: `colocate web with db-clone` means db's clone.
    for (std::size_t i = 0; i < cx.model.services.size(); ++i)
        if (cx.model.services[i].clone) cx.clone_at.insert(cx.facts[i].resource_id, i);
    for (std::size_t i = 0; i < cx.model.groups.size(); ++i)
        if (cx.model.groups[i].clone) cx.clone_at.insert(cx.group_facts[i].resource_id, cx.model.services.size() + i);
}

Target Context::target_of_node(std::size_t node) const {
    Target t;
    t.node = node;
    if (node < model.services.size()) {
        t.service = &model.services[node];
        t.facts = &facts[node];
    } else {
        t.group = &model.groups[node - model.services.size()];
        t.facts = &group_facts[node - model.services.size()];
    }
    return t;
}

std::optional<Target> Context::target(std::string_view name) const {
    if (std::optional<std::size_t> i = service_at.find(name); i && *i < model.services.size())
        return target_of_node(*i);
    if (std::optional<std::size_t> i = group_at.find(name); i && *i < model.groups.size())
        return target_of_node(model.services.size() + *i);
    if (std::optional<std::size_t> i = clone_at.find(name)) return target_of_node(*i);
    return std::nullopt;
}

std::optional<Target> require_target(Context& cx, const ast::Ident& name, std::string_view statement) {
    std::optional<Target> t = cx.target(name.text);
    if (!t) {
        require_service(cx, name, statement);  // E041 with its did-you-mean over services
        return std::nullopt;
    }
    if (t->service && t->service->fence()) {
        cx.diags.error("E157", name.span,
                       std::string(statement) + " names fence device " + q(name.text) +
                           "; Pacemaker starts fence devices where it may and fences through them from any node, so "
                           "they are not ordered or colocated (use `prefer`/`avoid` in the device)");
        return std::nullopt;
    }
    if (t->service && !t->service->group.empty()) {
        const model::Group* g = cx.model.find_group(t->service->group);
        if (g && g->clone) {
            cx.diags.error("E130", name.span,
                           std::string(statement) + " names service " + q(name.text) + ", a member of cloned group " +
                               q(g->name) + "; name the group (its clone) instead");
            return std::nullopt;
        }
    }
    return t;
}

}  // namespace aa::checker
