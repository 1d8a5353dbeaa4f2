// Issue 12, failure 5: hostile CIBs. Deep nesting crashed the canonicaliser (unbounded recursion)
// and a file with two roots was accepted. Then a rapidcheck-driven mutation fuzzer over the golden
// bases: whatever the bytes, the CIB reader answers with a CIB or a message naming the file —
// never a crash, a hang or an empty error. (The libFuzzer target is tests/fuzz/fuzz_cib.cpp.)
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <filesystem>
#include <string>

#include "compiler/cib/cib.hpp"
#include "support/test_support.hpp"

using namespace aa;

namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

std::string valid_cib_with(const std::string& inside_status) {
    return R"(<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.9"><configuration>)"
           R"(<crm_config/><nodes/><resources/><constraints/></configuration><status>)" +
           inside_status + "</status></cib>";
}

std::string nested(const std::string& element, int depth) {
    std::string open, close;
    for (int i = 0; i < depth; ++i) {
        open += "<" + element + " id=\"" + element + std::to_string(i) + "\">";
        close = "</" + element + ">" + close;
    }
    return open + close;
}

// What every answer must look like: a loaded <cib>, or "PATH: ..." and an empty document.
void reads_cleanly(const std::string& text) {
    pugi::xml_document doc;
    std::string error;
    if (cib::load(text, "hostile.xml", doc, error)) {
        RC_ASSERT(std::string(doc.document_element().name()) == "cib");
        RC_ASSERT(!cib::config_hash(doc.child("cib")).empty());
        (void)cib::canonical(doc);
    } else {
        RC_ASSERT(error.rfind("hostile.xml", 0) == 0);
        RC_ASSERT(!doc.document_element());
    }
}

TEST(HostileCib, TwentyThousandNestedElementsAreRefusedWithAMessageNotACrash) {
    pugi::xml_document doc;
    std::string error;
    EXPECT_FALSE(cib::load(valid_cib_with(nested("node_state", 20000)), "deep.xml", doc, error));
    EXPECT_TRUE(has(error, "deep.xml: ")) << error;
    EXPECT_TRUE(has(error, "nested deeper than 1000")) << error;
}

TEST(HostileCib, TwentyFiveThousandNestedRulesInAConstraintAreRefused) {
    std::string text = R"(<cib admin_epoch="0" epoch="1" num_updates="0"><configuration><crm_config/><nodes/><resources/>)"
                       R"(<constraints><rsc_location id="l" rsc="r" node="n" score="1">)" +
                       nested("rule", 25000) + "</rsc_location></constraints></configuration><status/></cib>";
    pugi::xml_document doc;
    std::string error;
    EXPECT_FALSE(cib::load(text, "rules.xml", doc, error));
    EXPECT_TRUE(has(error, "nested deeper than 1000")) << error;
}

TEST(HostileCib, NestingAtTheLimitStillLoadsAndCanonicalises) {
    // <cib><status> are two levels: 998 more is exactly 1,000.
    pugi::xml_document doc;
    std::string error;
    ASSERT_TRUE(cib::load(valid_cib_with(nested("x", 998)), "limit.xml", doc, error)) << error;
    EXPECT_FALSE(cib::canonical(doc).empty());
    EXPECT_FALSE(cib::load(valid_cib_with(nested("x", 999)), "limit.xml", doc, error));
}

TEST(HostileCib, TwoRootsAreRefused) {
    pugi::xml_document doc;
    std::string error;
    std::string one = valid_cib_with("");
    EXPECT_FALSE(cib::load(one + one, "two.xml", doc, error));
    EXPECT_TRUE(has(error, "2 root elements")) << error;
}

std::vector<std::string> seeds() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(aa::test::source_dir() / "golden"))
        if (e.path().filename() == "base.xml") out.push_back(aa::test::read_file(e.path()));
    return out;
}

RC_GTEST_PROP(HostileCib, MutatedGoldenBasesNeverCrashTheReader, ()) {
    static const std::vector<std::string> bases = seeds();
    RC_PRE(!bases.empty());
    std::string text = *rc::gen::elementOf(bases);
    const int edits = *rc::gen::inRange(1, 8);
    for (int i = 0; i < edits; ++i) {
        const std::size_t at = *rc::gen::inRange<std::size_t>(0, text.size() + 1);
        switch (*rc::gen::inRange(0, 5)) {
            case 0: text.insert(at, 1, *rc::gen::elementOf(std::string("<>/=\"'&; \n\0x", 12))); break;
            case 1: if (at < text.size()) text.erase(at, *rc::gen::inRange<std::size_t>(1, 40)); break;
            case 2: text = text.substr(0, at); break;  // truncated
            case 3: text.insert(at, nested(*rc::gen::elementOf(std::vector<std::string>{"rule", "primitive", "x"}),
                                           *rc::gen::inRange(1, 1500)));
                break;
            case 4: text.insert(at, text.substr(at, *rc::gen::inRange<std::size_t>(0, 300))); break;  // duplicated span
        }
    }
    reads_cleanly(text);
}

}  // namespace
