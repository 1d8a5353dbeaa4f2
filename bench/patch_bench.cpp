// make_patchset on N-service CIBs (N cloned systemd primitives, one monitor op each, 3 nodes in
// status) with one attribute changed, beside crm_diff on the same pair of files.
#include <benchmark/benchmark.h>

#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/patch/patch.hpp"
#include "runtime/runner.hpp"

namespace {

std::string service(int i, const char* type) {
    std::string id = "svc" + std::to_string(i);
    return "<clone id=\"" + id + "-clone\"><primitive id=\"" + id + "\" class=\"systemd\" type=\"" + type +
           "\"><operations><op id=\"" + id + "-monitor-interval-60s\" name=\"monitor\" interval=\"60s\"/>"
           "</operations></primitive><meta_attributes id=\"" + id + "-clone-meta_attributes\"><nvpair id=\"" + id +
           "-clone-meta_attributes-interleave\" name=\"interleave\" value=\"true\"/></meta_attributes></clone>";
}

// The CIB with n services; when `changed`, the middle one has another unit type.
std::string cib(int n, bool changed) {
    std::string out = "<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" epoch=\"5\" num_updates=\"0\" "
                      "admin_epoch=\"0\" have-quorum=\"1\"><configuration><crm_config/><nodes>"
                      "<node id=\"1\" uname=\"n1\"/><node id=\"2\" uname=\"n2\"/><node id=\"3\" uname=\"n3\"/></nodes><resources>";
    for (int i = 0; i < n; ++i) out += service(i, changed && i == n / 2 ? "changed" : "unit");
    out += "</resources><constraints/><tags><tag id=\"aa-managed\">";
    for (int i = 0; i < n; ++i) out += "<obj_ref id=\"svc" + std::to_string(i) + "-clone\"/>";
    out += "</tag></tags></configuration><status>";
    for (int k = 1; k <= 3; ++k)
        out += "<node_state id=\"" + std::to_string(k) + "\" uname=\"n" + std::to_string(k) +
               "\" in_ccm=\"true\" crmd=\"online\" join=\"member\" expected=\"member\"/>";
    return out + "</status></cib>";
}

void BM_make_patchset(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    pugi::xml_document base, target;
    base.load_string(cib(n, false).c_str());
    target.load_string(cib(n, true).c_str());
    size_t changes = 0;
    for (auto _ : state) {
        pugi::xml_document patch;
        aa::patch::make_patchset(base.document_element(), target.document_element(), patch);
        changes = 0;
        for (auto c : patch.child("diff").children("change")) (void)c, ++changes;
        benchmark::DoNotOptimize(changes);
    }
    state.counters["changes"] = static_cast<double>(changes);
}
BENCHMARK(BM_make_patchset)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// Many changes at once: the services in reverse order (n - 1 moves) and every tenth one removed.
std::string reshuffled(int n) {
    std::string base = cib(n, false);
    pugi::xml_document doc;
    doc.load_string(base.c_str());
    pugi::xml_node resources = doc.child("cib").child("configuration").child("resources");
    std::vector<pugi::xml_node> all;
    for (auto c : resources.children()) all.push_back(c);
    for (size_t k = 0; k < all.size(); ++k) {
        if (k % 10 == 0) resources.remove_child(all[k]);
        else resources.prepend_move(all[k]);
    }
    std::ostringstream os;
    doc.save(os, "", pugi::format_raw);
    return os.str();
}

void BM_make_patchset_reshuffled(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    pugi::xml_document base, target;
    base.load_string(cib(n, false).c_str());
    target.load_string(reshuffled(n).c_str());
    size_t changes = 0;
    for (auto _ : state) {
        pugi::xml_document patch;
        aa::patch::make_patchset(base.document_element(), target.document_element(), patch);
        changes = 0;
        for (auto c : patch.child("diff").children("change")) (void)c, ++changes;
    }
    state.counters["changes"] = static_cast<double>(changes);
}
BENCHMARK(BM_make_patchset_reshuffled)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_summarize(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    pugi::xml_document base, target;
    base.load_string(cib(n, false).c_str());
    target.load_string(cib(n, true).c_str());
    for (auto _ : state)
        benchmark::DoNotOptimize(aa::patch::summarize(base.document_element(), target.document_element()));
}
BENCHMARK(BM_summarize)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_crm_diff(benchmark::State& state) {
    int n = static_cast<int>(state.range(0));
    auto dir = std::filesystem::temp_directory_path() / ("aa-patch-bench-" + std::to_string(n));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "old.xml") << cib(n, false);
    std::ofstream(dir / "new.xml") << cib(n, true);
    // The machine is shared: besides wall time, report the CPU time crm_diff itself used.
    auto children_cpu_ms = [] {
        rusage u{};
        getrusage(RUSAGE_CHILDREN, &u);
        return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
    };
    double cpu_before = children_cpu_ms();
    for (auto _ : state) {
        aa::runtime::Result r = aa::runtime::run(
            {{"crm_diff", "-o", (dir / "old.xml").string(), "-n", (dir / "new.xml").string()}});
        if (r.exit_code != 1) state.SkipWithError(r.describe().c_str());  // 1 = the files differ
    }
    state.counters["crm_diff_cpu_ms"] = (children_cpu_ms() - cpu_before) / static_cast<double>(state.iterations());
    std::filesystem::remove_all(dir);
}
BENCHMARK(BM_crm_diff)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_crm_diff)->Arg(10000)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
