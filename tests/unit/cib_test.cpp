// Reading a base CIB: what is accepted, and the message for each way a file can be wrong.
#include <gtest/gtest.h>

#include "compiler/cib/cib.hpp"
#include "compiler/util/sha256.hpp"

namespace {

using namespace aa;

const char* empty_cib = R"(<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="7" num_updates="3" admin_epoch="2">
  <configuration>
    <crm_config/>
    <nodes/>
    <resources/>
    <constraints/>
  </configuration>
  <status/>
</cib>
)";

std::string load_error(const std::string& text) {
    pugi::xml_document doc;
    std::string error;
    EXPECT_FALSE(cib::load(text, "base.xml", doc, error)) << text;
    return error;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
}

// stonith-enabled is read as Pacemaker reads a boolean (any case), true when absent; any stonith
// primitive, nested or not, is a device.
TEST(CibFencing, RequiredUnlessStonithIsDisabledAndADeviceIsAStonithPrimitive) {
    auto facts = [](const std::string& props, const std::string& resources) {
        pugi::xml_document doc;
        EXPECT_TRUE(doc.load_string(("<cib><configuration><crm_config><cluster_property_set id=\"o\">" + props +
                                     "</cluster_property_set></crm_config><resources>" + resources +
                                     "</resources></configuration></cib>").c_str()));
        return cib::fencing(doc.child("cib"));
    };
    const std::string off = "<nvpair id=\"s\" name=\"stonith-enabled\" value=\"FALSE\"/>";
    const std::string on = "<nvpair id=\"s\" name=\"stonith-enabled\" value=\"yes\"/>";
    EXPECT_TRUE(facts("", "").required);
    EXPECT_FALSE(facts(off, "").required);
    EXPECT_TRUE(facts(on, "").required);
    EXPECT_FALSE(facts("", "<primitive id=\"a\" class=\"ocf\"/>").has_device);
    EXPECT_TRUE(facts("", "<group id=\"g\"><primitive id=\"f\" class=\"stonith\"/></group>").has_device);
}

TEST(CibLoad, AcceptsTheCibThatCibadminEmptyWrites) {
    pugi::xml_document doc;
    std::string error;
    ASSERT_TRUE(cib::load(empty_cib, "base.xml", doc, error)) << error;
    EXPECT_STREQ(doc.document_element().name(), "cib");
}

TEST(CibLoad, ReadsTheVersionTriple) {
    pugi::xml_document doc;
    std::string error;
    ASSERT_TRUE(cib::load(empty_cib, "base.xml", doc, error));
    cib::Version v = cib::version(doc.document_element());
    EXPECT_EQ(v.admin_epoch, 2);
    EXPECT_EQ(v.epoch, 7);
    EXPECT_EQ(v.num_updates, 3);
}

TEST(CibLoad, NotXmlNamesTheFileAndLine) {
    EXPECT_EQ(load_error("<cib>\n  <configuration>\n  <<oops\n</cib>"),
              "base.xml:3: XML parse error: Could not determine tag type");
}

TEST(CibLoad, PlainTextIsNotACib) {
    EXPECT_EQ(load_error("hello world\n"), "base.xml: not a CIB: the file holds no XML element");
}

TEST(CibLoad, EmptyFileIsNotACib) { EXPECT_EQ(load_error("  \n"), "base.xml: not a CIB: the file is empty"); }

TEST(CibLoad, OtherRootElementIsNotACib) {
    EXPECT_EQ(load_error("<foo/>"), "base.xml: not a CIB: root element is <foo>, expected <cib>");
}

TEST(CibLoad, TruncatedFileSaysSo) {
    const std::string text(empty_cib);
    const std::string error = load_error(text.substr(0, text.find("<resources/>")));
    EXPECT_NE(error.find("base.xml:5: XML parse error"), std::string::npos) << error;
    EXPECT_NE(error.find("truncated"), std::string::npos) << error;
}

TEST(CibLoad, MissingSectionIsNamed) {
    EXPECT_EQ(load_error(replace(empty_cib, "<constraints/>", "")),
              "base.xml: not a valid CIB: <configuration> has no <constraints>");
    EXPECT_EQ(load_error("<cib epoch=\"1\"><status/></cib>"), "base.xml: not a valid CIB: <cib> has no <configuration>");
}

TEST(CibLoad, NonNumericVersionIsRefused) {
    EXPECT_EQ(load_error(replace(empty_cib, "epoch=\"7\"", "epoch=\"seven\"")),
              "base.xml: not a valid CIB: <cib epoch=\"seven\"> is not a non-negative integer");
    EXPECT_EQ(load_error(replace(empty_cib, "num_updates=\"3\"", "num_updates=\"-1\"")),
              "base.xml: not a valid CIB: <cib num_updates=\"-1\"> is not a non-negative integer");
}

TEST(CibLoad, NewerFeatureSetThanInstalledPacemakerIsRefused) {
    const std::string error = load_error(replace(empty_cib, "3.16.1", "3.17.0"));
    EXPECT_EQ(error,
              "base.xml: crm_feature_set 3.17.0 is newer than the installed Pacemaker 2.1.5 supports (3.16.1); its "
              "tools would refuse this CIB");
    // `crm_verify` on a CIB with crm_feature_set 3.16.2 already fails: "config not valid".
    load_error(replace(empty_cib, "3.16.1", "3.16.2"));
    load_error(replace(empty_cib, "3.16.1", "4.0"));
    load_error(replace(empty_cib, "3.16.1", "3.x"));
}

TEST(CibLoad, OlderAndEqualFeatureSetsAreAccepted) {
    for (const char* fs : {"3.0.14", "3.16.1", "3.16", "2.0"}) {
        pugi::xml_document doc;
        std::string error;
        EXPECT_TRUE(cib::load(replace(empty_cib, "3.16.1", fs), "base.xml", doc, error)) << fs << ": " << error;
    }
}

TEST(CibLoad, DuplicateIdIsNamed) {
    const std::string text = replace(empty_cib, "<resources/>",
                                     R"(<resources><primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/>
<primitive id="a" class="ocf" provider="pacemaker" type="Dummy"/></resources>)");
    EXPECT_EQ(load_error(text), "base.xml: not a valid CIB: id \"a\" is used twice (<primitive> and <primitive>)");
}

pugi::xml_document parse(const char* xml) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(xml));
    return doc;
}

TEST(CibCanonical, IgnoresAttributeOrderWhitespaceAndOrderOfSets) {
    auto a = parse(R"(<primitive id="p" class="ocf" type="Dummy"><operations>
        <op name="monitor" interval="10s" id="p-m"/><op name="start" interval="0s" id="p-s"/></operations>
        <meta_attributes id="p-meta"><nvpair id="x" name="x" value="1"/><nvpair id="y" name="y" value="2"/></meta_attributes></primitive>)");
    auto b = parse(R"(<primitive type="Dummy" class="ocf" id="p"><meta_attributes id="p-meta"><nvpair name="y" value="2" id="y"/><nvpair id="x" name="x" value="1"/></meta_attributes><operations><op id="p-s" name="start" interval="0s"/><op id="p-m" name="monitor" interval="10s"/></operations></primitive>)");
    EXPECT_EQ(cib::canonical(a.document_element()), cib::canonical(b.document_element()));
    EXPECT_EQ(cib::canonical(a), cib::canonical(a.document_element()));
}

TEST(CibCanonical, KeepsResourceOrderWhichDecidesPlacement) {
    auto a = parse(R"(<resources><primitive id="a"/><primitive id="b"/></resources>)");
    auto b = parse(R"(<resources><primitive id="b"/><primitive id="a"/></resources>)");
    EXPECT_NE(cib::canonical(a.document_element()), cib::canonical(b.document_element()));
}

TEST(CibCanonical, SeesValueChanges) {
    auto a = parse(R"(<nvpair id="x" name="x" value="1"/>)");
    auto b = parse(R"(<nvpair id="x" name="x" value="2"/>)");
    EXPECT_NE(cib::canonical(a.document_element()), cib::canonical(b.document_element()));
}

TEST(CibHash, DependsOnTheConfigurationOnly) {
    auto a = parse(empty_cib);
    auto b = parse(empty_cib);
    b.document_element().attribute("num_updates").set_value("99");
    b.document_element().child("status").append_child("node_state").append_attribute("id") = "1";
    EXPECT_EQ(cib::config_hash(a.document_element()), cib::config_hash(b.document_element()));
    EXPECT_EQ(cib::config_hash(a.document_element()).size(), 64u);
    b.document_element().child("configuration").child("resources").append_child("primitive").append_attribute("id") =
        "p";
    EXPECT_NE(cib::config_hash(a.document_element()), cib::config_hash(b.document_element()));
}

TEST(Sha256, MatchesFipsTestVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(DefaultCib, HasTheNodesOnlineAndQuorum) {
    pugi::xml_document doc;
    cib::default_cib({"n1", "n2"}, doc);
    pugi::xml_node c = doc.document_element();
    EXPECT_STREQ(c.attribute("validate-with").value(), "pacemaker-3.9");
    EXPECT_STREQ(c.attribute("have-quorum").value(), "1");
    EXPECT_FALSE(c.attribute("crm_feature_set"));
    EXPECT_EQ(cib::version(c).epoch, 1);
    pugi::xml_node second = c.child("configuration").child("nodes").find_child_by_attribute("node", "id", "2");
    EXPECT_STREQ(second.attribute("uname").value(), "n2");
    pugi::xml_node state = c.child("status").find_child_by_attribute("node_state", "uname", "n1");
    EXPECT_STREQ(state.attribute("id").value(), "1");
    EXPECT_STREQ(state.attribute("crmd").value(), "online");
    EXPECT_STREQ(state.attribute("in_ccm").value(), "true");
    EXPECT_STREQ(state.attribute("join").value(), "member");
    EXPECT_STREQ(state.attribute("expected").value(), "member");
}

TEST(DefaultCib, PassesItsOwnValidation) {
    pugi::xml_document doc, reread;
    cib::default_cib({"n1"}, doc);
    std::ostringstream text;
    doc.save(text);
    std::string error;
    EXPECT_TRUE(cib::load(text.str(), "default", reread, error)) << error;
}

}  // namespace
