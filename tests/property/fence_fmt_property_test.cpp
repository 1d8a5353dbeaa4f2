// `aa fmt` on random fence devices and fencing levels, written in any order with comments: the
// canonical text is a fixed point, parses to the same tree, and lowers to the same CIB.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <set>
#include <sstream>

#include <pugixml.hpp>

#include "compiler/check/check.hpp"
#include "compiler/format/format.hpp"
#include "support/parsed_spec.hpp"
#include "compiler/lang/ast_dump.hpp"
#include "compiler/lang/load.hpp"
#include "compiler/lower/lower.hpp"

namespace aa {
namespace {

const std::vector<std::string> kNodes = {"node-01", "node-02", "node-03"};

// The statements of one device, in a random order; a trailing comment now and then.
rc::Gen<std::string> gen_device(const std::string& name) {
    return rc::gen::exec([name] {
        std::vector<std::string> lines = {"agent stonith:" + *rc::gen::element<std::string>("fence_ipmilan", "fence_apc", "fence_xvm")};
        const auto hosts = *rc::gen::container<std::vector<bool>>(kNodes.size(), rc::gen::arbitrary<bool>());
        std::string list;
        for (std::size_t i = 0; i < kNodes.size(); ++i)
            if (hosts[i]) list += " " + kNodes[i];
        if (!list.empty()) lines.push_back("hosts" + list);
        else
            for (std::size_t i = 0; i < kNodes.size(); ++i)
                if (*rc::gen::arbitrary<bool>()) lines.push_back("host-map " + kNodes[i] + " = " + std::to_string(i + 1));
        if (*rc::gen::arbitrary<bool>()) lines.push_back("delay-max " + std::to_string(*rc::gen::inRange(1, 30)) + "s");
        if (*rc::gen::arbitrary<bool>()) lines.push_back("param ip = 10.0.0." + std::to_string(*rc::gen::inRange(1, 250)));
        if (*rc::gen::arbitrary<bool>()) lines.push_back("param username = \"admin user\"");
        lines.push_back("monitor every " + std::to_string(*rc::gen::inRange(10, 120)) + "s" +
                        (*rc::gen::arbitrary<bool>() ? " timeout 20s" : ""));
        if (*rc::gen::arbitrary<bool>()) lines.push_back("meta target-role = Started");
        if (*rc::gen::arbitrary<bool>()) lines.push_back("avoid " + *rc::gen::elementOf(kNodes));
        for (std::size_t i = lines.size(); i > 1; --i)  // Fisher-Yates: the written order is random
            std::swap(lines[i - 1], lines[static_cast<std::size_t>(*rc::gen::inRange<int>(0, static_cast<int>(i)))]);
        std::string text = "fence " + name + " {\n";
        for (const std::string& l : lines)
            text += "  " + l + (*rc::gen::inRange(0, 4) == 0 ? "  # why" : "") + "\n";
        return text + "}\n";
    });
}

// Levels 1-9 over the devices, each target and number at most once, in a random order.
rc::Gen<std::string> gen_fencing(int devices) {
    return rc::gen::exec([devices] {
        std::vector<std::string> lines;
        std::set<std::string> taken;
        const int n = *rc::gen::inRange(0, 6);
        for (int i = 0; i < n; ++i) {
            const int index = *rc::gen::inRange(1, 10);
            const int form = *rc::gen::inRange(0, 3);
            std::string target = form == 0   ? *rc::gen::elementOf(kNodes)
                                 : form == 1 ? "pattern \"node-0[" + std::to_string(*rc::gen::inRange(1, 4)) + "-3]\""
                                             : "attribute rack = r" + std::to_string(*rc::gen::inRange(1, 3));
            if (!taken.insert(std::to_string(index) + " " + target).second) continue;
            std::string line = "level " + std::to_string(index) + " " + target;
            for (int d = 0; d < devices; ++d)
                if (d == 0 || *rc::gen::arbitrary<bool>()) line += " d" + std::to_string(d);
            lines.push_back(line);
        }
        if (lines.empty()) return std::string();
        std::string text = "fencing {\n";
        for (const std::string& l : lines) text += "  " + l + "\n";
        return text + "}\n";
    });
}

rc::Gen<std::string> gen_fenced_spec() {
    return rc::gen::exec([] {
        std::string text = "cluster prod {\n  nodes node-01 node-02 node-03\n}\n";
        const int devices = *rc::gen::inRange(1, 4);
        for (int d = 0; d < devices; ++d) text += "\n" + *gen_device("d" + std::to_string(d));
        return text + "\n" + *gen_fencing(devices);
    });
}

// Parses and checks one text.
std::unique_ptr<test::ParsedSpec> parse(const std::string& text) { return test::parse_and_check(text); }

std::string lowered(const model::Model& m) {
    pugi::xml_document doc;
    lower::lower(m, doc.append_child("configuration"));
    std::ostringstream out;
    doc.save(out, "", pugi::format_raw);
    return out.str();
}

RC_GTEST_PROP(FenceFmtProperty, GeneratedDevicesAndLevelsCheck, ()) {
    const std::string text = *gen_fenced_spec();
    auto p = parse(text);
    RC_ASSERT(p->model.has_value());
    RC_CLASSIFY(!p->model->fencing_levels.empty(), "levels");
}

RC_GTEST_PROP(FenceFmtProperty, FormattingIsAFixedPointAndKeepsTheTreeAndTheCib, ()) {
    const std::string text = *gen_fenced_spec();
    auto before = parse(text);
    RC_ASSERT(before->model.has_value());
    const std::string once = format_file(before->file, before->sources);
    auto after = parse(once);
    RC_ASSERT(after->model.has_value());
    RC_ASSERT(format_file(after->file, after->sources) == once);
    RC_ASSERT(lowered(*after->model) == lowered(*before->model));
    auto again = parse(format_file(after->file, after->sources));
    RC_ASSERT(dump_ast(again->file, again->sources, false) == dump_ast(after->file, after->sources, false));
}

// The comparison is only as strong as the lowering: a different level must lower differently.
TEST(FenceFmtProperty, TheCibComparisonSeesADifferentLevel) {
    const std::string head = "cluster prod {\n  nodes node-01\n}\nfence d0 {\n  agent stonith:fence_xvm\n  monitor every 60s\n}\n";
    auto a = parse(head + "fencing {\n  level 1 node-01 d0\n}\n");
    auto b = parse(head + "fencing {\n  level 2 node-01 d0\n}\n");
    ASSERT_TRUE(a->model && b->model);
    EXPECT_NE(lowered(*a->model), lowered(*b->model));
}

}  // namespace
}  // namespace aa
