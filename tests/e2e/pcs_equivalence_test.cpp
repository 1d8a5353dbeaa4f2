// The CIB aa writes for a spec is the CIB an operator gets by typing the same intent into pcs.
// For each example (and two generated specs, and the fencing golden) the spec's intent is replayed
// as `pcs -f FILE ... --force --no-default-ops` commands on an empty CIB (fence devices as
// `pcs stonith create`, fencing levels as `pcs stonith level add`), and the result is compared
// canonically with aa's lowering and with the desired CIB ownership builds (the aa-managed tag
// aside). pcs takes seconds per call, so the generated specs are few and small.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <sstream>
#include <string_view>

#include "compiler/check/check.hpp"
#include "compiler/cib/cib.hpp"
#include "compiler/lang/load.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/lower/ownership.hpp"
#include "runtime/runner.hpp"
#include "support/spec_gen.hpp"
#include "support/test_support.hpp"

namespace {

using namespace aa;
namespace fs = std::filesystem;
using Argv = std::vector<std::string>;

std::optional<model::Model> checked(const std::vector<std::string>& paths, std::string& errors) {
    SourceSet sources;
    Diagnostics diags;
    ast::Spec spec = load_spec(paths, sources, diags);
    std::optional<model::Model> m;
    if (!diags.has_errors()) m = check(spec, sources, diags);
    if (!m) errors = render(diags.sorted(), sources);
    return m;
}

std::string agent_of(const model::Service& s) {
    if (s.agent_class == "ocf") return "ocf:" + s.provider + ":" + s.type;
    return s.agent_class + ":" + s.type;
}

void append_pairs(Argv& argv, const std::vector<model::NvPair>& pairs) {
    for (const model::NvPair& p : pairs) argv.push_back(p.name + "=" + p.value);
}

// A fence device whose only op is `monitor every 60s` (what W055 asks for): pcs's own default for
// a device, so it is left to pcs to add, which proves the spelling gives pcs's CIB.
bool only_pcs_default_monitor(const model::Service& s) {
    if (!s.fence() || s.ops.size() != 1) return false;
    const model::Op& op = s.ops.front();
    return op.name == "monitor" && op.interval == "60s" && !op.timeout && !op.on_fail && !op.role && !op.id;
}

// `pcs resource create` with everything the service block says, in the order an operator types it.
// A fence device is `pcs stonith create NAME TYPE ...` (the type without `stonith:`; pcs sorts the
// instance attributes by name itself), which takes no --no-default-ops: pcs gives a device created
// without an op a 60s monitor, so that one is not typed (only_pcs_default_monitor).
Argv create_command(const model::Service& s) {
    Argv argv = s.fence() ? Argv{"stonith", "create", s.name, s.type} : Argv{"resource", "create", s.name, agent_of(s)};
    append_pairs(argv, s.params);
    if (!s.ops.empty() && !only_pcs_default_monitor(s)) {
        argv.push_back("op");
        for (const model::Op& op : s.ops) {
            argv.push_back(op.name);
            if (op.name == "monitor" || op.interval != "0s") argv.push_back("interval=" + op.interval);
            if (op.timeout) argv.push_back("timeout=" + *op.timeout);
            if (op.on_fail) argv.push_back("on-fail=" + *op.on_fail);
            if (op.role) argv.push_back("role=" + *op.role);
        }
    }
    if (!s.meta.empty()) argv.push_back("meta");
    append_pairs(argv, s.meta);
    if (!s.group.empty()) argv.insert(argv.end(), {"--group", s.group});
    argv.push_back("--force");
    if (!s.fence()) argv.push_back("--no-default-ops");
    return argv;
}

// `pcs stonith level add N TARGET DEVICE...`: TARGET is a node, `regexp%PATTERN` or `attrib%NAME=VALUE`.
Argv level_command(const model::FencingLevel& l) {
    Argv argv{"stonith", "level", "add", std::to_string(l.index)};
    if (!l.target.empty())
        argv.push_back(l.target);
    else if (!l.target_pattern.empty())
        argv.push_back("regexp%" + l.target_pattern);
    else
        argv.push_back("attrib%" + l.target_attribute + "=" + l.target_value);
    argv.insert(argv.end(), l.devices.begin(), l.devices.end());
    argv.push_back("--force");
    return argv;
}

std::string resource_id(const model::Model& m, const std::string& name) {
    std::optional<model::Ref> r = m.resolve(name);
    return r ? r->id : name;
}

// `pcs resource clone X meta ...` or `pcs resource promotable X meta ...` (pcs adds promotable=true).
Argv clone_command(const std::string& name, const model::Clone& c) {
    Argv clone{"resource", c.promotable ? "promotable" : "clone", name};
    std::vector<model::NvPair> meta;
    for (const model::NvPair& p : c.meta)
        if (!(c.promotable && p.name == "promotable")) meta.push_back(p);
    if (!meta.empty()) clone.push_back("meta");
    append_pairs(clone, meta);
    return clone;
}

void append_condition(Argv& argv, const model::RuleCondition& c) {
    if (c.value.empty() && (c.operation == "defined" || c.operation == "not_defined")) {
        argv.insert(argv.end(), {c.operation, c.attribute});
        return;
    }
    argv.insert(argv.end(), {c.attribute, c.operation});
    if (!c.type.empty()) argv.push_back(c.type);
    argv.push_back(c.value);
}

// `pcs constraint location RSC rule [role=R] score=S|score-attribute=A EXPR`, a nested rule as a
// parenthesized group.
Argv rule_command(const std::string& rsc, const model::Location& l) {
    const model::LocationRule& r = *l.rule;
    Argv argv{"constraint", "location", rsc, "rule"};
    if (!r.role.empty()) argv.push_back("role=" + r.role);
    argv.push_back(r.score_attribute.empty() ? "score=" + l.score : "score-attribute=" + r.score_attribute);
    for (std::size_t i = 0; i < r.terms.size(); ++i) {
        if (i) argv.push_back(r.boolean_op);
        const model::RuleTerm& t = r.terms[i];
        if (t.conditions.size() > 1) argv.push_back("(");
        for (std::size_t j = 0; j < t.conditions.size(); ++j) {
            if (j) argv.push_back(t.boolean_op);
            append_condition(argv, t.conditions[j]);
        }
        if (t.conditions.size() > 1) argv.push_back(")");
    }
    argv.push_back("--force");
    return argv;
}

void location_commands(std::vector<Argv>& cmds, const std::string& rsc, const std::vector<model::Location>& locs) {
    for (const model::Location& l : locs) {
        if (l.rule) {
            cmds.push_back(rule_command(rsc, l));
            continue;
        }
        const bool avoid = l.score.starts_with("-");
        cmds.push_back({"constraint", "location", rsc, avoid ? "avoids" : "prefers",
                        l.node + "=" + (avoid ? l.score.substr(1) : l.score), "--force"});
    }
}

// `pcs resource create` and, when the service declares utilization, `pcs resource utilization`.
void create_commands(std::vector<Argv>& cmds, const model::Service& s) {
    cmds.push_back(create_command(s));
    if (s.utilization.empty()) return;
    Argv utilization{"resource", "utilization", s.name};
    append_pairs(utilization, s.utilization);
    cmds.push_back(utilization);
}

// A group: each member created into it in order, then its meta, then its clone.
void group_commands(std::vector<Argv>& cmds, const model::Model& m, const model::Group& g) {
    for (const std::string& member : g.members) create_commands(cmds, *m.find_service(member));
    if (!g.meta.empty()) {
        Argv meta{"resource", "meta", g.name};
        append_pairs(meta, g.meta);
        cmds.push_back(meta);
    }
    if (g.clone) cmds.push_back(clone_command(g.name, *g.clone));
}

// `pcs constraint order|colocation set A B opt=v ... set C ... setoptions ...`, each set's options
// in the order the lowering writes them; pcs makes the ids itself.
Argv set_command(const model::Model& m, std::string_view kind, const std::vector<model::ResourceSet>& sets,
                 const Argv& setoptions) {
    Argv argv{"constraint", std::string(kind), "set"};
    for (std::size_t i = 0; i < sets.size(); ++i) {
        if (i) argv.push_back("set");
        for (const std::string& member : sets[i].members) argv.push_back(resource_id(m, member));
        if (!sets[i].sequential) argv.push_back("sequential=false");
        if (!sets[i].require_all) argv.push_back("require-all=false");
        if (!sets[i].action.empty()) argv.push_back("action=" + sets[i].action);
        if (!sets[i].role.empty()) argv.push_back("role=" + sets[i].role);
    }
    if (!setoptions.empty()) argv.push_back("setoptions");
    argv.insert(argv.end(), setoptions.begin(), setoptions.end());
    argv.push_back("--force");
    return argv;
}

std::vector<Argv> pcs_commands(const model::Model& m) {
    std::vector<Argv> cmds;
    std::set<std::string> groups_done;
    for (const model::Service& s : m.services) {
        if (!s.group.empty()) {
            if (groups_done.insert(s.group).second) group_commands(cmds, m, *m.find_group(s.group));
            continue;
        }
        create_commands(cmds, s);
        if (s.clone) cmds.push_back(clone_command(s.name, *s.clone));
    }
    for (const model::Service& s : m.services) location_commands(cmds, s.resource_id(), s.locations);
    for (const model::Group& g : m.groups) location_commands(cmds, g.resource_id(), g.locations);
    for (const model::Order& o : m.orders) {
        if (!o.sets.empty()) {
            cmds.push_back(set_command(m, "order", o.sets, o.kind != "Mandatory" ? Argv{"kind=" + o.kind} : Argv{}));
            continue;
        }
        Argv order{"constraint", "order"};
        if (o.first_action != "start") order.push_back(o.first_action);
        order.push_back(resource_id(m, o.first));
        order.push_back("then");
        if (o.then_action != "start") order.push_back(o.then_action);
        order.push_back(resource_id(m, o.then));
        if (o.kind != "Mandatory") order.push_back("kind=" + o.kind);
        order.push_back("--force");
        cmds.push_back(order);
    }
    for (const model::Colocation& c : m.colocations) {
        if (!c.sets.empty()) {
            cmds.push_back(set_command(m, "colocation", c.sets, Argv{"score=" + c.score}));
            continue;
        }
        Argv coloc{"constraint", "colocation", "add"};
        if (!c.rsc_role.empty()) coloc.push_back(c.rsc_role);
        coloc.push_back(resource_id(m, c.rsc));
        coloc.push_back("with");
        if (!c.with_role.empty()) coloc.push_back(c.with_role);
        coloc.insert(coloc.end(), {resource_id(m, c.with), c.score, "--force"});
        cmds.push_back(coloc);
    }
    if (!m.properties.empty()) {
        Argv props{"property", "set"};
        append_pairs(props, m.properties);
        props.push_back("--force");
        cmds.push_back(props);
    }
    if (!m.rsc_defaults.empty()) {
        Argv defaults{"resource", "defaults", "update"};
        append_pairs(defaults, m.rsc_defaults);
        cmds.push_back(defaults);
    }
    if (!m.op_defaults.empty()) {
        Argv defaults{"resource", "op", "defaults", "update"};
        append_pairs(defaults, m.op_defaults);
        cmds.push_back(defaults);
    }
    // The fencing topology last, level by level in spec order (pcs numbers ids in that order).
    for (const model::FencingLevel& l : m.fencing_levels) cmds.push_back(level_command(l));
    return cmds;
}

// Runs the commands on a copy of `cibadmin --empty`; returns the resulting CIB text.
std::string build_with_pcs(const model::Model& m, const test::TempDir& dir) {
    const fs::path file = dir / "pcs.xml";
    test::CommandResult empty = test::run_command({"cibadmin", "--empty"});
    EXPECT_EQ(empty.exit_code, 0) << empty.err;
    test::write_file(file, empty.out);
    for (Argv argv : pcs_commands(m)) {
        argv.insert(argv.begin(), {"pcs", "-f", file.string()});
        test::CommandResult r = test::run_command(argv);
        EXPECT_EQ(r.exit_code, 0) << runtime::shell_join(argv) << "\n" << r.err;
    }
    return test::read_file(file);
}

// pcs gives a resource created without a monitor the agent's default one; aa never invents ops
// (for a fence device it warns, W055).
void drop_default_monitors(const model::Model& m, pugi::xml_node resources) {
    for (const model::Service& s : m.services) {
        if (std::any_of(s.ops.begin(), s.ops.end(), [](const model::Op& op) { return op.name == "monitor"; }))
            continue;
        pugi::xml_node p = resources.find_node([&](pugi::xml_node n) {
            return std::string_view(n.name()) == "primitive" && s.name == n.attribute("id").value();
        });
        pugi::xml_node ops = p.child("operations");
        while (pugi::xml_node monitor = ops.find_child_by_attribute("op", "name", "monitor")) ops.remove_child(monitor);
        if (ops && !ops.first_child()) p.remove_child(ops);
    }
}

std::string pretty(const pugi::xml_node& n) {
    std::ostringstream out;
    n.print(out, "  ");
    return out.str();
}

const char* compared_sections[] = {"crm_config",   "resources",   "constraints",
                                   "rsc_defaults", "op_defaults", "fencing-topology"};

void expect_same_sections(const pugi::xml_node& ours, const pugi::xml_node& pcs, const std::string& what) {
    for (const char* section : compared_sections)
        EXPECT_EQ(cib::canonical(ours.child(section)), cib::canonical(pcs.child(section)))
            << what << ": <" << section << "> differs\naa:\n"
            << pretty(ours.child(section)) << "\npcs:\n"
            << pretty(pcs.child(section));
}

// The configurations of one spec: pcs's from the replayed commands, aa's lowering, and the
// desired CIB built on the same empty CIB pcs started from.
struct Configurations {
    pugi::xml_document pcs_doc, lowered_doc, desired_doc;
    pugi::xml_node pcs, lowered, desired;
};

void build_configurations(const model::Model& m, Configurations& out) {
    test::TempDir dir;
    const std::string pcs_text = build_with_pcs(m, dir);
    std::string error;
    ASSERT_TRUE(cib::load(pcs_text, "pcs.xml", out.pcs_doc, error)) << error;
    out.pcs = out.pcs_doc.document_element().child("configuration");
    drop_default_monitors(m, out.pcs.child("resources"));

    out.lowered = out.lowered_doc.append_child("configuration");
    lower::lower(m, out.lowered);

    pugi::xml_document base;
    ASSERT_TRUE(cib::load(test::run_command({"cibadmin", "--empty"}).out, "empty.xml", base, error)) << error;
    ownership::Result r = ownership::build_desired(base.document_element(), m, {}, out.desired_doc);
    ASSERT_TRUE(r.ok);
    out.desired = out.desired_doc.document_element().child("configuration");
}

void expect_pcs_equivalent(const model::Model& m, const std::string& what) {
    Configurations c;
    ASSERT_NO_FATAL_FAILURE(build_configurations(m, c));
    expect_same_sections(c.lowered, c.pcs, what + " (lowering)");
    // The whole path: the desired CIB built on the same empty CIB pcs started from.
    expect_same_sections(c.desired, c.pcs, what + " (desired CIB)");
}

// Stricter than the canonical form, for one spec: the compared sections stand in the same order,
// and each is the same text (attributes in the order written, children in document order, so
// every id in the same place).
std::vector<std::string> section_order(const pugi::xml_node& configuration) {
    std::vector<std::string> names;
    for (pugi::xml_node c : configuration.children())
        if (std::find_if(std::begin(compared_sections), std::end(compared_sections),
                         [&](const char* s) { return std::string_view(s) == c.name(); }) != std::end(compared_sections))
            names.emplace_back(c.name());
    return names;
}

void expect_same_text(const pugi::xml_node& ours, const pugi::xml_node& pcs, const std::string& what) {
    EXPECT_EQ(section_order(ours), section_order(pcs)) << what << ": sections stand in another order";
    for (const char* section : compared_sections)
        EXPECT_EQ(pretty(ours.child(section)), pretty(pcs.child(section)))
            << what << ": <" << section << "> is not written as pcs writes it";
}

// Ownership's additions (the aa-managed tag naming resources, constraints and nvpairs) must not
// cost the CIB its validity: crm_verify accepts the desired CIB built on the embedded default base.
TEST(DesiredCib, WithItsOwnershipTagPassesCrmVerify) {
    test::TempDir dir;
    test::write_file(dir / "spec.aa", R"(cluster lab {
  nodes node-01 node-02 node-03
  property stonith-enabled = false
}
defaults {
  resource resource-stickiness = 1
  op timeout = 20s
}
service web {
  agent ocf:pacemaker:Dummy
  monitor every 10s timeout 5s
  parallel-safe
  clone max 2 per-node 1 interleave
  avoid node-03
}
service batch {
  agent ocf:pacemaker:Dummy
  monitor every 60s
  prefer node-03 score 50
}
order web then batch optional
colocate batch with web score -100
)");
    std::string errors;
    std::optional<model::Model> m = checked({(dir / "spec.aa").string()}, errors);
    ASSERT_TRUE(m) << errors;
    pugi::xml_document base, desired;
    cib::default_cib(m->nodes, base);
    ASSERT_TRUE(ownership::build_desired(base.document_element(), *m, {}, desired).ok);
    ASSERT_TRUE(desired.document_element().child("configuration").child("tags"));
    ASSERT_TRUE(desired.save_file((dir / "desired.xml").c_str()));
    test::CommandResult verify = test::run_command({"crm_verify", "-V", "-x", (dir / "desired.xml").string()});
    EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

// Fence devices and fencing levels: the fencing golden (two devices, one with hosts, delay-max, a
// monitor with a timeout and an avoid, one with a host map and pcs's default monitor; levels by
// node, pattern and attribute) replayed as `pcs stonith create` / `pcs stonith level add` gives
// aa's CIB, id for id and attribute for attribute, in the lowering and in the desired CIB.
TEST(Fencing, DevicesAndLevelsLowerToWhatPcsStonithBuilds) {
    const fs::path spec = test::source_dir() / "golden" / "check" / "accepted-fencing" / "input.aa";
    std::string errors;
    std::optional<model::Model> m = checked({spec.string()}, errors);
    ASSERT_TRUE(m) << errors;
    ASSERT_FALSE(m->fencing_levels.empty());
    ASSERT_TRUE(std::any_of(m->services.begin(), m->services.end(), [](const model::Service& s) { return s.fence(); }));

    Configurations c;
    ASSERT_NO_FATAL_FAILURE(build_configurations(*m, c));
    ASSERT_TRUE(c.pcs.child("fencing-topology")) << pretty(c.pcs);
    expect_same_sections(c.lowered, c.pcs, "accepted-fencing (lowering)");
    expect_same_sections(c.desired, c.pcs, "accepted-fencing (desired CIB)");
    expect_same_text(c.lowered, c.pcs, "accepted-fencing (lowering)");
    expect_same_text(c.desired, c.pcs, "accepted-fencing (desired CIB)");
}

// The language v2 goldens replayed through pcs: set constraints (`pcs constraint order|colocation
// set ...`: sets of services and clones, `parallel`, `any`, actions, roles, a one-set chain, a lone
// name between sets), location rules (`pcs constraint location RSC rule ...`: and/or, a nested and a
// flattened group, types, defined/not_defined, score-attribute, a role, #uname) and utilization
// (`pcs resource utilization`, on a service, a clone's primitive and a group member) give aa's CIB,
// ids included. `element` must appear in pcs's CIB: the construct reached pcs.
struct V2Case {
    std::string golden;
    std::string element;
};

void PrintTo(const V2Case& c, std::ostream* os) { *os << c.golden; }

class V2Golden : public ::testing::TestWithParam<V2Case> {};

TEST_P(V2Golden, LowersToWhatPcsBuildsFromTheSameIntent) {
    const fs::path spec = test::source_dir() / "golden" / GetParam().golden / "input.aa";
    std::string errors;
    std::optional<model::Model> m = checked({spec.string()}, errors);
    ASSERT_TRUE(m) << errors;
    Configurations c;
    ASSERT_NO_FATAL_FAILURE(build_configurations(*m, c));
    ASSERT_TRUE(c.pcs.find_node([&](const pugi::xml_node& n) { return GetParam().element == n.name(); }))
        << GetParam().element << " not in pcs's CIB:\n" << pretty(c.pcs);
    expect_same_sections(c.lowered, c.pcs, GetParam().golden + " (lowering)");
    expect_same_sections(c.desired, c.pcs, GetParam().golden + " (desired CIB)");
}
INSTANTIATE_TEST_SUITE_P(Goldens, V2Golden,
                         ::testing::Values(V2Case{"check/accepted-resource-sets", "resource_set"},
                                           V2Case{"plan/resource-sets", "resource_set"},
                                           V2Case{"check/accepted-location-rules", "rule"},
                                           V2Case{"plan/location-rules", "rule"},
                                           V2Case{"check/accepted-utilization", "utilization"}),
                         [](const auto& info) {
                             std::string name;
                             for (char ch : info.param.golden) name += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                             return name;
                         });

class Example : public ::testing::TestWithParam<std::string> {};

TEST_P(Example, LowersToWhatPcsBuildsFromTheSameIntent) {
    std::string errors;
    std::optional<model::Model> m = checked({(test::source_dir() / "examples" / GetParam()).string()}, errors);
    ASSERT_TRUE(m) << errors;
    expect_pcs_equivalent(*m, GetParam());
}

std::vector<std::string> examples() {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(test::source_dir() / "examples"))
        if (e.path().extension() == ".aa") names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

INSTANTIATE_TEST_SUITE_P(Examples, Example, ::testing::ValuesIn(examples()),
                         [](const auto& info) {
                             std::string n = info.param.substr(0, info.param.size() - 3);
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });

// Explicit ids (`id "..."`, from `aa import`) have no pcs spelling for most objects; that they win
// is tested in lower_test. Generated specs that use them are skipped here.
bool has_explicit_ids(const model::Model& m) {
    auto any = [](const auto& items) {
        return std::any_of(items.begin(), items.end(), [](const auto& i) { return i.id.has_value(); });
    };
    if (any(m.properties) || any(m.rsc_defaults) || any(m.op_defaults) || any(m.orders) || any(m.colocations))
        return true;
    return std::any_of(m.services.begin(), m.services.end(), [&](const model::Service& s) {
        return any(s.params) || any(s.meta) || any(s.ops) || any(s.locations) || (s.clone && any(s.clone->meta));
    });
}

// A generated spec small enough for pcs's pace: the first seed from `seed` whose spec needs at
// most `max_calls` pcs commands.
std::optional<model::Model> small_generated_spec(std::uint64_t seed, std::size_t max_calls, const test::TempDir& dir) {
    for (std::uint64_t s = seed; s < seed + 200; ++s) {
        const std::string text = test::gen_valid_spec_text()(rc::Random(s), 30).value();
        test::write_file(dir / "gen.aa", text);
        std::string errors;
        std::optional<model::Model> m = checked({(dir / "gen.aa").string()}, errors);
        EXPECT_TRUE(m) << "generated spec does not check:\n" << text << errors;
        if (!m) return m;
        const std::size_t calls = pcs_commands(*m).size();
        if (calls >= 4 && calls <= max_calls && !has_explicit_ids(*m)) return m;
    }
    return std::nullopt;
}

class Generated : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(Generated, LowersToWhatPcsBuildsFromTheSameIntent) {
    test::TempDir dir;
    std::optional<model::Model> m = small_generated_spec(GetParam(), 9, dir);
    ASSERT_TRUE(m) << "no small generated spec near seed " << GetParam();
    expect_pcs_equivalent(*m, "generated spec (seed near " + std::to_string(GetParam()) + "):\n" +
                                  test::read_file(dir / "gen.aa"));
}

INSTANTIATE_TEST_SUITE_P(Specs, Generated, ::testing::Values(1000u, 7000u));

}  // namespace
