// `aa fmt` on random valid specs: a fixed point after one pass, and never a change of meaning.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <sstream>

#include "compiler/lang/ast_dump.hpp"
#include "compiler/check/check.hpp"
#include "compiler/format/format.hpp"
#include "support/parsed_spec.hpp"
#include "compiler/lang/load.hpp"
#include "support/spec_gen.hpp"

namespace aa {
namespace {

// Parses and checks one text.
std::unique_ptr<test::ParsedSpec> parse(const std::string& text) { return test::parse_and_check(text); }

std::string formatted(const std::string& text) {
    auto p = parse(text);
    RC_ASSERT(!p->diags.has_errors());
    return format_file(p->file, p->sources);
}

// ---- the model as text, without spans ----
// Ops, locations and clone meta are sets in the CIB (fmt may reorder start/stop, prefer/avoid
// and clone flags into canonical order), so they print sorted; every other list keeps its order.

std::string nv(const model::NvPair& p) { return p.name + "=" + p.value + (p.id ? " id=" + *p.id : ""); }
template <class Opt>
std::string opt(const Opt& s) { return s ? *s : "-"; }  // std::optional or Maybe

template <class T, class F>
std::string list(const std::vector<T>& items, F show, bool as_set) {
    std::vector<std::string> lines;
    for (const T& i : items) lines.push_back(show(i));
    if (as_set) std::sort(lines.begin(), lines.end());
    std::string out;
    for (const std::string& l : lines) out += "    " + l + "\n";
    return out;
}

std::string dump_model(const model::Model& m) {
    std::ostringstream o;
    o << "cluster " << m.cluster << "\n";
    for (const auto& n : m.nodes) o << "  node " << n << "\n";
    o << "  properties\n" << list(m.properties, nv, false);
    o << "  rsc_defaults\n" << list(m.rsc_defaults, nv, false);
    o << "  op_defaults\n" << list(m.op_defaults, nv, false);
    for (const model::Service& s : m.services) {
        o << "service " << s.name << " " << s.agent_class << ":" << s.provider << ":" << s.type << " unit=" << s.unit
          << " parallel-safe=" << s.parallel_safe << "\n";
        o << "  params\n" << list(s.params, nv, false);
        o << "  meta\n" << list(s.meta, nv, false);
        o << "  ops\n" << list(s.ops, [](const model::Op& op) {
            return op.name + " " + op.interval + " timeout=" + opt(op.timeout) + " on-fail=" + opt(op.on_fail) +
                   " id=" + opt(op.id);
        }, true);
        if (s.clone) {
            o << "  clone max=" << (s.clone->max ? std::to_string(*s.clone->max) : "-")
              << " per-node=" << (s.clone->per_node ? std::to_string(*s.clone->per_node) : "-") << "\n";
            o << list(s.clone->meta, nv, true);
        }
        o << "  locations\n" << list(s.locations, [](const model::Location& l) {
            return l.node + " " + l.score + " id=" + opt(l.id);
        }, true);
    }
    o << "orders\n" << list(m.orders, [](const model::Order& x) {
        return x.first + " then " + x.then + " " + x.kind + " id=" + opt(x.id);
    }, false);
    o << "colocations\n" << list(m.colocations, [](const model::Colocation& x) {
        return x.rsc + " with " + x.with + " " + x.score + " id=" + opt(x.id);
    }, false);
    for (const model::Route& r : m.routes) {
        o << "route " << r.service << " via=" << static_cast<int>(r.via) << " backend=" << r.backend
          << " socket=" << r.socket << " address=" << r.address << " drain_cmd=" << r.drain_cmd
          << " ready_cmd=" << r.ready_cmd << " drain=" << r.drain << " (" << r.drain_ms << "ms)\n";
        for (const model::Server& sv : r.servers) o << "    server " << sv.node << " " << sv.name << "\n";
    }
    return o.str();
}

// ---- properties ----

RC_GTEST_PROP(FmtProperty, GeneratedSpecsAreValid, ()) {
    std::string text = *test::gen_valid_spec_text();
    auto p = parse(text);
    RC_ASSERT(p->model.has_value());
    RC_CLASSIFY(p->model->services.size() >= 3, "3+ services");
    RC_CLASSIFY(!p->model->routes.empty(), "routes");
    RC_CLASSIFY(p->diags.warning_count() > 0, "warnings");
}

RC_GTEST_PROP(FmtProperty, FormattingTwiceEqualsFormattingOnce, ()) {
    std::string once = formatted(*test::gen_valid_spec_text());
    RC_ASSERT(formatted(once) == once);
}

RC_GTEST_PROP(FmtProperty, FormattingNeverChangesTheModel, ()) {
    std::string text = *test::gen_valid_spec_text();
    auto before = parse(text);
    RC_ASSERT(before->model.has_value());
    auto after = parse(format_file(before->file, before->sources));
    RC_ASSERT(after->model.has_value());
    RC_ASSERT(dump_model(*after->model) == dump_model(*before->model));
}

RC_GTEST_PROP(FmtProperty, CanonicalTextParsesToTheSameTreeAfterFormatting, ()) {
    std::string text = *test::gen_valid_spec_text({.canonical = true});
    auto before = parse(text);
    RC_ASSERT(!before->diags.has_errors());
    auto after = parse(format_file(before->file, before->sources));
    RC_ASSERT(dump_ast(after->file, after->sources, false) == dump_ast(before->file, before->sources, false));
}

// The benchmark input: valid, already canonical, about 100 bytes per service.
TEST(FmtProperty, LargeSpecIsValidCanonicalAndAbout100BytesPerService) {
    std::string text = test::generate_large_spec(200);
    auto p = parse(text);
    ASSERT_TRUE(p->model.has_value()) << render(p->diags.sorted(), p->sources);
    EXPECT_EQ(p->model->services.size(), 200u);
    EXPECT_EQ(p->model->orders.size() + p->model->colocations.size(), 199u);
    EXPECT_EQ(format_file(p->file, p->sources), text);
    EXPECT_NEAR(static_cast<double>(text.size()) / 200, 100, 30);
    EXPECT_EQ(test::generate_large_spec(200), text);  // deterministic
}

TEST(FmtProperty, ModelDumpSeesEveryDifference) {
    // The comparison above is only as strong as the dump: two different specs must dump differently.
    auto a = parse("cluster c {\n  nodes n1 n2\n}\nservice s {\n  unit s\n  monitor every 10s\n}\n");
    auto b = parse("cluster c {\n  nodes n1 n2\n}\nservice s {\n  unit s\n  monitor every 20s\n}\n");
    ASSERT_TRUE(a->model && b->model);
    EXPECT_NE(dump_model(*a->model), dump_model(*b->model));
}

}  // namespace
}  // namespace aa
