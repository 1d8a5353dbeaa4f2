// The format-2 patchset, its in-process applier and the change summary, case by case. Expected
// patch texts were checked by hand against what crm_diff 2.1.5 writes for the same pair.
#include <gtest/gtest.h>

#include "support/xml_compare.hpp"

#include <sstream>

#include "compiler/patch/patch.hpp"

namespace {

using aa::patch::ObjectChange;

std::string cib_text(const std::string& resources, const std::string& constraints = "",
                     const std::string& extra_attrs = "") {
    return "<cib admin_epoch=\"0\" epoch=\"7\" num_updates=\"3\" validate-with=\"pacemaker-3.9\" "
           "have-quorum=\"1\"" + extra_attrs + "><configuration><crm_config/><nodes/><resources>" + resources +
           "</resources><constraints>" + constraints + "</constraints></configuration><status/></cib>";
}

pugi::xml_document parse(const std::string& text) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(text.c_str())) << text;
    return doc;
}

std::string compact(const pugi::xml_node& n) {
    std::ostringstream os;
    n.print(os, "", pugi::format_raw);
    return os.str();
}

// The patch without its <version> block, compact, for comparing with reviewed texts.
std::string changes_of(const pugi::xml_document& patch) {
    std::string out;
    for (pugi::xml_node c = patch.child("diff").child("change"); c; c = c.next_sibling("change")) out += compact(c);
    return out;
}

using aa::test::strict_canonical;

struct Case {
    pugi::xml_document base, target, patch;
    Case(const std::string& b, const std::string& t) : base(parse(b)), target(parse(t)) {
        aa::patch::make_patchset(base.document_element(), target.document_element(), patch);
    }
    // Applies the patch to a copy of the base and returns it (fails the test on an error).
    std::string applied_configuration() {
        pugi::xml_document copy;
        copy.append_copy(base.document_element());
        std::string error;
        EXPECT_TRUE(aa::patch::apply_patchset(copy.document_element(), patch, error)) << error;
        return strict_canonical(copy.document_element().child("configuration"));
    }
    std::string target_configuration() { return strict_canonical(target.document_element().child("configuration")); }
};

const std::string A = "<primitive id=\"a\" class=\"systemd\" type=\"a\"/>";
const std::string B = "<primitive id=\"b\" class=\"systemd\" type=\"b\"/>";
const std::string C = "<primitive id=\"c\" class=\"systemd\" type=\"c\"/>";

TEST(Patchset, IdenticalCibsGiveAnEmptyPatchWithTheVersionBlock) {
    Case k(cib_text(A + B), cib_text(A + B));
    EXPECT_TRUE(aa::patch::is_empty(k.patch));
    EXPECT_EQ(compact(k.patch.child("diff").child("version")),
              "<version><source admin_epoch=\"0\" epoch=\"7\" num_updates=\"3\"/>"
              "<target admin_epoch=\"0\" epoch=\"8\" num_updates=\"0\"/></version>");
    EXPECT_EQ(std::string(k.patch.child("diff").attribute("format").value()), "2");
}

TEST(Patchset, ChangedAttributesBecomeOneModifyWithSetsThenUnsetsAndTheWholeResult) {
    Case k(cib_text("<primitive id=\"c\" class=\"systemd\" type=\"c\" description=\"x\"/>"),
           cib_text("<primitive id=\"c\" class=\"systemd\" type=\"cc\" provider=\"p\"/>"));
    EXPECT_EQ(changes_of(k.patch),
              "<change operation=\"modify\" path=\"/cib/configuration/resources/primitive[@id='c']\">"
              "<change-list><change-attr name=\"type\" operation=\"set\" value=\"cc\"/>"
              "<change-attr name=\"provider\" operation=\"set\" value=\"p\"/>"
              "<change-attr name=\"description\" operation=\"unset\"/></change-list>"
              "<change-result><primitive id=\"c\" class=\"systemd\" type=\"cc\" provider=\"p\"/></change-result>"
              "</change>");
    EXPECT_EQ(k.applied_configuration(), k.target_configuration());
}

TEST(Patchset, ANewSubtreeIsOneCreateAtItsTargetPosition) {
    std::string with_op = "<primitive id=\"b\" class=\"systemd\" type=\"b\"><operations>"
                          "<op id=\"b-mon\" name=\"monitor\" interval=\"10s\"/></operations></primitive>";
    Case k(cib_text(A + C), cib_text(A + with_op + C));
    EXPECT_EQ(changes_of(k.patch),
              "<change operation=\"create\" path=\"/cib/configuration/resources\" position=\"1\">" + compact(
                  k.target.document_element().child("configuration").child("resources").child("primitive").next_sibling()) +
                  "</change>");
    EXPECT_EQ(k.applied_configuration(), k.target_configuration());
}

TEST(Patchset, ADeletedElementIsADeleteOfItsPathWithoutPosition) {
    Case k(cib_text(A + B + C), cib_text(A + C));
    EXPECT_EQ(changes_of(k.patch),
              "<change operation=\"delete\" path=\"/cib/configuration/resources/primitive[@id='b']\"/>");
    EXPECT_EQ(k.applied_configuration(), k.target_configuration());
}

TEST(Patchset, ACreateInsideAnIdLessContainerUsesTheBareNameInThePath) {
    Case k(cib_text("<primitive id=\"a\" class=\"systemd\" type=\"a\"><operations>"
                    "<op id=\"a-mon\" name=\"monitor\" interval=\"10s\"/></operations></primitive>"),
           cib_text("<primitive id=\"a\" class=\"systemd\" type=\"a\"><operations>"
                    "<op id=\"a-start\" name=\"start\" interval=\"0\"/>"
                    "<op id=\"a-mon\" name=\"monitor\" interval=\"10s\"/></operations></primitive>"));
    EXPECT_EQ(changes_of(k.patch),
              "<change operation=\"create\" path=\"/cib/configuration/resources/primitive[@id='a']/operations\" "
              "position=\"0\"><op id=\"a-start\" name=\"start\" interval=\"0\"/></change>");
    EXPECT_EQ(k.applied_configuration(), k.target_configuration());
}

TEST(Patchset, AReorderMovesOnlyTheElementsOutsideTheLongestKeptRun) {
    Case k(cib_text(A + B + C), cib_text(C + A + B));
    EXPECT_EQ(changes_of(k.patch),
              "<change operation=\"move\" path=\"/cib/configuration/resources/primitive[@id='c']\" position=\"0\"/>");
    EXPECT_EQ(k.applied_configuration(), k.target_configuration());
}

TEST(Patchset, AMovedElementsOwnChangesComeBeforeItsMove) {
    std::string c2 = "<primitive id=\"c\" class=\"systemd\" type=\"c2\"/>";
    Case k(cib_text(A + B + C), cib_text(c2 + A + B));
    pugi::xml_node first = k.patch.child("diff").child("change");
    EXPECT_STREQ(first.attribute("operation").value(), "modify");
    EXPECT_STREQ(first.next_sibling("change").attribute("operation").value(), "move");
    EXPECT_EQ(k.applied_configuration(), k.target_configuration());
}

TEST(Patchset, DeletesComeFirstThenTheTargetWalk) {
    Case k(cib_text(A + B), cib_text(C + "<primitive id=\"a\" class=\"ocf\" type=\"a\"/>"));
    std::vector<std::string> ops;
    for (auto c : k.patch.child("diff").children("change")) ops.push_back(c.attribute("operation").value());
    EXPECT_EQ(ops, (std::vector<std::string>{"delete", "create", "modify"}));
    EXPECT_EQ(k.applied_configuration(), k.target_configuration());
}

TEST(Patchset, TheStatusSectionIsNeverDiffed) {
    std::string base = cib_text(A), target = cib_text(A);
    target.replace(target.find("<status/>"), 9, "<status><node_state id=\"1\" uname=\"n1\"/></status>");
    Case k(base, target);
    EXPECT_TRUE(aa::patch::is_empty(k.patch));
}

TEST(Patchset, CibAttributesAreDiffedButNotTheVersionFields) {
    std::string target = cib_text(A, "", " no-quorum-panic=\"true\"");
    target.replace(target.find("epoch=\"7\""), 9, "epoch=\"42\"");
    Case k(cib_text(A), target);
    pugi::xml_node change = k.patch.child("diff").child("change");
    EXPECT_STREQ(change.attribute("path").value(), "/cib");
    EXPECT_EQ(compact(change.child("change-list")),
              "<change-list><change-attr name=\"no-quorum-panic\" operation=\"set\" value=\"true\"/></change-list>");
    // The result keeps the base's version: the applier bumps it.
    EXPECT_STREQ(change.child("change-result").child("cib").attribute("epoch").value(), "7");
    EXPECT_FALSE(change.next_sibling("change"));
}

TEST(Patchset, RepeatedIdLessNamesAreDeletedAndRecreatedBecausePathsCannotTellThemApart) {
    std::string base = "<primitive id=\"a\" class=\"systemd\" type=\"a\"><x/><x n=\"1\"/></primitive>";
    std::string target = "<primitive id=\"a\" class=\"systemd\" type=\"a\"><x/><x n=\"2\"/></primitive>";
    Case k(cib_text(base), cib_text(target));
    std::vector<std::string> ops;
    for (auto c : k.patch.child("diff").children("change")) ops.push_back(c.attribute("operation").value());
    EXPECT_EQ(ops, (std::vector<std::string>{"delete", "delete", "create", "create"}));
    EXPECT_EQ(k.applied_configuration(), k.target_configuration());
}

TEST(PatchApply, RefusesAPatchForAnotherVersion) {
    Case k(cib_text(A), cib_text(A + B));
    pugi::xml_document other = parse(cib_text(A));
    other.document_element().attribute("num_updates") = 4;
    std::string error;
    EXPECT_FALSE(aa::patch::apply_patchset(other.document_element(), k.patch, error));
    EXPECT_NE(error.find("num_updates"), std::string::npos) << error;
}

TEST(PatchApply, BumpsEpochAndResetsNumUpdatesToTheTargetVersion) {
    Case k(cib_text(A), cib_text(A + B));
    std::string error;
    ASSERT_TRUE(aa::patch::apply_patchset(k.base.document_element(), k.patch, error)) << error;
    EXPECT_STREQ(k.base.document_element().attribute("epoch").value(), "8");
    EXPECT_STREQ(k.base.document_element().attribute("num_updates").value(), "0");
}

TEST(PatchApply, RejectsFormatOnePatchesAndUnknownOperationsWithAMessage) {
    pugi::xml_document cib = parse(cib_text(A));
    std::string error;
    pugi::xml_document v1 = parse("<diff format=\"1\"/>");
    EXPECT_FALSE(aa::patch::apply_patchset(cib.document_element(), v1, error));
    EXPECT_NE(error.find("format"), std::string::npos);
    pugi::xml_document bad = parse("<diff format=\"2\"><version><source admin_epoch=\"0\" epoch=\"7\" num_updates=\"3\"/>"
                                   "<target admin_epoch=\"0\" epoch=\"8\" num_updates=\"0\"/></version>"
                                   "<change operation=\"frobnicate\" path=\"/cib\"/></diff>");
    EXPECT_FALSE(aa::patch::apply_patchset(cib.document_element(), bad, error));
    EXPECT_NE(error.find("frobnicate"), std::string::npos);
}

TEST(PatchApply, ADeleteOfAMissingElementIsIgnoredAsPacemakerDoes) {
    pugi::xml_document cib = parse(cib_text(A));
    pugi::xml_document p = parse("<diff format=\"2\"><version><source admin_epoch=\"0\" epoch=\"7\" num_updates=\"3\"/>"
                                 "<target admin_epoch=\"0\" epoch=\"8\" num_updates=\"0\"/></version>"
                                 "<change operation=\"delete\" path=\"/cib/configuration/resources/primitive[@id='zz']\"/></diff>");
    std::string error;
    EXPECT_TRUE(aa::patch::apply_patchset(cib.document_element(), p, error)) << error;
}

std::string versioned(const std::string& changes) {
    return "<diff format=\"2\"><version><source admin_epoch=\"0\" epoch=\"7\" num_updates=\"3\"/>"
           "<target admin_epoch=\"0\" epoch=\"8\" num_updates=\"0\"/></version>" + changes + "</diff>";
}

TEST(PatchApply, RefusesToDeleteOrMoveTheRoot) {
    for (const char* op : {"delete", "move"}) {
        pugi::xml_document cib = parse(cib_text(A));
        pugi::xml_document p = parse(versioned(std::string("<change operation=\"") + op + "\" path=\"/cib\" position=\"0\"/>"));
        std::string error;
        EXPECT_FALSE(aa::patch::apply_patchset(cib.document_element(), p, error)) << op;
        EXPECT_NE(error.find("root"), std::string::npos) << error;
        EXPECT_STREQ(cib.document_element().name(), "cib");
    }
}

TEST(PatchApply, ADeleteThatTakesAPendingCreatesParentIsAnErrorNotADanglingPointer) {
    pugi::xml_document cib = parse(cib_text(A));
    pugi::xml_document p = parse(versioned(
        "<change operation=\"create\" path=\"/cib/configuration/resources/primitive[@id='a']\" position=\"0\"><x/></change>"
        "<change operation=\"delete\" path=\"/cib/configuration/resources\"/>"));
    std::string error;
    EXPECT_FALSE(aa::patch::apply_patchset(cib.document_element(), p, error));
    EXPECT_NE(error.find("earlier create or move"), std::string::npos) << error;
}

TEST(PatchApply, AModifyOrCreateWhosePathMatchesNothingFails) {
    pugi::xml_document cib = parse(cib_text(A));
    pugi::xml_document p = parse(versioned(
        "<change operation=\"modify\" path=\"/cib/configuration/resources/primitive[@id='zz']\">"
        "<change-result><primitive id=\"zz\"/></change-result></change>"));
    std::string error;
    EXPECT_FALSE(aa::patch::apply_patchset(cib.document_element(), p, error));
    EXPECT_NE(error.find("primitive[@id='zz']"), std::string::npos) << error;
}

TEST(Summary, ReportsEachObjectOnceInDocumentOrderWithItsParent) {
    std::string base = A + "<primitive id=\"b\" class=\"systemd\" type=\"b\"><meta_attributes id=\"b-meta\">"
                           "<nvpair id=\"b-meta-t\" name=\"target-role\" value=\"Started\"/></meta_attributes></primitive>";
    std::string target = "<primitive id=\"a\" class=\"systemd\" type=\"a2\"/>"
                         "<primitive id=\"b\" class=\"systemd\" type=\"b\"><meta_attributes id=\"b-meta\">"
                         "<nvpair id=\"b-meta-t\" name=\"target-role\" value=\"Stopped\"/></meta_attributes></primitive>"
                         "<clone id=\"c-clone\"><primitive id=\"c\" class=\"systemd\" type=\"c\"/></clone>";
    pugi::xml_document b = parse(cib_text(base, "<rsc_order id=\"o\" first=\"a\" then=\"b\"/>"));
    pugi::xml_document t = parse(cib_text(target));
    auto s = aa::patch::summarize(b.document_element(), t.document_element());
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(s[0].kind, ObjectChange::Kind::Modify);
    EXPECT_EQ(s[0].id, "a");
    ASSERT_EQ(s[0].attrs.size(), 1u);
    EXPECT_EQ(s[0].attrs[0].name, "type");
    EXPECT_EQ(s[0].attrs[0].before, "a");
    EXPECT_EQ(s[0].attrs[0].after, "a2");
    EXPECT_EQ(s[1].element, "nvpair");
    EXPECT_EQ(s[1].parent_id, "b-meta");
    EXPECT_EQ(s[1].attrs[0].name, "value");
    EXPECT_EQ(s[2].kind, ObjectChange::Kind::Create);
    EXPECT_EQ(s[2].element, "clone");  // its primitive is not listed separately
    EXPECT_EQ(s[2].id, "c-clone");
    EXPECT_EQ(s[3].kind, ObjectChange::Kind::Delete);
    EXPECT_EQ(s[3].element, "rsc_order");
    EXPECT_EQ(s[3].attrs.size(), 2u);  // first, then (the id is the entry's own)
}

TEST(Summary, ObjectsInsideIdLessContainersNameTheNearestObjectAsParent) {
    pugi::xml_document b = parse(cib_text(A));
    pugi::xml_document t = parse(cib_text("<primitive id=\"a\" class=\"systemd\" type=\"a\"><operations>"
                                          "<op id=\"a-mon\" name=\"monitor\" interval=\"10s\"/></operations></primitive>"));
    auto s = aa::patch::summarize(b.document_element(), t.document_element());
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].element, "op");
    EXPECT_EQ(s[0].parent_id, "a");
    EXPECT_EQ(s[0].kind, ObjectChange::Kind::Create);
}

TEST(Summary, AReorderIsAModifyMarkedMoved) {
    pugi::xml_document b = parse(cib_text(A + B + C));
    pugi::xml_document t = parse(cib_text(C + A + B));
    auto s = aa::patch::summarize(b.document_element(), t.document_element());
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].id, "c");
    EXPECT_TRUE(s[0].moved);
    EXPECT_TRUE(s[0].attrs.empty());
}

TEST(Summary, NothingChangedNothingReported) {
    pugi::xml_document b = parse(cib_text(A + B));
    EXPECT_TRUE(aa::patch::summarize(b.document_element(), b.document_element()).empty());
}

}  // namespace
