// aa::check: gathers the top-level statements of every file, runs each family of checks, builds the model.
#include "compiler/check/check.hpp"
#include "compiler/check/check_context.hpp"

namespace aa {
namespace {

struct TopLevel {
    std::vector<const ast::Cluster*> clusters;
    std::vector<const ast::Defaults*> defaults;
    std::vector<const ast::Service*> services;
    std::vector<const ast::Order*> orders;
    std::vector<const ast::Colocate*> colocates;
    std::vector<const ast::Route*> routes;
    std::vector<const ast::Group*> groups;
    std::vector<const ast::Fencing*> fencings;
};

TopLevel gather(const ast::Spec& spec) {
    TopLevel t;
    for (const ast::File& f : spec.files)
        for (const ast::TopItem& item : f.items)
            std::visit(
                [&](const auto& st) {
                    using T = std::decay_t<decltype(st)>;
                    if constexpr (std::is_same_v<T, ast::Cluster>) t.clusters.push_back(&st);
                    else if constexpr (std::is_same_v<T, ast::Defaults>) t.defaults.push_back(&st);
                    else if constexpr (std::is_same_v<T, ast::Service>) t.services.push_back(&st);
                    else if constexpr (std::is_same_v<T, ast::Order>) t.orders.push_back(&st);
                    else if constexpr (std::is_same_v<T, ast::Colocate>) t.colocates.push_back(&st);
                    else if constexpr (std::is_same_v<T, ast::Route>) t.routes.push_back(&st);
                    else if constexpr (std::is_same_v<T, ast::Group>) t.groups.push_back(&st);
                    else if constexpr (std::is_same_v<T, ast::Fencing>) t.fencings.push_back(&st);
                },
                item);
    return t;
}

void check_services(checker::Context& cx, const std::vector<const ast::Service*>& services) {
    cx.model.services.reserve(services.size());
    cx.facts.reserve(services.size());
    cx.service_at.reserve(services.size());
    for (const ast::Service* s : services) {
        std::size_t at = cx.service_at.insert(s->name.text, cx.model.services.size());
        if (at != cx.model.services.size()) {
            cx.diags.error("E010", s->name.span, s->keyword.text + " " + checker::q(s->name.text) + " is declared twice")
                .notes.push_back(checker::note_at("first declared here", cx.facts[at].name_span));
            // Its body still gets checked, but it joins neither the model nor the id table.
            std::size_t ids_before = cx.ids.size();
            checker::ServiceFacts ignored;
            checker::check_service(cx, *s, ignored);
            cx.ids.resize(ids_before);
            continue;
        }
        checker::ServiceFacts facts;
        model::Service svc = checker::check_service(cx, *s, facts);
        cx.model.services.push_back(std::move(svc));
        cx.facts.push_back(std::move(facts));
    }
}

// Members of a cloned group run on several nodes: their `parallel-safe` is no sign of a missing clone.
void mark_cloned_group_members(checker::Context& cx, const std::vector<const ast::Group*>& groups) {
    for (const ast::Group* g : groups) {
        bool cloned = false;
        for (const ast::ServiceItem& item : g->items) cloned = cloned || std::holds_alternative<ast::CloneStmt>(item);
        if (!cloned) continue;
        for (const ast::ServiceItem& item : g->items)
            if (const auto* m = std::get_if<ast::MembersStmt>(&item))
                for (const ast::Ident& name : m->members) cx.in_cloned_group.insert(name.text);
    }
}

}  // namespace

std::optional<model::Model> check(const ast::Spec& spec, const SourceSet& sources, Diagnostics& diags) {
    checker::Context cx{sources, diags, {}, false, {}, {}, {}, {}};
    TopLevel top = gather(spec);
    checker::check_cluster(cx, top.clusters);
    checker::check_defaults(cx, top.defaults);
    mark_cloned_group_members(cx, top.groups);
    check_services(cx, top.services);
    checker::check_groups(cx, top.groups);
    checker::check_units(cx);
    checker::check_relations(cx, top.orders, top.colocates);
    checker::check_routes(cx, top.routes);
    checker::check_fencing(cx, top.fencings);
    checker::check_ids(cx);
    if (diags.has_errors()) return std::nullopt;
    return std::move(cx.model);
}

}  // namespace aa
