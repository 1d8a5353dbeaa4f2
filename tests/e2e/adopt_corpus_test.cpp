// Spec (issue 10): every CIB of Pacemaker's scheduler regression suite that `aa import` accepts
// plans with `--adopt` against itself, simulation included: exit 0 or 2, never a refusal for a
// problem the CIB already had (a failed op, an orphan, a node down, a verify error). The corpus
// is split into shards so that ctest runs them side by side.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "compiler/check/check.hpp"
#include "compiler/cib/cib.hpp"
#include "compiler/format/format.hpp"
#include "compiler/import/import.hpp"
#include "compiler/lang/load.hpp"
#include "runtime/planner.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

constexpr int kShards = 4;

std::vector<fs::path> corpus() {
    fs::path dir = aa::test::shared_dir() / "corpus" / "pacemaker-2.1.5-scheduler" / "xml";
    std::vector<fs::path> files;
    if (!fs::is_directory(dir)) return files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".xml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

// "" when the CIB is not one import accepts; otherwise the plan's errors ("" when it planned).
struct Result {
    bool imported = false;
    std::string errors;
};

Result adopt_itself(const fs::path& file) {
    Result out;
    std::string text = aa::test::read_file(file), error;
    pugi::xml_document base;
    if (!aa::cib::load(text, file.string(), base, error)) return out;
    aa::ImportResult imported = aa::import_cib(base.document_element());
    if (!imported.refusal.empty()) return out;
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::Spec spec;
    spec.files.push_back(aa::load_text(file.stem().string() + ".aa", aa::format_file(imported.file, sources), sources, diags));
    std::optional<aa::model::Model> model;
    if (!diags.has_errors()) model = aa::check(spec, sources, diags);
    if (!model) return out;  // import_corpus_test reports specs that do not check
    out.imported = true;
    aa::runtime::PlanRequest req{*model};
    req.base_xml = text;
    req.base_source = file.filename().string();
    req.adopt = true;
    try {
        aa::runtime::PlanOutcome plan = aa::runtime::make_plan(req);
        for (const std::string& e : plan.errors) out.errors += e + "\n";
    } catch (const std::exception& e) {
        out.errors = std::string("threw: ") + e.what();
    }
    return out;
}

class AdoptCorpus : public ::testing::TestWithParam<int> {};

TEST_P(AdoptCorpus, EveryImportedCibPlansWithAdoptAgainstItself) {
    std::vector<fs::path> files = corpus();
    if (files.empty()) GTEST_SKIP() << "no corpus (AA_SHARED_DIR)";
    int planned = 0;
    std::vector<std::string> refused;
    for (std::size_t i = static_cast<std::size_t>(GetParam()); i < files.size(); i += kShards) {
        Result r = adopt_itself(files[i]);
        if (!r.imported) continue;
        ++planned;
        if (!r.errors.empty()) refused.push_back(files[i].filename().string() + ": " + r.errors);
    }
    std::printf("shard %d: %d imported CIBs planned with --adopt, %zu refused\n", GetParam(), planned, refused.size());
    EXPECT_GT(planned, 50);
    for (const std::string& r : refused) ADD_FAILURE() << r;
}

INSTANTIATE_TEST_SUITE_P(Shards, AdoptCorpus, ::testing::Range(0, kShards));

}  // namespace
