// `aa import` as a specification: a small CIB in, the canonical spec text and the list of what
// could not be expressed out.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "compiler/check/check.hpp"
#include "compiler/format/format.hpp"
#include "compiler/import/import.hpp"
#include "compiler/lang/load.hpp"

namespace aa {
namespace {

struct Imported {
    std::string text;
    std::vector<Unsupported> unsupported;
    std::string refusal;
};

// `configuration` is the inside of <configuration>; the cluster has nodes n1 n2 n3 unless given.
Imported import(const std::string& configuration, bool comments = false) {
    std::string xml = "<cib epoch=\"1\" num_updates=\"0\" admin_epoch=\"0\"><configuration>" + configuration +
                      "</configuration><status/></cib>";
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(xml.c_str())) << xml;
    ImportOptions options;
    options.comment_unsupported = comments;
    ImportResult r = import_cib(doc.child("cib"), options);
    SourceSet sources;
    return {format_file(r.file, sources), r.unsupported, r.refusal};
}

const std::string kNodes =
    "<nodes><node id=\"1\" uname=\"n1\"/><node id=\"2\" uname=\"n2\"/><node id=\"3\" uname=\"n3\"/></nodes>";

std::string kinds(const std::vector<Unsupported>& list) {
    std::string out;
    for (const Unsupported& u : list) out += u.kind + " " + u.id + "\n";
    return out;
}

// The imported text is a spec `aa check` accepts, already in canonical layout.
::testing::AssertionResult checks_clean(const std::string& text) {
    SourceSet sources;
    Diagnostics diags;
    ast::Spec spec;
    spec.files.push_back(load_text("imported.aa", text, sources, diags));
    if (!diags.has_errors()) (void)check(spec, sources, diags);
    if (diags.has_errors()) return ::testing::AssertionFailure() << text << render(diags.sorted(), sources);
    if (std::string again = format_file(spec.files[0], sources); again != text)
        return ::testing::AssertionFailure() << "formatting the imported text changes it:\n" << text << "---\n" << again;
    return ::testing::AssertionSuccess();
}

// A spec's cluster needs nodes (E015): without any there is no spec to write, and the reason says so.
TEST(Import, CibWithoutNodesIsRefusedWithAReason) {
    Imported r = import("<crm_config/><nodes/><resources/><constraints/>");
    EXPECT_EQ(r.text, "");
    EXPECT_NE(r.refusal.find("no nodes"), std::string::npos) << r.refusal;
}

TEST(Import, WithoutAClusterNameTheFallbackNameIsUsed) {
    Imported r = import(kNodes + "<resources/><constraints/>");
    EXPECT_EQ(r.text, "cluster imported {\n  nodes n1 n2 n3\n}\n");
    EXPECT_TRUE(r.unsupported.empty()) << kinds(r.unsupported);
}

TEST(Import, ClusterNameNodesAndOwnPropertiesButNotPacemakersBookkeeping) {
    Imported r = import(
        "<crm_config><cluster_property_set id=\"cib-bootstrap-options\">"
        "<nvpair id=\"cib-bootstrap-options-have-watchdog\" name=\"have-watchdog\" value=\"false\"/>"
        "<nvpair id=\"cib-bootstrap-options-dc-version\" name=\"dc-version\" value=\"2.1.5\"/>"
        "<nvpair id=\"cib-bootstrap-options-cluster-infrastructure\" name=\"cluster-infrastructure\" value=\"corosync\"/>"
        "<nvpair id=\"cib-bootstrap-options-cluster-name\" name=\"cluster-name\" value=\"prod\"/>"
        "<nvpair id=\"cib-bootstrap-options-stonith-enabled\" name=\"stonith-enabled\" value=\"true\"/>"
        "</cluster_property_set></crm_config>" +
        kNodes + "<resources/><constraints/>");
    EXPECT_EQ(r.text,
              "cluster prod {\n"
              "  nodes n1 n2 n3\n"
              "  property stonith-enabled = true\n"
              "}\n");
    EXPECT_TRUE(r.unsupported.empty()) << kinds(r.unsupported);
    EXPECT_TRUE(checks_clean(r.text));
}

TEST(Import, DefaultsBecomeResourceAndOpStatements) {
    Imported r = import(kNodes +
                        "<resources/><constraints/>"
                        "<rsc_defaults><meta_attributes id=\"rsc_defaults-meta_attributes\">"
                        "<nvpair id=\"rsc_defaults-meta_attributes-resource-stickiness\" name=\"resource-stickiness\" value=\"1\"/>"
                        "</meta_attributes></rsc_defaults>"
                        "<op_defaults><meta_attributes id=\"op_defaults-meta_attributes\">"
                        "<nvpair id=\"op_defaults-meta_attributes-timeout\" name=\"timeout\" value=\"20s\"/>"
                        "</meta_attributes></op_defaults>");
    EXPECT_EQ(r.text,
              "cluster imported {\n"
              "  nodes n1 n2 n3\n"
              "}\n"
              "\n"
              "defaults {\n"
              "  resource resource-stickiness = 1\n"
              "  op timeout = 20s\n"
              "}\n");
    EXPECT_TRUE(checks_clean(r.text));
}

// The seed scenario as pcs creates it (language.md §4): pcs ids everywhere, so no `id`.
TEST(Import, PcsMadeCloneReadsBackAsTheSeedService) {
    Imported r = import(kNodes +
                        "<resources><clone id=\"app_service-clone\">"
                        "<primitive id=\"app_service\" class=\"systemd\" type=\"app\">"
                        "<operations><op name=\"monitor\" interval=\"30s\" id=\"app_service-monitor-interval-30s\"/></operations>"
                        "</primitive>"
                        "<meta_attributes id=\"app_service-clone-meta_attributes\">"
                        "<nvpair id=\"app_service-clone-meta_attributes-clone-max\" name=\"clone-max\" value=\"2\"/>"
                        "<nvpair id=\"app_service-clone-meta_attributes-clone-node-max\" name=\"clone-node-max\" value=\"1\"/>"
                        "</meta_attributes></clone></resources><constraints/>");
    EXPECT_EQ(r.text,
              "cluster imported {\n"
              "  nodes n1 n2 n3\n"
              "}\n"
              "\n"
              "service app_service {\n"
              "  unit app.service\n"
              "  monitor every 30s\n"
              "  parallel-safe\n"
              "  clone max 2 per-node 1\n"
              "}\n");
    EXPECT_TRUE(r.unsupported.empty()) << kinds(r.unsupported);
    EXPECT_TRUE(checks_clean(r.text));
}

TEST(Import, PrimitiveWithParamsOpsMetaAndForeignOpIds) {
    Imported r = import(kNodes +
                        "<resources><primitive id=\"probe\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">"
                        "<instance_attributes id=\"probe-instance_attributes\">"
                        "<nvpair id=\"probe-instance_attributes-state\" name=\"state\" value=\"/run/probe state\"/>"
                        "</instance_attributes>"
                        "<meta_attributes id=\"probe-meta_attributes\">"
                        "<nvpair id=\"probe-meta_attributes-target-role\" name=\"target-role\" value=\"Started\"/>"
                        "</meta_attributes>"
                        "<operations>"
                        "<op name=\"start\" interval=\"0s\" timeout=\"60s\" id=\"probe-start-interval-0s\"/>"
                        "<op name=\"monitor\" interval=\"10s\" timeout=\"20s\" on-fail=\"restart\" id=\"probe-mon\"/>"
                        "<op name=\"stop\" interval=\"0s\" timeout=\"2m\" id=\"probe-stop-0\"/>"
                        "</operations></primitive></resources><constraints/>");
    EXPECT_EQ(r.text,
              "cluster imported {\n"
              "  nodes n1 n2 n3\n"
              "}\n"
              "\n"
              "service probe {\n"
              "  agent ocf:pacemaker:Dummy\n"
              "  param state = \"/run/probe state\"\n"
              "  monitor every 10s timeout 20s on-fail restart id \"probe-mon\"\n"
              "  start timeout 60s\n"
              "  stop timeout 2m id \"probe-stop-0\"\n"
              "  meta target-role = Started\n"
              "}\n");
    EXPECT_TRUE(r.unsupported.empty()) << kinds(r.unsupported);
    EXPECT_TRUE(checks_clean(r.text));
}

// `stop timeout D` lowers with interval="0s": a stop op spelled interval="0" would be rewritten by
// an adopting plan, so its resource is left out whole, the op named as the reason.
TEST(Import, ResourceWithAPartLoweringWouldRewriteIsLeftOutWhole) {
    Imported r = import(kNodes +
                        "<resources><primitive id=\"probe\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">"
                        "<operations><op name=\"stop\" interval=\"0\" timeout=\"2m\" id=\"probe-stop-0\"/></operations>"
                        "</primitive></resources><constraints>"
                        "<rsc_location id=\"l\" rsc=\"probe\" node=\"n1\" score=\"10\"/></constraints>");
    EXPECT_EQ(r.text, "cluster imported {\n  nodes n1 n2 n3\n}\n");
    ASSERT_EQ(kinds(r.unsupported), "primitive probe\nrsc_location l\n");
    EXPECT_NE(r.unsupported[0].detail.find("op stop probe-stop-0"), std::string::npos) << r.unsupported[0].detail;
}

TEST(Import, OrdersAreImportedOnlyInTheSpellingAaWrites) {
    Imported r = import(kNodes +
                        "<resources><primitive id=\"a\" class=\"systemd\" type=\"a\"/>"
                        "<primitive id=\"b\" class=\"systemd\" type=\"b\"/></resources><constraints>"
                        "<rsc_order id=\"implicit-actions\" first=\"a\" then=\"b\"/>"
                        "<rsc_order id=\"explicit-mandatory\" first=\"a\" then=\"b\" kind=\"Mandatory\" "
                        "first-action=\"start\" then-action=\"start\"/>"
                        "</constraints>");
    EXPECT_EQ(kinds(r.unsupported), "rsc_order implicit-actions\nrsc_order explicit-mandatory\n");
    EXPECT_EQ(r.text.find("order"), std::string::npos) << r.text;
}

TEST(Import, ASecondConstraintBetweenTheSamePairIsListed) {
    Imported r = import(kNodes +
                        "<resources><primitive id=\"a\" class=\"systemd\" type=\"a\"/>"
                        "<primitive id=\"b\" class=\"systemd\" type=\"b\"/></resources><constraints>"
                        "<rsc_colocation id=\"c1\" rsc=\"a\" with-rsc=\"b\" score=\"10\"/>"
                        "<rsc_colocation id=\"c2\" rsc=\"a\" with-rsc=\"b\" score=\"20\"/>"
                        "<rsc_location id=\"gone\" rsc=\"a\" node=\"n9\" score=\"10\"/>"
                        "</constraints>");
    EXPECT_EQ(kinds(r.unsupported), "rsc_colocation c2\nrsc_location gone\n");
    EXPECT_TRUE(checks_clean(r.text));
}

// clone-max="0" (a way to stop every instance) has no spelling: max takes 1 or more (E033).
TEST(Import, CloneWithACountBelowOneIsLeftOut) {
    Imported r = import(kNodes +
                        "<resources><clone id=\"d-clone\"><primitive id=\"d\" class=\"ocf\" provider=\"pacemaker\" type=\"controld\"/>"
                        "<meta_attributes id=\"d-clone-meta_attributes\">"
                        "<nvpair id=\"d-clone-meta_attributes-clone-max\" name=\"clone-max\" value=\"0\"/>"
                        "</meta_attributes></clone></resources><constraints/>");
    EXPECT_EQ(r.text, "cluster imported {\n  nodes n1 n2 n3\n}\n");
    ASSERT_EQ(kinds(r.unsupported), "clone d-clone\n");
    EXPECT_NE(r.unsupported[0].detail.find("clone-max"), std::string::npos) << r.unsupported[0].detail;
}

TEST(Import, SystemdUnitsKeepTheirTypeExactly) {
    Imported r = import(kNodes +
                        "<resources>"
                        "<primitive id=\"a\" class=\"systemd\" type=\"a.socket\"/>"
                        "<primitive id=\"b\" class=\"systemd\" type=\"b.service\"/>"
                        "<primitive id=\"c\" class=\"systemd\" type=\"c@blue\"/>"
                        "<primitive id=\"d\" class=\"lsb\" type=\"d\"/>"
                        "</resources><constraints/>");
    EXPECT_EQ(r.text,
              "cluster imported {\n  nodes n1 n2 n3\n}\n\n"
              "service a {\n  unit a.socket\n}\n\n"
              "service b {\n  agent systemd:b.service\n}\n\n"
              "service c {\n  unit c@blue.service\n}\n\n"
              "service d {\n  agent lsb:d\n}\n");
    EXPECT_TRUE(checks_clean(r.text));
}

TEST(Import, CloneFlagsAndOtherMetaUseTheBlockForm) {
    Imported r = import(kNodes +
                        "<resources><clone id=\"w-clone\"><primitive id=\"w\" class=\"ocf\" provider=\"heartbeat\" type=\"apache\"/>"
                        "<meta_attributes id=\"w-clone-meta_attributes\">"
                        "<nvpair id=\"w-clone-meta_attributes-interleave\" name=\"interleave\" value=\"true\"/>"
                        "<nvpair id=\"w-clone-meta_attributes-notify\" name=\"notify\" value=\"false\"/>"
                        "<nvpair id=\"w-clone-meta_attributes-clone-max\" name=\"clone-max\" value=\"3\"/>"
                        "</meta_attributes></clone></resources><constraints/>");
    EXPECT_EQ(r.text,
              "cluster imported {\n  nodes n1 n2 n3\n}\n\n"
              "service w {\n"
              "  agent ocf:heartbeat:apache\n"
              "  parallel-safe\n"
              "  clone {\n"
              "    max 3\n"
              "    interleave\n"
              "    meta notify = false\n"
              "  }\n"
              "}\n");
    EXPECT_TRUE(checks_clean(r.text));
}

TEST(Import, ConstraintsWithPcsIdsAndWithForeignIds) {
    Imported r = import(kNodes +
                        "<resources>"
                        "<clone id=\"db-clone\"><primitive id=\"db\" class=\"systemd\" type=\"db\"/></clone>"
                        "<clone id=\"app-clone\"><primitive id=\"app\" class=\"systemd\" type=\"app\"/></clone>"
                        "<primitive id=\"web\" class=\"systemd\" type=\"web\"/>"
                        "</resources><constraints>"
                        "<rsc_location id=\"location-app-clone-n1--INFINITY\" rsc=\"app-clone\" node=\"n1\" score=\"-INFINITY\"/>"
                        "<rsc_location id=\"prefer-n2\" rsc=\"app-clone\" node=\"n2\" score=\"50\"/>"
                        "<rsc_location id=\"location-db-clone-n3-INFINITY\" rsc=\"db-clone\" node=\"n3\" score=\"INFINITY\"/>"
                        "<rsc_order id=\"order-db-clone-app-clone-mandatory\" first=\"db-clone\" then=\"app-clone\" "
                        "first-action=\"start\" then-action=\"start\"/>"
                        "<rsc_order id=\"o2\" first=\"app-clone\" then=\"web\" kind=\"Optional\" first-action=\"start\" then-action=\"start\"/>"
                        "<rsc_colocation id=\"colocation-app-clone-db-clone-INFINITY\" rsc=\"app-clone\" with-rsc=\"db-clone\" score=\"INFINITY\"/>"
                        "<rsc_colocation id=\"colocation-db-clone-app-clone-100\" rsc=\"db-clone\" with-rsc=\"app-clone\" score=\"100\"/>"
                        "</constraints>");
    EXPECT_EQ(r.text,
              "cluster imported {\n  nodes n1 n2 n3\n}\n\n"
              "service db {\n  unit db.service\n  parallel-safe\n  clone {\n  }\n  prefer n3\n}\n\n"
              "service app {\n  unit app.service\n  parallel-safe\n  clone {\n  }\n"
              "  prefer n2 score 50 id \"prefer-n2\"\n  avoid n1\n}\n\n"
              "service web {\n  unit web.service\n}\n\n"
              "order db then app\n\n"
              "order app then web optional id \"o2\"\n\n"
              "colocate app with db\n\n"
              "colocate db with app score 100\n");
    EXPECT_TRUE(r.unsupported.empty()) << kinds(r.unsupported);
    EXPECT_TRUE(checks_clean(r.text));
}

TEST(Import, WhatTheLanguageCannotSayIsListedNotDropped) {
    Imported r = import(kNodes +
                        "<resources>"
                        "<group id=\"g\"><primitive id=\"g1\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/></group>"
                        "<clone id=\"p-clone\"><primitive id=\"p\" class=\"ocf\" provider=\"pacemaker\" type=\"Stateful\"/>"
                        "<meta_attributes id=\"p-clone-meta_attributes\">"
                        "<nvpair id=\"p-clone-meta_attributes-promotable\" name=\"promotable\" value=\"true\"/>"
                        "</meta_attributes></clone>"
                        "<bundle id=\"bun\"/>"
                        "<template id=\"tpl\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\"/>"
                        "<primitive id=\"x\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">"
                        "<utilization id=\"x-utilization\"><nvpair id=\"x-u-cpu\" name=\"cpu\" value=\"1\"/></utilization>"
                        "<operations><op name=\"migrate_to\" interval=\"0s\" timeout=\"20s\" id=\"x-migrate_to-interval-0s\"/>"
                        "<op name=\"monitor\" interval=\"10\" id=\"x-monitor-interval-10\"/></operations>"
                        "</primitive></resources><constraints>"
                        "<rsc_location id=\"l-rule\" rsc=\"x\"><rule id=\"r\" score=\"10\"><expression id=\"e\" attribute=\"#uname\" operation=\"eq\" value=\"n1\"/></rule></rsc_location>"
                        "<rsc_order id=\"o-set\"><resource_set id=\"s\"><resource_ref id=\"x\"/></resource_set></rsc_order>"
                        "<rsc_colocation id=\"c-role\" rsc=\"x\" with-rsc=\"x\" score=\"10\" rsc-role=\"Promoted\"/>"
                        "<rsc_order id=\"o-group\" first=\"g\" then=\"x\"/>"
                        "<rsc_ticket id=\"t\" rsc=\"x\" ticket=\"T\"/>"
                        "</constraints>"
                        "<fencing-topology><fencing-level id=\"fl\" target=\"n1\" index=\"1\" devices=\"f\"/></fencing-topology>"
                        "<alerts><alert id=\"al\" path=\"/bin/true\"/></alerts>");
    EXPECT_EQ(kinds(r.unsupported),
              "bundle bun\n"
              "template tpl\n"
              "primitive x\n"
              "fencing-level fl\n"  // its device f is not a fence device of the spec
              "rsc_location l-rule\n"  // on x, which is left out
              "rsc_order o-set\n"  // a set of one whose id is not pcs's
              "rsc_colocation c-role\n"
              "rsc_order o-group\n"
              "rsc_ticket t\n"
              "alerts \n");
    // x is left out whole: keeping it without its ops and utilization would delete them on adoption.
    // The group and the promotable clone have spellings since language v2 (docs/language-v2.md).
    EXPECT_EQ(r.text,
              "cluster imported {\n  nodes n1 n2 n3\n}\n\n"
              "service g1 {\n  agent ocf:pacemaker:Dummy\n}\n\n"
              "group g {\n  members g1\n}\n\n"
              "service p {\n  agent ocf:pacemaker:Stateful\n  promotable {\n  }\n}\n");
    const std::string& why = r.unsupported[2].detail;
    for (const char* part : {"op migrate_to x-migrate_to-interval-0s", "op x-monitor-interval-10", "utilization x-utilization"})
        EXPECT_NE(why.find(part), std::string::npos) << part << " missing from: " << why;
}

TEST(Import, UnsupportedObjectsAreListedAsCommentsAtTheEnd) {
    Imported r = import(kNodes + "<resources><group id=\"g\"/></resources><constraints/>", true);
    EXPECT_EQ(r.text,
              "cluster imported {\n  nodes n1 n2 n3\n}\n\n"
              "# Not imported, left unmanaged (the language cannot say them yet):\n"
              "#   group g: no primitive the language can write\n");
}

TEST(Import, ValuesThatAreNotOneWordAreQuotedWithEscapes) {
    Imported r = import(kNodes +
                        "<resources><primitive id=\"s\" class=\"ocf\" provider=\"heartbeat\" type=\"apache\">"
                        "<instance_attributes id=\"s-instance_attributes\">"
                        "<nvpair id=\"s-instance_attributes-options\" name=\"options\" value=\"-a &quot;b&quot; c\\d\"/>"
                        "<nvpair id=\"s-instance_attributes-empty\" name=\"empty\" value=\"\"/>"
                        "<nvpair id=\"s-instance_attributes-eq\" name=\"eq\" value=\"a=b\"/>"
                        "</instance_attributes></primitive></resources><constraints/>");
    EXPECT_EQ(r.text,
              "cluster imported {\n  nodes n1 n2 n3\n}\n\n"
              "service s {\n"
              "  agent ocf:heartbeat:apache\n"
              "  param options = \"-a \\\"b\\\" c\\\\d\"\n"
              "  param empty = \"\"\n"
              "  param eq = \"a=b\"\n"
              "}\n");
    EXPECT_TRUE(checks_clean(r.text));
}

// Set ids have no spelling and lowering gives the pcs ones: the resource is left out, not renamed.
TEST(Import, ForeignAttributeSetIdsLeaveTheResourceOut) {
    Imported r = import(kNodes +
                        "<resources><primitive id=\"s\" class=\"ocf\" provider=\"pacemaker\" type=\"Dummy\">"
                        "<meta_attributes id=\"s-meta\"><nvpair id=\"s-meta-priority\" name=\"priority\" value=\"5\"/>"
                        "</meta_attributes></primitive></resources><constraints/>");
    EXPECT_EQ(r.text, "cluster imported {\n  nodes n1 n2 n3\n}\n");
    ASSERT_EQ(kinds(r.unsupported), "primitive s\n");
    EXPECT_NE(r.unsupported[0].detail.find("meta_attributes s-meta"), std::string::npos) << r.unsupported[0].detail;
}


// Fence devices and the fencing topology, as pcs writes them, read back in the fence block's words;
// a level naming a device the spec cannot hold stays in the CIB, with the reason.
TEST(Import, FenceDevicesAndLevelsReadBackAsFenceAndFencing) {
    Imported r = import(kNodes +
        "<resources>"
        "<primitive id=\"ipmi\" class=\"stonith\" type=\"fence_ipmilan\">"
        "<instance_attributes id=\"ipmi-instance_attributes\">"
        "<nvpair id=\"ipmi-instance_attributes-ip\" name=\"ip\" value=\"10.0.0.1\"/>"
        "<nvpair id=\"ipmi-instance_attributes-pcmk_delay_max\" name=\"pcmk_delay_max\" value=\"5s\"/>"
        "<nvpair id=\"ipmi-instance_attributes-pcmk_host_list\" name=\"pcmk_host_list\" value=\"n1 n2\"/>"
        "</instance_attributes>"
        "<operations><op name=\"monitor\" interval=\"60s\" id=\"ipmi-monitor-interval-60s\"/></operations>"
        "</primitive>"
        "<primitive id=\"pdu\" class=\"stonith\" type=\"fence_apc\">"
        "<instance_attributes id=\"pdu-instance_attributes\">"
        "<nvpair id=\"pdu-instance_attributes-pcmk_host_map\" name=\"pcmk_host_map\" value=\"n3:3;n1:1\"/>"
        "</instance_attributes>"
        "<operations><op name=\"monitor\" interval=\"60s\" id=\"pdu-monitor-interval-60s\"/></operations>"
        "</primitive>"
        "<primitive id=\"odd\" class=\"stonith\" type=\"fence_xvm\">"
        "<instance_attributes id=\"odd-instance_attributes\">"
        "<nvpair id=\"odd-instance_attributes-pcmk_delay_max\" name=\"pcmk_delay_max\" value=\"0s\"/>"
        "<nvpair id=\"odd-instance_attributes-pcmk_host_list\" name=\"pcmk_host_list\" value=\"n1,n2\"/>"
        "</instance_attributes>"
        "<operations><op name=\"monitor\" interval=\"60s\" id=\"odd-monitor-interval-60s\"/></operations>"
        "</primitive>"
        "</resources><constraints/>"
        "<fencing-topology>"
        "<fencing-level index=\"1\" devices=\"ipmi\" target=\"n1\" id=\"fl-n1-1\"/>"
        "<fencing-level index=\"2\" devices=\"ipmi,pdu\" target=\"n1\" id=\"my-level\"/>"
        "<fencing-level index=\"1\" devices=\"pdu\" target-pattern=\"n[23]\" id=\"fl-n23-1\"/>"
        "<fencing-level index=\"1\" devices=\"pdu\" target-attribute=\"rack\" target-value=\"r1\" id=\"fl-rack-1\"/>"
        "<fencing-level index=\"2\" devices=\"pdu\" target-attribute=\"rack\" target-value=\"r2\" id=\"fl-rack-2\"/>"
        "<fencing-level index=\"2\" devices=\"gone\" target=\"n2\" id=\"fl-n2-2\"/>"
        "</fencing-topology>");
    EXPECT_EQ(r.text,
              "cluster imported {\n  nodes n1 n2 n3\n}\n\n"
              "fence ipmi {\n  agent stonith:fence_ipmilan\n  param ip = 10.0.0.1\n  hosts n1 n2\n  delay-max 5s\n"
              "  monitor every 60s\n}\n\n"
              "fence pdu {\n  agent stonith:fence_apc\n  host-map n3 = 3\n  host-map n1 = 1\n  monitor every 60s\n}\n\n"
              "fence odd {\n  agent stonith:fence_xvm\n  param pcmk_delay_max = 0s\n  param pcmk_host_list = n1,n2\n"
              "  monitor every 60s\n}\n\n"
              "fencing {\n  level 1 n1 ipmi\n  level 2 n1 ipmi pdu id \"my-level\"\n  level 1 pattern \"n[23]\" pdu\n"
              "  level 1 attribute rack = r1 pdu\n  level 2 attribute rack = r2 pdu\n}\n");
    EXPECT_EQ(kinds(r.unsupported), "fencing-level fl-n2-2\n");
    EXPECT_TRUE(checks_clean(r.text));
}

}  // namespace
}  // namespace aa
