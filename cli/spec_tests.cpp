#include "cli/spec_tests.hpp"

#include <cstdio>
#include <fmt/format.h>
#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "compiler/check/check_scenario.hpp"
#include "compiler/lang/load_tests.hpp"
#include "runtime/scenario_golden.hpp"
#include "runtime/scenario_run.hpp"

namespace aa::cli {
namespace {

using runtime::ScenarioResult;

std::string seconds(std::chrono::milliseconds d) { return fmt::format("{:.2f}", static_cast<double>(d.count()) / 1000.0); }

// One diagnostic per failure: E190 an expectation, E191 a test that could not run, E192 a golden
// record, E195 an event that cannot happen.
void add_diagnostics(const ScenarioResult& r, Diagnostics& diags) {
    for (const runtime::ScenarioFailure& f : r.failures) {
        std::string code = r.error ? "E191"
                           : f.span == r.scenario->golden_span && r.scenario->golden ? "E192"
                           : f.message.rfind("this event cannot happen", 0) == 0     ? "E195"
                                                                                      : "E190";
        Diagnostic& d = diags.error(code, f.span, f.message);
        for (const std::string& s : f.scores) d.notes.push_back({"score: " + s, Span{}});
    }
}

std::string junit_xml(const std::vector<ScenarioResult>& results, const SourceSet& sources, const Diagnostics& per_test_unused) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    pugi::xml_node suites = doc.append_child("testsuites");
    suites.append_attribute("name") = "aa test";
    std::map<std::string, std::vector<const ScenarioResult*>> by_file;
    std::vector<std::string> order;
    for (const ScenarioResult& r : results) {
        if (!by_file.count(r.scenario->file)) order.push_back(r.scenario->file);
        by_file[r.scenario->file].push_back(&r);
    }
    std::size_t tests = 0, failures = 0, errors = 0;
    std::chrono::milliseconds total{0};
    for (const std::string& file : order) {
        pugi::xml_node suite = suites.append_child("testsuite");
        std::size_t f = 0, e = 0;
        std::chrono::milliseconds t{0};
        for (const ScenarioResult* r : by_file[file]) {
            pugi::xml_node c = suite.append_child("testcase");
            c.append_attribute("name") = r->scenario->name.c_str();
            c.append_attribute("classname") = file.c_str();
            c.append_attribute("file") = file.c_str();
            c.append_attribute("line") = r->scenario->span.line;
            c.append_attribute("time") = seconds(r->duration).c_str();
            t += r->duration;
            if (r->ok()) continue;
            (r->error ? e : f)++;
            std::vector<Diagnostic> ds;
            Diagnostics one;
            add_diagnostics(*r, one);
            pugi::xml_node fail = c.append_child(r->error ? "error" : "failure");
            fail.append_attribute("message") = r->failures.front().message.c_str();
            fail.append_attribute("type") = r->error ? "error" : "expectation";
            fail.append_child(pugi::node_pcdata).set_value(render(one.sorted(), sources).c_str());
        }
        suite.prepend_attribute("time") = seconds(t).c_str();
        suite.prepend_attribute("errors") = e;
        suite.prepend_attribute("failures") = f;
        suite.prepend_attribute("tests") = by_file[file].size();
        suite.prepend_attribute("name") = file.c_str();
        tests += by_file[file].size();
        failures += f;
        errors += e;
        total += t;
    }
    suites.append_attribute("tests") = tests;
    suites.append_attribute("failures") = failures;
    suites.append_attribute("errors") = errors;
    suites.append_attribute("time") = seconds(total).c_str();
    std::ostringstream ss;
    doc.save(ss, "  ");
    return ss.str();
}

bool update_golden(const std::vector<ScenarioResult>& results, const std::vector<std::string>& files) {
    bool ok = true;
    for (const std::string& file : files) {
        std::vector<std::pair<std::string, std::string>> records;
        std::map<std::string, std::string> old = runtime::read_golden(runtime::golden_path(file));
        for (const ScenarioResult& r : results) {
            if (r.scenario->file != file || !r.scenario->golden) continue;
            // A test that could not run keeps what was recorded.
            records.emplace_back(r.scenario->name, r.error && old.count(r.scenario->name) ? old[r.scenario->name] : r.record);
        }
        if (records.empty()) continue;
        std::string error;
        if (!write_file_atomic(runtime::golden_path(file), runtime::golden_text(file, records), error)) {
            std::fprintf(stderr, "error: %s\n", error.c_str());
            ok = false;
            continue;
        }
        std::printf("recorded %s\n", runtime::golden_path(file).c_str());
    }
    return ok;
}

}  // namespace

SpecTestOutcome run_spec_tests(const model::Model& model, const std::string& desired_xml, const SpecTestOptions& o) {
    SpecTestOutcome out;
    SourceSet sources;
    Diagnostics diags;
    std::vector<ast::TestFile> files = load_tests(o.test_files, sources, diags);
    std::vector<scenario::Scenario> scenarios;
    if (!diags.has_errors()) scenarios = check_tests(files, model, sources, diags);
    if (diags.has_errors()) {
        print_diagnostics(diags, sources, o.color);
        return out;
    }
    std::map<std::string, std::string> records;
    for (const std::string& f : o.test_files)
        for (auto& [name, text] : runtime::read_golden(runtime::golden_path(f))) records[name] = text;
    runtime::ScenarioOptions so;
    so.explain = o.explain;
    so.jobs = o.jobs;
    so.records = o.update ? nullptr : &records;
    std::vector<ScenarioResult> results = runtime::run_scenarios(scenarios, model, desired_xml, so);

    Diagnostics failures = std::move(diags);  // warnings of the check come first
    for (const ScenarioResult& r : results) {
        const scenario::Scenario& s = *r.scenario;
        std::printf("%-4s %s:%u %s (%s s)\n", r.ok() ? "ok" : "FAIL", s.file.c_str(), s.span.line, s.name.c_str(),
                    seconds(r.duration).c_str());
        for (const runtime::ScenarioFailure& f : r.failures) {
            std::string first_line = f.message.substr(0, f.message.find('\n'));
            std::printf("       %s\n", first_line.c_str());
        }
        (r.ok() ? out.passed : out.failed)++;
        add_diagnostics(r, failures);
    }
    std::fflush(stdout);
    print_diagnostics(failures, sources, o.color);
    std::printf("%zu passed, %zu failed\n", out.passed, out.failed);
    out.ok = out.failed == 0;
    if (o.update && !update_golden(results, o.test_files)) out.ok = false;
    if (!o.junit.empty()) {
        std::string error;
        if (!write_file_atomic(o.junit, junit_xml(results, sources, failures), error)) {
            std::fprintf(stderr, "error: %s\n", error.c_str());
            out.ok = false;
        }
    }
    return out;
}

}  // namespace aa::cli
