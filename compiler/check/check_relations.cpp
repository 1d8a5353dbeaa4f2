// `order` and `colocate` between services: names (E041), self (E044), duplicates (E014), cycles (E043).
#include <algorithm>

#include "compiler/check/check_context.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/diag/suggest.hpp"
#include "compiler/lang/set_text.hpp"
#include "compiler/lang/vocabulary.hpp"

namespace aa::checker {
namespace {

struct Edge {
    std::size_t to;
    const ast::Order* order;
};
using Graph = std::vector<std::vector<Edge>>;  // by Target::node (services, then groups)

bool interleaved(const model::Clone& c) {
    for (const model::NvPair& nv : c.meta)
        if (nv.name == "interleave") return nv.value == "true";
    return false;
}

// Pacemaker's classic clone surprise: without `interleave` on the dependent clone, a mandatory order
// makes every instance wait for all instances of the first clone, and restart whenever any of them does.
void warn_without_interleave(Context& cx, const ast::Order& o, const Target& a, const Target& b) {
    if (!a.clone() || !b.clone() || interleaved(*b.clone())) return;
    const std::string bk(b.kind()), ak(a.kind());
    cx.diags
        .warning("W012", o.then.span,
                 "cloned " + bk + " " + q(b.name()) + " is ordered after cloned " + ak + " " + q(a.name()) +
                     " without `interleave`: every instance of " + q(b.name()) + " waits for all instances of " +
                     q(a.name()) + " and restarts whenever any of them restarts")
        .notes.push_back(note_at("add `interleave` to the clone of " + bk + " " + q(b.name()), b.facts->clone_span));
}

std::string order_text(const ast::Order& o) {
    if (!o.sets.empty()) return "order " + sets_text(o.sets, "then");
    return "order " + o.first.text + " then " + o.then.text;
}

// Two nodes of the tree as one key.
std::uint64_t pair_key(const Target& a, const Target& b) {
    return static_cast<std::uint64_t>(a.node) << 32 | static_cast<std::uint64_t>(b.node);
}

bool promotable(const Target& t) { return t.clone() && t.clone()->promotable; }

void check_order(Context& cx, const ast::Order& o, SeenOnce<std::uint64_t>& seen, Graph& graph) {
    std::optional<Target> a = require_target(cx, o.first, "`order`");
    std::optional<Target> b = require_target(cx, o.then, "`order`");
    std::optional<std::string> kind = order_kind(cx, o);
    std::optional<std::string> id = read_explicit_id(cx, o.id);
    if (!a || !b || !kind) return;
    if (!require_promotable(cx, o.first_action, *a, "`order`") | !require_promotable(cx, o.then_action, *b, "`order`"))
        return;
    if (a->node == b->node) {
        cx.diags.error("E044", o.then.span, std::string(a->kind()) + " " + q(a->name()) + " is ordered after itself");
        return;
    }
    if (!seen.add(cx, pair_key(*a, *b), o.span,
                  [&] { return "`order " + a->name() + " then " + b->name() + "` is declared twice"; }))
        return;
    if (*kind == "Mandatory") warn_without_interleave(cx, o, *a, *b);
    // Serialize only keeps the two from starting at once; it imposes no direction, so it cannot loop.
    if (*kind != "Serialize") graph[a->node].push_back({b->node, &o});
    cx.add_id({id ? *id : lower::order_id(a->facts->resource_id, b->facts->resource_id, *kind)},
              o.id ? o.id->span : o.keyword.span, IdOwner::Order, o.first.text, o.then.text);
    model::Order order{a->name(), b->name(), *kind, id, o.span};
    if (o.first_action) order.first_action = o.first_action->text;
    if (o.then_action) order.then_action = o.then_action->text;
    cx.model.orders.push_back(std::move(order));
}

void check_colocate(Context& cx, const ast::Colocate& c, SeenOnce<std::uint64_t>& seen) {
    std::optional<Target> a = require_target(cx, c.rsc, "`colocate`");
    std::optional<Target> b = require_target(cx, c.with, "`colocate`");
    std::optional<std::string> score = std::string("INFINITY");
    if (c.score) {
        const std::string what = "score of `colocate " + c.rsc.text + " with " + c.with.text + "`";
        score = read_score(cx, *c.score, {what, {}, {}});
    }
    std::optional<std::string> id = read_explicit_id(cx, c.id);
    if (!a || !b || !score) return;
    if (!require_promotable(cx, c.rsc_role, *a, "`colocate`") | !require_promotable(cx, c.with_role, *b, "`colocate`"))
        return;
    if (a->node == b->node) {
        cx.diags.error("E044", c.with.span, std::string(a->kind()) + " " + q(a->name()) + " is colocated with itself");
        return;
    }
    if (!seen.add(cx, pair_key(*a, *b), c.span,
                  [&] { return "`colocate " + a->name() + " with " + b->name() + "` is declared twice"; }))
        return;
    cx.add_id({id ? *id : lower::colocation_id(a->facts->resource_id, b->facts->resource_id, *score)},
              c.id ? c.id->span : c.keyword.span, IdOwner::Colocation, c.rsc.text, c.with.text);
    model::Colocation colocation{a->name(), b->name(), *score, id, c.span};
    colocation.rsc_role = role_value(c.rsc_role);
    colocation.with_role = role_value(c.with_role);
    cx.model.colocations.push_back(std::move(colocation));
}

// Every back edge of a depth-first walk closes one cycle; each is reported once, iteratively
// (10,000 chained services must not overflow the stack).
void report_cycles(Context& cx, const Graph& graph) {
    enum State : unsigned char { Unvisited, OnStack, Done };
    std::vector<State> state(graph.size(), Unvisited);
    struct Frame {
        std::size_t node;
        std::size_t next_edge;
        const ast::Order* via;  // the edge that led here
    };
    std::vector<Frame> stack;
    for (std::size_t root = 0; root < graph.size(); ++root) {
        if (state[root] != Unvisited) continue;
        stack.push_back({root, 0, nullptr});
        state[root] = OnStack;
        while (!stack.empty()) {
            Frame& f = stack.back();
            if (f.next_edge == graph[f.node].size()) {
                state[f.node] = Done;
                stack.pop_back();
                continue;
            }
            const Edge& e = graph[f.node][f.next_edge++];
            if (state[e.to] == Unvisited) {
                state[e.to] = OnStack;
                stack.push_back({e.to, 0, e.order});
                continue;
            }
            if (state[e.to] != OnStack) continue;
            // The cycle is the stack from e.to up to here, closed by e.
            auto start = std::find_if(stack.begin(), stack.end(), [&](const Frame& x) { return x.node == e.to; });
            std::string path, first;
            auto& d = cx.diags.error("E043", e.order->span, "");
            for (auto it = start; it != stack.end(); ++it) {
                if (it->node < cx.tree_size()) {  // past it: the junction between two sets of a set order
                    const std::string& name = cx.target_of_node(it->node).name();
                    path += name + " -> ";
                    if (first.empty()) first = name;
                }
                if (it != start && it->via != std::prev(it)->via)  // a set order gives several edges of one cycle
                    d.notes.push_back(note_at("`" + order_text(*it->via) + "` here", it->via->span));
            }
            path += first;
            d.message = "ordering cycle: " + path + "; none of these services can start first";
            d.notes.insert(d.notes.begin(), note_at("the cycle: " + path, Span{}));
        }
    }
}

}  // namespace

std::optional<std::string> order_kind(Context& cx, const ast::Order& o) {
    if (!o.kind) return "Mandatory";
    if (o.kind->text == "optional") return "Optional";
    if (o.kind->text == "serialize") return "Serialize";
    auto& d = cx.diags.error("E045", o.kind->span, "unknown order kind " + q(o.kind->text) + "; use optional or serialize");
    if (auto s = suggest_from(o.kind->text, vocab::order_kinds)) d.fixit = FixIt{*s};
    return std::nullopt;
}

// promote/demote (order) and promoted/unpromoted (colocate) exist only for a promotable clone: E140.
bool require_promotable(Context& cx, const Maybe<ast::Ident>& word, const Target& t, std::string_view statement) {
    if (!word || word->text == "start" || word->text == "stop" || word->text == "started" || promotable(t)) return true;
    cx.diags.error("E140", word->span,
                   std::string(statement) + " uses `" + word->text + "` on " + std::string(t.kind()) + " " +
                       q(t.name()) + ", which is not a promotable clone; only promotable instances are promoted");
    return false;
}

std::string role_value(const Maybe<ast::Ident>& word) {
    if (!word) return {};
    for (std::size_t i = 0; i < vocab::constraint_roles.size(); ++i)
        if (vocab::constraint_roles[i] == word->text) return std::string(vocab::constraint_role_values[i]);
    return {};
}

void check_relations(Context& cx, const std::vector<const ast::Order*>& orders,
                     const std::vector<const ast::Colocate*>& colocs) {
    SeenOnce<std::uint64_t> seen_orders, seen_colocs;
    SeenOnce<std::string> seen_order_sets, seen_colocation_sets;
    Graph graph(cx.tree_size());
    OrderEdges edges;
    for (const ast::Order* o : orders) {
        if (o->sets.empty()) {
            check_order(cx, *o, seen_orders, graph);
            continue;
        }
        edges.clear();
        std::optional<model::Order> m = check_order_sets(cx, *o, seen_order_sets, edges);
        if (!m) continue;
        // Junctions (numbered from kJunction) become nodes of their own past the tree's.
        const std::size_t junctions = graph.size();
        auto node_of = [&](std::size_t n) { return n >= kJunction ? junctions + (n - kJunction) : n; };
        for (auto [from, to] : edges) {
            const std::size_t a = node_of(from), b = node_of(to);
            if (std::max(a, b) >= graph.size()) graph.resize(std::max(a, b) + 1);
            graph[a].push_back({b, o});
        }
        cx.model.orders.push_back(std::move(*m));
    }
    for (const ast::Colocate* c : colocs) {
        if (c->sets.empty()) {
            check_colocate(cx, *c, seen_colocs);
            continue;
        }
        if (std::optional<model::Colocation> m = check_colocation_sets(cx, *c, seen_colocation_sets))
            cx.model.colocations.push_back(std::move(*m));
    }
    report_cycles(cx, graph);
}

}  // namespace aa::checker
