// aa plan's cost on a base of N cloned services where the spec changes one of them (issue 4):
// the in-process part (parse + check + ownership + lower + diff + render), side by side with
// crm_diff on the same two CIBs and pugixml load+save of the base; and the whole plan with
// crm_verify + crm_simulate at small N. Run: build/bench/plan_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "compiler/check/check.hpp"
#include "compiler/lang/load.hpp"
#include "compiler/plan/plan_render.hpp"
#include "runtime/planner.hpp"
#include "runtime/runner.hpp"
#include "support/spec_gen.hpp"
#include "support/test_support.hpp"

namespace {

struct Fixture {
    std::string changed_spec;  // the spec with svc00000's clone max changed
    std::string base_xml;      // the CIB the unchanged spec produces (managed, tagged)
    std::string desired_xml;   // what the changed spec wants
};

aa::model::Model checked(const std::string& text) {
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::Spec spec;
    spec.files.push_back(aa::load_text("bench.aa", text, sources, diags));
    auto m = aa::check(spec, sources, diags);
    if (!m) throw std::runtime_error("generated spec does not check");
    return *m;
}

const Fixture& fixture(int n) {
    static std::map<int, Fixture> cache;
    auto it = cache.find(n);
    if (it != cache.end()) return it->second;
    Fixture f;
    std::string spec = aa::test::generate_large_spec(n);
    f.changed_spec = spec;
    f.changed_spec.replace(f.changed_spec.find("clone max 2"), 11, "clone max 3");
    aa::model::Model m = checked(spec);
    aa::runtime::PlanRequest req{m};
    req.simulate = false;
    req.keep_desired = true;
    f.base_xml = aa::runtime::make_plan(req).desired_xml;
    aa::model::Model m2 = checked(f.changed_spec);
    aa::runtime::PlanRequest req2{m2};
    req2.base_xml = f.base_xml;
    req2.base_source = "base.xml";
    req2.simulate = false;
    req2.keep_desired = true;
    f.desired_xml = aa::runtime::make_plan(req2).desired_xml;
    return cache.emplace(n, std::move(f)).first->second;
}

void BM_PlanInProcess(benchmark::State& state) {
    const Fixture& f = fixture(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        aa::model::Model m = checked(f.changed_spec);
        aa::runtime::PlanRequest req{m};
        req.base_xml = f.base_xml;
        req.base_source = "base.xml";
        req.simulate = false;
        aa::runtime::PlanOutcome out = aa::runtime::make_plan(req);
        if (!out.ok || out.plan.modifies() != 1) state.SkipWithError("unexpected plan");
        benchmark::DoNotOptimize(aa::plan::render_text(out.plan));
    }
    state.counters["base_KiB"] = static_cast<double>(f.base_xml.size()) / 1024;
}

void BM_CrmDiff(benchmark::State& state) {
    const Fixture& f = fixture(static_cast<int>(state.range(0)));
    aa::test::TempDir tmp;
    aa::test::write_file(tmp / "old.xml", f.base_xml);
    aa::test::write_file(tmp / "new.xml", f.desired_xml);
    for (auto _ : state) {
        aa::runtime::Command c;
        c.argv = {"crm_diff", "-o", (tmp / "old.xml").string(), "-n", (tmp / "new.xml").string()};
        aa::runtime::Result r = aa::runtime::run(c);
        if (r.exit_code != 1) state.SkipWithError("crm_diff did not report a difference");
    }
}

void BM_PugixmlLoadSave(benchmark::State& state) {
    const Fixture& f = fixture(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        pugi::xml_document doc;
        doc.load_string(f.base_xml.c_str());
        std::ostringstream out;
        doc.save(out);
        benchmark::DoNotOptimize(out.str());
    }
}

void BM_WholePlanWithTools(benchmark::State& state) {
    const Fixture& f = fixture(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        aa::model::Model m = checked(f.changed_spec);
        aa::runtime::PlanRequest req{m};
        req.base_xml = f.base_xml;
        req.base_source = "base.xml";
        aa::runtime::PlanOutcome out = aa::runtime::make_plan(req);
        if (!out.ok) state.SkipWithError("plan failed");
    }
}

}  // namespace

BENCHMARK(BM_PlanInProcess)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CrmDiff)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_PugixmlLoadSave)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WholePlanWithTools)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(2);
BENCHMARK_MAIN();
