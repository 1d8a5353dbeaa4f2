// Spec (language.md §7 `import`, issue 7 point 2): a spec that `aa import` wrote for a cluster,
// planned with `--adopt` against that same cluster and applied with cibadmin, changes nothing in
// the configuration except the aa-managed tag that records the adoption; and a second plan
// against the result says `No changes.`. Clusters built with pcs, and hand-written CIBs whose ids
// differ from the pcs conventions (those must survive through `id "..."`).
#include <gtest/gtest.h>

#include <filesystem>

#include "compiler/cib/cib.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using aa::test::run_aa;
using aa::test::run_command;
using aa::test::TempDir;

namespace {

// <configuration> canonically, without the aa-managed tag (and a <tags> left empty by it).
std::string configuration_without_tag(const std::string& cib_text) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(cib_text.c_str()));
    pugi::xml_node config = doc.document_element().child("configuration");
    pugi::xml_node tags = config.child("tags");
    tags.remove_child(tags.find_child_by_attribute("tag", "id", "aa-managed"));
    if (tags && !tags.first_child()) config.remove_child(tags);
    return aa::cib::canonical(config);
}

struct RoundTrip {
    std::string spec, unsupported;   // aa import's stdout and stderr
    std::string first_plan, second_plan;
    std::string before, after;       // configurations without the tag
    std::string adopted_cib;
};

// import -> plan --adopt --patch -> cibadmin --patch -> plan again, all on a copy of `base`.
RoundTrip round_trip(const std::string& base_text) {
    TempDir dir;
    RoundTrip rt;
    aa::test::write_file(dir / "cib.xml", base_text);
    auto imported = run_aa({"import", "--cib", "cib.xml", "--out", "spec.aa"}, {}, {}, dir.path().string());
    EXPECT_EQ(imported.exit_code, 0) << imported.err;
    rt.spec = aa::test::read_file(dir / "spec.aa");
    rt.unsupported = imported.err;

    auto plan = run_aa({"plan", "spec.aa", "--cib", "cib.xml", "--adopt", "--patch", "patch.xml"}, {}, {},
                       dir.path().string());
    EXPECT_EQ(plan.exit_code, 2) << "the adoption is a change (the tag)\n" << plan.out << plan.err << "\nspec:\n" << rt.spec;
    rt.first_plan = plan.out;
    auto patched = run_command({"cibadmin", "--patch", "--xml-file", (dir / "patch.xml").string()}, "",
                               {"CIB_file=" + (dir / "cib.xml").string()});
    EXPECT_EQ(patched.exit_code, 0) << patched.err;
    rt.adopted_cib = aa::test::read_file(dir / "cib.xml");
    rt.before = configuration_without_tag(base_text);
    rt.after = configuration_without_tag(rt.adopted_cib);

    auto again = run_aa({"plan", "spec.aa", "--cib", "cib.xml"}, {}, {}, dir.path().string());
    EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
    rt.second_plan = again.out;
    return rt;
}

std::string golden_base(const std::string& name) {
    return aa::test::read_file(aa::test::source_dir() / "golden" / "import" / name / "base.xml");
}

void expect_round_trip(const RoundTrip& rt) {
    EXPECT_EQ(rt.after, rt.before) << "adoption changed the configuration beyond the aa-managed tag\nspec:\n" << rt.spec;
    EXPECT_NE(rt.adopted_cib.find("<tag id=\"aa-managed\""), std::string::npos) << "the adoption is not recorded";
    EXPECT_NE(rt.second_plan.find("No changes."), std::string::npos) << rt.second_plan;
}

TEST(ImportRoundTrip, PcsBuiltClusterIsAdoptedWithoutChanges) {
    RoundTrip rt = round_trip(golden_base("pcs-built"));
    expect_round_trip(rt);
    EXPECT_EQ(rt.unsupported, "") << "a pcs-built cluster of primitives, a clone and simple constraints imports fully";
}

TEST(ImportRoundTrip, SeedClusterIsAdoptedWithoutChanges) {
    expect_round_trip(round_trip(golden_base("seed-cluster")));
}

TEST(ImportRoundTrip, IdsThatDifferFromPcsConventionsSurvive) {
    RoundTrip rt = round_trip(golden_base("non-pcs-ids"));
    expect_round_trip(rt);
    for (const char* id : {"db-mon", "db-start-0", "loc_db_alpha", "ban-db-beta", "db_before_api", "api_with_db"})
        EXPECT_NE(rt.spec.find(std::string("id \"") + id + "\""), std::string::npos) << id << " missing from\n" << rt.spec;
}

TEST(ImportRoundTrip, UnsupportedObjectsAreListedAndLeftUntouched) {
    RoundTrip rt = round_trip(golden_base("unsupported-objects"));
    expect_round_trip(rt);
    EXPECT_EQ(rt.unsupported.find("not imported: group grp1"), std::string::npos) << "groups import now\n" << rt.unsupported;
    EXPECT_NE(rt.spec.find("group grp1 {"), std::string::npos) << rt.spec;
    EXPECT_NE(rt.spec.find("promotable"), std::string::npos) << rt.spec;
    EXPECT_NE(rt.unsupported.find("location-web"), std::string::npos) << rt.unsupported;
}

// Language v2 (issue 13): a group, a cloned group, a promotable clone with role monitors, and
// constraints with roles and promote actions, built by pcs, import whole and adopt unchanged.
TEST(ImportRoundTrip, ResourceTreeBuiltWithPcsRoundTrips) {
    TempDir dir;
    std::string cib = (dir / "cib.xml").string();
    aa::test::write_file(cib, R"(<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0" have-quorum="1">
  <configuration><crm_config/><nodes><node id="1" uname="n1"/><node id="2" uname="n2"/><node id="3" uname="n3"/></nodes><resources/><constraints/></configuration><status/></cib>
)");
    std::vector<std::vector<std::string>> steps = {
        {"property", "set", "stonith-enabled=false"},
        {"resource", "create", "ip", "ocf:pacemaker:Dummy", "op", "monitor", "interval=10s", "--group", "web", "--no-default-ops"},
        {"resource", "create", "app", "ocf:pacemaker:Dummy", "op", "monitor", "interval=20s", "--group", "web", "--no-default-ops"},
        {"resource", "meta", "web", "target-role=Started"},
        {"resource", "create", "agent1", "ocf:pacemaker:Dummy", "--group", "agents", "--no-default-ops"},
        {"resource", "create", "agent2", "ocf:pacemaker:Dummy", "--group", "agents", "--no-default-ops"},
        {"resource", "clone", "agents", "interleave=true"},
        {"resource", "create", "db", "ocf:pacemaker:Stateful", "op", "monitor", "interval=10s", "role=Promoted",
         "op", "monitor", "interval=11s", "role=Unpromoted", "--no-default-ops"},
        {"resource", "promotable", "db", "promoted-max=1", "clone-max=2"},
        {"constraint", "order", "promote", "db-clone", "then", "start", "web"},
        {"constraint", "colocation", "add", "web", "with", "Promoted", "db-clone", "INFINITY"},
        {"constraint", "order", "agents-clone", "then", "web"},
        {"constraint", "location", "web", "prefers", "n1=50"},
    };
    for (auto step : steps) {
        step.insert(step.begin(), {"pcs", "-f", cib});
        auto r = run_command(step);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    RoundTrip rt = round_trip(aa::test::read_file(cib));
    expect_round_trip(rt);
    EXPECT_EQ(rt.unsupported, "");
    for (const char* text : {"group web {", "members ip app", "group agents {", "promotable", "role Promoted",
                             "order db promote then web", "colocate web with db promoted"})
        EXPECT_NE(rt.spec.find(text), std::string::npos) << text << " missing from\n" << rt.spec;
}

// A cluster built here with pcs -f, as an operator would have built it by hand.
TEST(ImportRoundTrip, ClusterBuiltWithPcsCommandsRoundTrips) {
    TempDir dir;
    std::string cib = (dir / "cib.xml").string();
    aa::test::write_file(cib, R"(<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="1" num_updates="0" admin_epoch="0" have-quorum="1">
  <configuration><crm_config/><nodes><node id="1" uname="n1"/><node id="2" uname="n2"/></nodes><resources/><constraints/></configuration><status/></cib>
)");
    std::vector<std::vector<std::string>> steps = {
        {"property", "set", "stonith-enabled=false"},
        {"resource", "create", "ip", "ocf:heartbeat:IPaddr2", "ip=10.1.1.1", "op", "monitor", "interval=15s"},
        {"resource", "create", "cache", "systemd:memcached", "clone", "--force"},
        {"constraint", "order", "cache-clone", "then", "ip"},
        {"constraint", "location", "ip", "avoids", "n2"},
        {"resource", "op", "defaults", "update", "timeout=45s"},
    };
    for (auto step : steps) {
        step.insert(step.begin(), {"pcs", "-f", cib});
        auto r = run_command(step);
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    RoundTrip rt = round_trip(aa::test::read_file(cib));
    expect_round_trip(rt);
    EXPECT_EQ(rt.unsupported, "");
}

TEST(ImportCommand, BrokenCibIsRefusedWithAClearMessage) {
    TempDir dir;
    aa::test::write_file(dir / "bad.xml", "<cib><configuration><resources>");
    auto r = run_aa({"import", "--cib", "bad.xml"}, {}, {}, dir.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("error: cannot import: bad.xml"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");

    auto missing = run_aa({"import", "--cib", "nowhere.xml"}, {}, {}, dir.path().string());
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_NE(missing.err.find("nowhere.xml"), std::string::npos) << missing.err;
}

TEST(ImportCommand, CibWithoutNodesIsRefused) {
    TempDir dir;
    aa::test::write_file(dir / "cib.xml", R"(<cib epoch="1" num_updates="0" admin_epoch="0"><configuration>
<crm_config/><nodes/><resources/><constraints/></configuration><status/></cib>)");
    auto r = run_aa({"import", "--cib", "cib.xml"}, {}, {}, dir.path().string());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("lists no nodes"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
}

TEST(ImportCommand, OutDirectoryGetsTheClusterNamedFile) {
    TempDir dir;
    aa::test::write_file(dir / "cib.xml", golden_base("non-pcs-ids"));
    fs::create_directory(dir / "spec");
    auto r = run_aa({"import", "--cib", "cib.xml", "--out", "spec"}, {}, {}, dir.path().string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(aa::test::read_file(dir / "spec" / "legacy.aa").find("cluster legacy {"), std::string::npos);
}

TEST(ImportCommand, OnlyImportsTheNamedResourcesAndTheirConstraints) {
    TempDir dir;
    aa::test::write_file(dir / "cib.xml", golden_base("non-pcs-ids"));
    auto r = run_aa({"import", "--cib", "cib.xml", "--only", "db"}, {}, {}, dir.path().string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("service db"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("service api"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("db_before_api"), std::string::npos) << "a constraint with a side outside --only\n" << r.out;
    EXPECT_EQ(r.err, "") << "what --only leaves out is not reported as unsupported";
}

}  // namespace
