// Our patchsets through the real Pacemaker 2.1.5 `cibadmin --patch` (CIB_file): for each
// hand-made base/target pair, the patched file's <configuration> must equal the target's, element
// order included, and its version must be the patch's target. Where Pacemaker's own diff takes the
// same decisions (no reordering), crm_diff must write exactly the same changes as we do.
#include <gtest/gtest.h>

#include "support/xml_compare.hpp"

#include <sstream>

#include "compiler/cib/cib.hpp"
#include "compiler/patch/patch.hpp"
#include "support/test_support.hpp"

namespace {

using aa::test::TempDir;

// crm_feature_set 3.16.1: above 3.0.8 so crm_diff writes format 2, not above what cibadmin accepts.
std::string cib_text(const std::string& resources, const std::string& constraints = "",
                     const std::string& extra_config = "", const std::string& crm_config = "") {
    return "<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" epoch=\"12\" num_updates=\"4\" "
           "admin_epoch=\"0\" have-quorum=\"1\"><configuration><crm_config>" + crm_config +
           "</crm_config><nodes><node id=\"1\" uname=\"n1\"/><node id=\"2\" uname=\"n2\"/></nodes><resources>" +
           resources + "</resources><constraints>" + constraints + "</constraints>" + extra_config +
           "</configuration><status/></cib>";
}

std::string svc(const std::string& id, const std::string& extra_attrs = "", const std::string& body = "") {
    return "<primitive id=\"" + id + "\" class=\"systemd\" type=\"" + id + "\"" + extra_attrs + ">" + body + "</primitive>";
}
std::string op(const std::string& rsc, const std::string& name, const std::string& interval) {
    return "<op id=\"" + rsc + "-" + name + "-interval-" + interval + "\" name=\"" + name + "\" interval=\"" +
           interval + "\"/>";
}
std::string meta(const std::string& owner, const std::vector<std::pair<std::string, std::string>>& pairs) {
    std::string out = "<meta_attributes id=\"" + owner + "-meta_attributes\">";
    for (auto& [k, v] : pairs)
        out += "<nvpair id=\"" + owner + "-meta_attributes-" + k + "\" name=\"" + k + "\" value=\"" + v + "\"/>";
    return out + "</meta_attributes>";
}
std::string clone(const std::string& id, const std::string& inner_meta = "") {
    return "<clone id=\"" + id + "-clone\">" + svc(id, "", "<operations>" + op(id, "monitor", "60s") + "</operations>") +
           inner_meta + "</clone>";
}
std::string tags(const std::vector<std::string>& refs) {
    std::string out = "<tags><tag id=\"aa-managed\">";
    for (auto& r : refs) out += "<obj_ref id=\"" + r + "\"/>";
    return out + "</tag></tags>";
}

using aa::test::strict_canonical;
using aa::test::to_text;

std::string changes_text(const pugi::xml_node& diff) {
    std::string out;
    for (auto c : diff.children("change")) {
        std::ostringstream os;
        c.print(os, "", pugi::format_raw);
        out += os.str() + "\n";
    }
    return out;
}

struct Outcome {
    std::string configuration, patch, crm_diff_changes;
    std::string crm_diff_applied_in_process;  // our applier on Pacemaker's own patch
    long long epoch = -1, num_updates = -1;
};

// Writes base, makes our patch, applies it with cibadmin to a copy and reads the result back.
Outcome through_cibadmin(const std::string& base_text, const std::string& target_text) {
    TempDir dir;
    pugi::xml_document base, target, patch;
    EXPECT_TRUE(base.load_string(base_text.c_str()));
    EXPECT_TRUE(target.load_string(target_text.c_str()));
    aa::patch::make_patchset(base.document_element(), target.document_element(), patch);
    Outcome o;
    o.patch = to_text(patch);
    aa::test::write_file(dir / "cib.xml", base_text);
    aa::test::write_file(dir / "target.xml", target_text);
    aa::test::write_file(dir / "patch.xml", o.patch);
    auto r = aa::test::run_command({"cibadmin", "--patch", "--xml-file", (dir / "patch.xml").string()}, "",
                                   {"CIB_file=" + (dir / "cib.xml").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err << "\npatch:\n" << o.patch;
    pugi::xml_document result;
    EXPECT_TRUE(result.load_file((dir / "cib.xml").c_str()));
    o.configuration = strict_canonical(result.document_element().child("configuration"));
    o.epoch = result.document_element().attribute("epoch").as_llong(-1);
    o.num_updates = result.document_element().attribute("num_updates").as_llong(-1);

    // crm_diff as a second opinion on the same pair (it exits 1 when the files differ).
    aa::test::write_file(dir / "base.xml", base_text);
    auto diff = aa::test::run_command({"crm_diff", "-o", (dir / "base.xml").string(), "-n", (dir / "target.xml").string()});
    pugi::xml_document theirs;
    // (crm_diff writes format 1 unless the base's crm_feature_set is above 3.0.8.)
    if (theirs.load_string(diff.out.c_str()) && std::string(theirs.child("diff").attribute("format").value()) == "2") {
        o.crm_diff_changes = changes_text(theirs.child("diff"));
        // crm_diff copies the (unchanged) version into the target; claim epoch + 1 as ours do.
        theirs.child("diff").child("version").child("target").attribute("epoch") =
            base.document_element().attribute("epoch").as_llong() + 1;
        std::string error;
        EXPECT_TRUE(aa::patch::apply_patchset(base.document_element(), theirs, error)) << error;
        o.crm_diff_applied_in_process = strict_canonical(base.document_element().child("configuration"));
    }
    return o;
}

std::string expected_configuration(const std::string& target_text) {
    pugi::xml_document t;
    t.load_string(target_text.c_str());
    return strict_canonical(t.document_element().child("configuration"));
}

std::string our_changes(const std::string& base_text, const std::string& target_text) {
    pugi::xml_document base, target, patch;
    base.load_string(base_text.c_str());
    target.load_string(target_text.c_str());
    aa::patch::make_patchset(base.document_element(), target.document_element(), patch);
    return changes_text(patch.child("diff"));
}

// The whole contract for one pair: cibadmin turns base into target, at the patch's target version.
void expect_round_trip(const std::string& base, const std::string& target, bool same_as_crm_diff) {
    Outcome o = through_cibadmin(base, target);
    EXPECT_EQ(o.configuration, expected_configuration(target)) << "patch:\n" << o.patch;
    EXPECT_EQ(o.epoch, 13) << "the plan bumps epoch by exactly one";
    EXPECT_EQ(o.num_updates, 0);
    EXPECT_EQ(o.crm_diff_applied_in_process, expected_configuration(target)) << "our applier on crm_diff's patch";
    if (same_as_crm_diff) {
        EXPECT_FALSE(o.crm_diff_changes.empty());
        EXPECT_EQ(our_changes(base, target), o.crm_diff_changes);
    }
}

const std::string kBase = cib_text(clone("web") + clone("api") + svc("db"),
                                   "<rsc_order id=\"o-db-web\" first=\"db\" then=\"web-clone\"/>",
                                   tags({"web-clone", "api-clone", "db", "o-db-web"}));

TEST(PatchThroughCibadmin, CreatesAResource) {
    expect_round_trip(kBase, cib_text(clone("web") + clone("api") + svc("db") + clone("cache"),
                                      "<rsc_order id=\"o-db-web\" first=\"db\" then=\"web-clone\"/>",
                                      tags({"web-clone", "api-clone", "db", "o-db-web", "cache-clone"})),
                      true);
}

TEST(PatchThroughCibadmin, DeletesAResourceAndItsConstraint) {
    expect_round_trip(kBase, cib_text(clone("web") + clone("api"), "", tags({"web-clone", "api-clone"})), true);
}

TEST(PatchThroughCibadmin, ModifiesAddsAndRemovesAttributes) {
    expect_round_trip(kBase, cib_text(clone("web") + clone("api") + svc("db", " description=\"the database\""),
                                      "<rsc_order id=\"o-db-web\" first=\"db\" then=\"web-clone\" kind=\"Optional\"/>",
                                      tags({"web-clone", "api-clone", "db", "o-db-web"})),
                      true);
    std::string base = cib_text(svc("db", " description=\"old\""));
    expect_round_trip(base, cib_text(svc("db")), true);
}

TEST(PatchThroughCibadmin, CreatesInsideExistingElements) {
    std::string target = kBase;
    std::string mon = op("api", "monitor", "60s");
    target.replace(target.find(mon), mon.size(), op("api", "start", "0s") + mon + op("api", "stop", "0s"));
    std::string db = svc("db");
    target.replace(target.find(db), db.size(),
                   svc("db", "", "<operations>" + op("db", "monitor", "30s") + "</operations>"));
    expect_round_trip(kBase, target, true);
}

TEST(PatchThroughCibadmin, ReordersResourcesAndGroupMembers) {
    expect_round_trip(kBase, cib_text(svc("db") + clone("api") + clone("web"),
                                      "<rsc_order id=\"o-db-web\" first=\"db\" then=\"web-clone\"/>",
                                      tags({"o-db-web", "web-clone", "api-clone", "db"})),
                      false);
    std::string group_base = cib_text("<group id=\"g\">" + svc("a") + svc("b") + svc("c") + svc("d") + "</group>");
    std::string group_target = cib_text("<group id=\"g\">" + svc("d") + svc("b") + svc("e") + svc("a") + "</group>");
    expect_round_trip(group_base, group_target, false);
}

TEST(PatchThroughCibadmin, MovesAPrimitiveIntoAGroup) {
    std::string base = cib_text(svc("a") + "<group id=\"g\">" + svc("b") + "</group>");
    std::string target = cib_text("<group id=\"g\">" + svc("b") + svc("a", " description=\"moved\"") + "</group>");
    expect_round_trip(base, target, true);
}

TEST(PatchThroughCibadmin, ChangesTags) {
    expect_round_trip(kBase, cib_text(clone("web") + clone("api") + svc("db"),
                                      "<rsc_order id=\"o-db-web\" first=\"db\" then=\"web-clone\"/>",
                                      "<tags><tag id=\"aa-managed\"><obj_ref id=\"web-clone\"/><obj_ref id=\"db\"/>"
                                      "<obj_ref id=\"api-clone\"/></tag><tag id=\"frontend\"><obj_ref id=\"web-clone\"/>"
                                      "</tag></tags>"),
                      false);
}

TEST(PatchThroughCibadmin, ChangesNvpairs) {
    std::string base = cib_text(clone("web", meta("web-clone", {{"clone-max", "2"}, {"interleave", "true"}})), "", "",
                                "<cluster_property_set id=\"cib-bootstrap-options\"><nvpair id=\"cib-bootstrap-options-stonith-enabled\" "
                                "name=\"stonith-enabled\" value=\"false\"/></cluster_property_set>");
    std::string target = cib_text(clone("web", meta("web-clone", {{"clone-max", "3"}, {"target-role", "Started"}})), "", "",
                                  "<cluster_property_set id=\"cib-bootstrap-options\"><nvpair id=\"cib-bootstrap-options-stonith-enabled\" "
                                  "name=\"stonith-enabled\" value=\"false\"/><nvpair id=\"cib-bootstrap-options-no-quorum-policy\" "
                                  "name=\"no-quorum-policy\" value=\"stop\"/></cluster_property_set>");
    expect_round_trip(base, target, true);
}

TEST(PatchThroughCibadmin, AnEmptyPatchChangesNothingNotEvenTheVersion) {
    TempDir dir;
    pugi::xml_document base, patch;
    base.load_string(kBase.c_str());
    aa::patch::make_patchset(base.document_element(), base.document_element(), patch);
    ASSERT_TRUE(aa::patch::is_empty(patch));
    aa::test::write_file(dir / "cib.xml", kBase);
    aa::test::write_file(dir / "patch.xml", to_text(patch));
    auto r = aa::test::run_command({"cibadmin", "--patch", "--xml-file", (dir / "patch.xml").string()}, "",
                                   {"CIB_file=" + (dir / "cib.xml").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    pugi::xml_document result;
    ASSERT_TRUE(result.load_file((dir / "cib.xml").c_str()));
    EXPECT_STREQ(result.document_element().attribute("epoch").value(), "12");
    EXPECT_STREQ(result.document_element().attribute("num_updates").value(), "4");
    std::string error;
    ASSERT_TRUE(aa::patch::apply_patchset(base.document_element(), patch, error)) << error;
    EXPECT_STREQ(base.document_element().attribute("epoch").value(), "12") << "our applier agrees";
    EXPECT_STREQ(base.document_element().attribute("num_updates").value(), "4");
}

TEST(PatchThroughCibadmin, LargeMixedChange) {
    std::string base_rsc, target_rsc, target_cons, base_cons;
    std::vector<std::string> base_refs, target_refs;
    for (int i = 0; i < 300; ++i) {
        std::string id = "s" + std::to_string(i);
        base_rsc += clone(id);
        base_refs.push_back(id + "-clone");
        if (i % 10 == 3) continue;  // deleted
        if (i % 10 == 5) target_rsc += clone(id, meta(id + "-clone", {{"clone-max", "2"}}));  // nested create
        else if (i % 10 == 7) target_rsc += "<clone id=\"" + id + "-clone\">" + svc(id, " description=\"x\"", "<operations>" + op(id, "monitor", "30s") + "</operations>") + "</clone>";
        else target_rsc += clone(id);
        target_refs.push_back(id + "-clone");
        if (i % 25 == 0) target_cons += "<rsc_colocation id=\"c" + id + "\" rsc=\"" + id + "-clone\" with-rsc=\"s1-clone\" score=\"INFINITY\"/>";
    }
    for (int i = 300; i < 330; ++i) {
        target_rsc += clone("s" + std::to_string(i));
        target_refs.push_back("s" + std::to_string(i) + "-clone");
    }
    expect_round_trip(cib_text(base_rsc, base_cons, tags(base_refs)), cib_text(target_rsc, target_cons, tags(target_refs)),
                      true);
}

TEST(PatchThroughCibadmin, AStaleBaseIsRefused) {
    TempDir dir;
    pugi::xml_document base, target, patch;
    base.load_string(kBase.c_str());
    target.load_string(cib_text(svc("db")).c_str());
    aa::patch::make_patchset(base.document_element(), target.document_element(), patch);
    std::string live = kBase;
    live.replace(live.find("num_updates=\"4\""), 15, "num_updates=\"5\"");
    aa::test::write_file(dir / "cib.xml", live);
    aa::test::write_file(dir / "patch.xml", to_text(patch));
    auto r = aa::test::run_command({"cibadmin", "--patch", "--xml-file", (dir / "patch.xml").string()}, "",
                                   {"CIB_file=" + (dir / "cib.xml").string()});
    EXPECT_EQ(r.exit_code, 103) << r.err;
    std::string error;
    pugi::xml_document live_doc;
    live_doc.load_string(live.c_str());
    EXPECT_FALSE(aa::patch::apply_patchset(live_doc.document_element(), patch, error)) << "our applier agrees";
}

TEST(PatchThroughCibadmin, TheFirstPlanOnTheDefaultBaseAndItsReplanAreExact) {
    pugi::xml_document base;
    aa::cib::default_cib({"n1", "n2", "n3"}, base);
    std::string base_text = to_text(base);
    pugi::xml_document target;
    target.append_copy(base.document_element());
    pugi::xml_node config = target.child("cib").child("configuration");
    pugi::xml_document rsc;
    rsc.load_string(("<r>" + clone("web") + clone("api") + "</r>").c_str());
    for (auto c : rsc.child("r").children()) config.child("resources").append_copy(c);
    config.child("constraints").append_child("rsc_order").append_attribute("id") = "o-api-web";
    config.child("constraints").child("rsc_order").append_attribute("first") = "api-clone";
    config.child("constraints").child("rsc_order").append_attribute("then") = "web-clone";
    pugi::xml_document tag_doc;
    tag_doc.load_string(tags({"web-clone", "api-clone", "o-api-web"}).c_str());
    config.append_copy(tag_doc.document_element());
    std::string target_text = to_text(target);

    Outcome o = through_cibadmin(base_text, target_text);
    EXPECT_EQ(o.configuration, expected_configuration(target_text)) << o.patch;
    EXPECT_EQ(o.epoch, 2);
    EXPECT_EQ(o.num_updates, 0);
    // Re-planning the same spec on the patched CIB: nothing to do.
    pugi::xml_document patch;
    aa::patch::make_patchset(target.document_element(), target.document_element(), patch);
    EXPECT_TRUE(aa::patch::is_empty(patch));
}

}  // namespace
