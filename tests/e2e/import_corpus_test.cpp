// Spec: `aa import` takes every CIB of Pacemaker's own scheduler regression suite (581 real files,
// ../shared/corpus/pacemaker-2.1.5-scheduler/xml) without a crash, a hang or a silent loss:
// each file is fully imported, imported with a list of unsupported objects, or refused with a
// clear reason; and for every imported spec the round trip holds: adopting the spec against the
// same CIB (aa plan --adopt, in process) leaves the configuration exactly as it was, compared
// canonically, apart from the aa-managed tag that records the adoption.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>

#include "compiler/check/check.hpp"
#include "compiler/cib/cib.hpp"
#include "compiler/format/format.hpp"
#include "compiler/import/import.hpp"
#include "compiler/lang/load.hpp"
#include "runtime/planner.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;

namespace {

enum class Kind { Full, Partial, Refused };

struct Outcome {
    Kind kind = Kind::Full;
    std::string refusal;     // why the CIB was refused (Refused only)
    std::string round_trip;  // "" when the round trip holds, else the class of failure
    std::string detail;      // the specifics, for the failure listing
    std::vector<std::string> left_out;  // kinds of the objects not imported
    std::size_t services = 0;           // services in the imported spec
};

// The refusal without the path prefix, so equal reasons count together.
std::string reason_of(const std::string& error, const std::string& path) {
    std::string r = error.rfind(path, 0) == 0 ? error.substr(path.size()) : error;
    if (!r.empty() && r[0] == ':') {
        std::size_t colon = r.find(": ");
        r = colon == std::string::npos ? r.substr(1) : r.substr(colon + 2);
    }
    return r.substr(0, r.find(" ("));
}

// <configuration> without the aa-managed tag, and without a <tags> the tag alone brought.
std::string configuration_without_tag(const pugi::xml_node& cib, bool had_tags) {
    pugi::xml_document copy;
    pugi::xml_node config = copy.append_copy(cib.child("configuration"));
    pugi::xml_node tags = config.child("tags");
    tags.remove_child(tags.find_child_by_attribute("tag", "id", "aa-managed"));
    if (tags && !had_tags && !tags.first_child()) config.remove_child(tags);
    return aa::cib::canonical(config);
}

// The first top-level object whose canonical text differs: names what the round trip lost.
std::string first_difference(const pugi::xml_node& a, const pugi::xml_node& b) {
    for (const char* section : {"crm_config", "nodes", "resources", "constraints", "rsc_defaults", "op_defaults", "tags"}) {
        pugi::xml_node sa = a.child("configuration").child(section), sb = b.child("configuration").child(section);
        for (pugi::xml_node x : sa.children()) {
            pugi::xml_node y = sb.find_child_by_attribute(x.name(), "id", x.attribute("id").value());
            if (!y) return std::string(section) + ": " + x.name() + " " + x.attribute("id").value() + " removed";
            if (aa::cib::canonical(x) != aa::cib::canonical(y))
                return std::string(section) + ": " + x.name() + " " + x.attribute("id").value() + " changed:\n  was " +
                       aa::cib::canonical(x) + "\n  now " + aa::cib::canonical(y);
        }
        for (pugi::xml_node y : sb.children())
            if (!sa.find_child_by_attribute(y.name(), "id", y.attribute("id").value()) &&
                std::string_view(y.attribute("id").value()) != "aa-managed")
                return std::string(section) + ": " + y.name() + " " + y.attribute("id").value() + " added";
    }
    return "elsewhere";
}

Outcome import_one(const fs::path& file) {
    Outcome out;
    std::string text = aa::test::read_file(file), error;
    pugi::xml_document base;
    if (!aa::cib::load(text, file.string(), base, error)) {
        out.kind = Kind::Refused;
        out.refusal = reason_of(error, file.string());
        return out;
    }
    aa::ImportResult imported = aa::import_cib(base.document_element());
    if (!imported.refusal.empty()) {
        out.kind = Kind::Refused;
        out.refusal = imported.refusal;
        return out;
    }
    out.kind = imported.unsupported.empty() ? Kind::Full : Kind::Partial;
    for (const aa::Unsupported& u : imported.unsupported) out.left_out.push_back(u.kind);
    for (const auto& item : imported.file.items) out.services += std::holds_alternative<aa::ast::Service>(item);

    aa::SourceSet sources;
    aa::Diagnostics diags;
    std::string spec_text = aa::format_file(imported.file, sources);
    aa::ast::Spec spec;
    spec.files.push_back(aa::load_text(file.stem().string() + ".aa", spec_text, sources, diags));
    std::optional<aa::model::Model> model;
    if (!diags.has_errors()) model = aa::check(spec, sources, diags);
    if (!model) {
        out.round_trip = "the imported spec does not check";
        out.detail = aa::render(diags.sorted(), sources);
        return out;
    }
    aa::runtime::PlanRequest req{*model};
    req.base_xml = text;
    req.base_source = file.string();
    req.adopt = true;
    req.simulate = false;
    req.keep_desired = true;
    aa::runtime::PlanOutcome plan = aa::runtime::make_plan(req);
    if (!plan.ok) {
        out.round_trip = "plan --adopt fails";
        for (const std::string& e : plan.errors) out.detail += e + "\n";
        return out;
    }
    pugi::xml_document desired;
    desired.load_string(plan.desired_xml.c_str());
    pugi::xml_node base_cib = base.document_element(), desired_cib = desired.document_element();
    bool had_tags = bool(base_cib.child("configuration").child("tags"));
    if (configuration_without_tag(desired_cib, had_tags) != configuration_without_tag(base_cib, had_tags)) {
        out.round_trip = "configuration changed";
        out.detail = first_difference(base_cib, desired_cib);
    }
    return out;
}

TEST(ImportCorpus, EveryCibIsImportedOrRefusedAndEveryImportRoundTrips) {
    fs::path dir = aa::test::shared_dir() / "corpus" / "pacemaker-2.1.5-scheduler" / "xml";
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir << " (AA_SHARED_DIR)";
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".xml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    ASSERT_FALSE(files.empty());

    auto start = std::chrono::steady_clock::now();
    std::map<Kind, int> kinds;
    std::map<std::string, int> refusals, failures, left_out;
    std::size_t services = 0;
    std::vector<std::string> failure_list;
    for (const fs::path& f : files) {
        Outcome o = import_one(f);
        ++kinds[o.kind];
        if (o.kind == Kind::Refused) ++refusals[o.refusal];
        for (const std::string& k : o.left_out) ++left_out[k];
        services += o.services;
        if (!o.round_trip.empty()) {
            ++failures[o.round_trip];
            failure_list.push_back(f.filename().string() + ": " + o.round_trip + "\n" + o.detail);
        }
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::printf("corpus: %zu CIBs in %.1f s\n", files.size(), seconds);
    std::printf("  fully imported:     %d\n", kinds[Kind::Full]);
    std::printf("  partially imported: %d (unsupported objects listed)\n", kinds[Kind::Partial]);
    std::printf("  services imported: %zu; objects left out, by kind:\n", services);
    std::vector<std::pair<int, std::string>> by_count;
    for (const auto& [k, n] : left_out) by_count.push_back({-n, k});
    std::sort(by_count.begin(), by_count.end());
    for (std::size_t i = 0; i < by_count.size() && i < 15; ++i)
        std::printf("    %5d  %s\n", -by_count[i].first, by_count[i].second.c_str());
    std::printf("  refused:            %d\n", kinds[Kind::Refused]);
    for (const auto& [why, n] : refusals) std::printf("    %4d  %s\n", n, why.c_str());
    std::printf("  round-trip failures: %zu\n", failure_list.size());
    for (const auto& [why, n] : failures) std::printf("    %4d  %s\n", n, why.c_str());
    for (std::size_t i = 0; i < failure_list.size() && i < 15; ++i) std::printf("  - %s\n", failure_list[i].c_str());

    EXPECT_EQ(kinds[Kind::Full] + kinds[Kind::Partial] + kinds[Kind::Refused], static_cast<int>(files.size()));
    EXPECT_TRUE(failure_list.empty()) << failure_list.size() << " imported specs do not round-trip (listed above)";
}

}  // namespace
