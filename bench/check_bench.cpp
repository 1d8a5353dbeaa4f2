// aa check's in-process cost (load + parse + check) on generated specs of N cloned services with
// constraints. Goal (issue 3): 10k services under 50 ms, 100k under 0.5 s, linear growth.
#include <benchmark/benchmark.h>

#include "compiler/check/check.hpp"
#include "compiler/lang/load.hpp"
#include "support/spec_gen.hpp"

namespace {

void BM_Check(benchmark::State& state) {
    std::string text = aa::test::generate_large_spec(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        aa::SourceSet sources;
        aa::Diagnostics diags;
        aa::ast::Spec spec;
        spec.files.push_back(aa::load_text("bench.aa", text, sources, diags));
        auto model = aa::check(spec, sources, diags);
        if (!model || diags.has_errors()) state.SkipWithError("generated spec does not check");
        benchmark::DoNotOptimize(model);
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
    state.counters["services"] = static_cast<double>(state.range(0));
    state.counters["bytes"] = static_cast<double>(text.size());
}

void BM_ParseOnly(benchmark::State& state) {
    std::string text = aa::test::generate_large_spec(static_cast<int>(state.range(0)));
    for (auto _ : state) {
        aa::SourceSet sources;
        aa::Diagnostics diags;
        benchmark::DoNotOptimize(aa::load_text("bench.aa", text, sources, diags));
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

}  // namespace

BENCHMARK(BM_Check)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseOnly)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
