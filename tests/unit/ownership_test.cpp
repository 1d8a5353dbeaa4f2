// Ownership: a spec changes exactly what it declared (now or before, as the aa-managed tag
// records) and nothing else in the CIB.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <ctime>
#include <sstream>

#include "compiler/check/check.hpp"
#include "compiler/cib/cib.hpp"
#include "compiler/lang/load.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/lower/ownership.hpp"
#include "support/spec_gen.hpp"

namespace {

using namespace aa;

model::Service dummy(std::string name) {
    model::Service s;
    s.name = std::move(name);
    s.agent_class = "ocf";
    s.provider = "pacemaker";
    s.type = "Dummy";
    model::Op mon;
    mon.name = "monitor";
    mon.interval = "10s";
    s.ops = {mon};
    s.parallel_safe = true;
    return s;
}

model::Service cloned(std::string name) {
    model::Service s = dummy(std::move(name));
    s.clone = model::Clone{};
    s.clone->max = 2;
    s.clone->per_node = 1;
    s.clone->meta = {{"clone-max", "2", std::nullopt}, {"clone-node-max", "1", std::nullopt}};
    return s;
}

model::Model spec() {
    model::Model m;
    m.nodes = {"n1", "n2", "n3"};
    m.properties = {{"stonith-enabled", "false", std::nullopt}};
    m.services = {cloned("app"), dummy("marker")};
    m.services[1].locations = {{"n1", "INFINITY", std::nullopt, {}}};
    m.orders = {{"app", "marker", "Mandatory", std::nullopt, {}}};
    return m;
}

std::string text(const pugi::xml_node& n) {
    std::ostringstream out;
    n.print(out, "", pugi::format_raw);
    return out.str();
}

pugi::xml_document base_with(const std::string& resources, const std::string& constraints = "",
                             const std::string& extra = "", const std::string& crm_config = "") {
    const std::string xml = R"(<cib validate-with="pacemaker-3.9" epoch="5" num_updates="2" admin_epoch="1">)"
                            "<configuration><crm_config>" + crm_config + "</crm_config>"
                            R"(<nodes><node id="1" uname="n1"/></nodes><resources>)" + resources +
                            "</resources><constraints>" + constraints + "</constraints>" + extra +
                            R"(</configuration><status><node_state id="1" uname="n1"/></status></cib>)";
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(xml.c_str())) << xml;
    return doc;
}

struct Desired {
    ownership::Result result;
    pugi::xml_document doc;
    pugi::xml_node cib() const { return doc.document_element(); }
    pugi::xml_node config() const { return cib().child("configuration"); }
};

Desired desire(const pugi::xml_node& base, const model::Model& m, bool adopt = false) {
    Desired d;
    d.result = ownership::build_desired(base, m, ownership::Options{adopt}, d.doc);
    return d;
}

std::vector<std::string> child_ids(const pugi::xml_node& parent) {
    std::vector<std::string> ids;
    for (pugi::xml_node c : parent.children()) ids.emplace_back(c.attribute("id").value());
    return ids;
}

const char* untagged_primitive = R"(<primitive id="other" class="ocf" provider="pacemaker" type="Dummy"/>)";

TEST(Ownership, EmptyBaseGetsTheLoweredObjectsAndATagListingThem) {
    pugi::xml_document base;
    cib::default_cib({"n1", "n2", "n3"}, base);
    Desired d = desire(base.document_element(), spec());
    ASSERT_TRUE(d.result.ok);
    pugi::xml_document lowered;
    lower::lower(spec(), lowered.append_child("configuration"));
    EXPECT_EQ(text(d.config().child("resources")), text(lowered.child("configuration").child("resources")));
    EXPECT_EQ(text(d.config().child("constraints")), text(lowered.child("configuration").child("constraints")));
    EXPECT_EQ(text(d.config().child("crm_config")), text(lowered.child("configuration").child("crm_config")));
    pugi::xml_node tag = d.config().child("tags").child("tag");
    EXPECT_STREQ(tag.attribute("id").value(), "aa-managed");
    EXPECT_EQ(child_ids(tag), lower::owned_ids(spec()));
}

TEST(Ownership, NewTagsSectionGoesAfterConstraintsLikePcs) {
    pugi::xml_document base;
    cib::default_cib({"n1"}, base);
    Desired d = desire(base.document_element(), spec());
    EXPECT_STREQ(d.config().child("constraints").next_sibling().name(), "tags");
}

TEST(Ownership, NodesStatusAndVersionStayAsInTheBase) {
    auto base = base_with(untagged_primitive);
    Desired d = desire(base.document_element(), spec());
    ASSERT_TRUE(d.result.ok);
    EXPECT_EQ(text(d.config().child("nodes")), text(base.document_element().child("configuration").child("nodes")));
    EXPECT_EQ(text(d.cib().child("status")), text(base.document_element().child("status")));
    EXPECT_STREQ(d.cib().attribute("epoch").value(), "5");
    EXPECT_STREQ(d.cib().attribute("num_updates").value(), "2");
    EXPECT_STREQ(d.cib().attribute("admin_epoch").value(), "1");
}

TEST(Ownership, SameSpecTwiceChangesNothing) {
    auto base = base_with(untagged_primitive);
    Desired first = desire(base.document_element(), spec());
    Desired second = desire(first.cib(), spec());
    ASSERT_TRUE(second.result.ok);
    EXPECT_EQ(text(second.doc), text(first.doc));
}

TEST(Ownership, UntaggedObjectsAreNeverTouched) {
    auto base = base_with(untagged_primitive, R"(<rsc_location id="keep" rsc="other" node="n1" score="5"/>)");
    Desired d = desire(base.document_element(), spec());
    ASSERT_TRUE(d.result.ok);
    EXPECT_EQ(child_ids(d.config().child("resources")), (std::vector<std::string>{"other", "app-clone", "marker"}));
    EXPECT_EQ(child_ids(d.config().child("constraints")).front(), "keep");
    // And a spec that declares nothing leaves them too.
    Desired empty = desire(d.cib(), model::Model{});
    EXPECT_EQ(child_ids(empty.config().child("resources")), (std::vector<std::string>{"other"}));
    EXPECT_EQ(child_ids(empty.config().child("constraints")), (std::vector<std::string>{"keep"}));
}

TEST(Ownership, RemovedServiceIsDeletedWithItsConstraintsAndTagEntries) {
    auto base = base_with("");
    Desired before = desire(base.document_element(), spec());
    model::Model m = spec();
    m.services.pop_back();  // marker goes, and with it its location and the order naming it
    m.orders.clear();
    Desired after = desire(before.cib(), m);
    ASSERT_TRUE(after.result.ok);
    EXPECT_EQ(child_ids(after.config().child("resources")), (std::vector<std::string>{"app-clone"}));
    EXPECT_TRUE(child_ids(after.config().child("constraints")).empty());
    EXPECT_EQ(child_ids(after.config().child("tags").child("tag")), lower::owned_ids(m));
}

TEST(Ownership, ChangedObjectIsReplacedInPlace) {
    auto base = base_with("");
    Desired first = desire(base.document_element(), spec());
    // Someone added an untagged resource after ours; a change to app must not move app behind it.
    first.config().child("resources").append_copy(
        pugi::xml_document().append_child("primitive"));  // placeholder replaced below
    first.config().child("resources").remove_child(first.config().child("resources").last_child());
    pugi::xml_document other;
    other.load_string(untagged_primitive);
    first.config().child("resources").append_copy(other.document_element());
    model::Model m = spec();
    m.services[0].ops[0].interval = "20s";
    Desired d = desire(first.cib(), m);
    ASSERT_TRUE(d.result.ok);
    EXPECT_EQ(child_ids(d.config().child("resources")), (std::vector<std::string>{"app-clone", "marker", "other"}));
    EXPECT_STREQ(d.config().child("resources").first_child().child("primitive").child("operations").child("op")
                     .attribute("interval").value(),
                 "20s");
    // The tag keeps its entries' order, so the patch does not touch it.
    EXPECT_EQ(text(d.config().child("tags")), text(first.config().child("tags")));
}

TEST(Ownership, ServiceThatBecomesClonedKeepsItsPlace) {
    auto base = base_with("");
    model::Model m = spec();
    m.services[0].clone.reset();
    Desired first = desire(base.document_element(), m);
    Desired d = desire(first.cib(), spec());
    ASSERT_TRUE(d.result.ok);
    EXPECT_EQ(child_ids(d.config().child("resources")), (std::vector<std::string>{"app-clone", "marker"}));
    // Surviving tag entries keep their place and new ones are appended: the same set, another order.
    std::vector<std::string> tagged = child_ids(d.config().child("tags").child("tag")), owned = lower::owned_ids(spec());
    std::sort(tagged.begin(), tagged.end());
    std::sort(owned.begin(), owned.end());
    EXPECT_EQ(tagged, owned);
}

TEST(Ownership, UntaggedObjectWithASpecIdIsACollision) {
    auto base = base_with(R"(<primitive id="marker" class="ocf" provider="heartbeat" type="Dummy"/>)");
    Desired d = desire(base.document_element(), spec());
    EXPECT_FALSE(d.result.ok);
    ASSERT_EQ(d.result.collisions.size(), 1u);
    EXPECT_EQ(d.result.collisions[0].id, "marker");
    EXPECT_EQ(d.result.collisions[0].element, "primitive");
    EXPECT_FALSE(d.doc.document_element());
}

TEST(Ownership, UntaggedPrimitiveInsideAClonedSpecServiceIsACollision) {
    auto base = base_with(R"(<primitive id="app" class="systemd" type="app"/>)");
    Desired d = desire(base.document_element(), spec());
    ASSERT_EQ(d.result.collisions.size(), 1u);
    EXPECT_EQ(d.result.collisions[0].id, "app");
}

TEST(Ownership, AdoptTakesTheUntaggedObjectOverInPlace) {
    auto base = base_with(std::string(R"(<primitive id="marker" class="ocf" provider="heartbeat" type="Dummy"/>)") +
                          untagged_primitive);
    Desired d = desire(base.document_element(), spec(), true);
    ASSERT_TRUE(d.result.ok);
    EXPECT_EQ(d.result.adopted, (std::vector<std::string>{"marker"}));
    EXPECT_EQ(child_ids(d.config().child("resources")), (std::vector<std::string>{"marker", "other", "app-clone"}));
    EXPECT_STREQ(d.config().child("resources").first_child().attribute("provider").value(), "pacemaker");
    EXPECT_EQ(child_ids(d.config().child("tags").child("tag")), lower::owned_ids(spec()));
}

const char* pacemaker_properties =
    R"(<cluster_property_set id="cib-bootstrap-options"><nvpair id="cib-bootstrap-options-dc-version" name="dc-version" value="2.1.5"/></cluster_property_set>)";

TEST(Ownership, PropertiesAreOwnedOneByOne) {
    auto base = base_with("", "", "", pacemaker_properties);
    Desired d = desire(base.document_element(), spec());
    ASSERT_TRUE(d.result.ok);
    pugi::xml_node set = d.config().child("crm_config").child("cluster_property_set");
    EXPECT_EQ(child_ids(set), (std::vector<std::string>{"cib-bootstrap-options-dc-version",
                                                        "cib-bootstrap-options-stonith-enabled"}));
    model::Model m = spec();
    m.properties.clear();
    Desired after = desire(d.cib(), m);
    EXPECT_EQ(child_ids(after.config().child("crm_config").child("cluster_property_set")),
              (std::vector<std::string>{"cib-bootstrap-options-dc-version"}));
}

TEST(Ownership, UntaggedPropertyOfTheSameNameCollidesEvenUnderAnotherId) {
    auto base = base_with("", "", "",
                          R"(<cluster_property_set id="cib-bootstrap-options"><nvpair id="stonith" name="stonith-enabled" value="true"/></cluster_property_set>)");
    Desired d = desire(base.document_element(), spec());
    ASSERT_EQ(d.result.collisions.size(), 1u);
    EXPECT_EQ(d.result.collisions[0].id, "stonith");
    EXPECT_EQ(d.result.collisions[0].element, "nvpair");
    Desired adopted = desire(base.document_element(), spec(), true);
    ASSERT_TRUE(adopted.result.ok);
    EXPECT_EQ(child_ids(adopted.config().child("crm_config").child("cluster_property_set")),
              (std::vector<std::string>{"cib-bootstrap-options-stonith-enabled"}));
}

TEST(Ownership, DefaultsSetsAreCreatedAndRemovedWithTheirLastOwnedEntry) {
    auto base = base_with("");
    model::Model m = spec();
    m.rsc_defaults = {{"resource-stickiness", "1", std::nullopt}};
    Desired d = desire(base.document_element(), m);
    EXPECT_STREQ(d.config().child("rsc_defaults").child("meta_attributes").attribute("id").value(),
                 "rsc_defaults-meta_attributes");
    Desired after = desire(d.cib(), spec());
    EXPECT_FALSE(after.config().child("rsc_defaults"));
}

TEST(Ownership, TagGoesWhenTheSpecOwnsNothingButOtherTagsStay) {
    auto base = base_with("", "", R"(<tags><tag id="web"><obj_ref id="x"/></tag></tags>)");
    Desired d = desire(base.document_element(), spec());
    EXPECT_EQ(child_ids(d.config().child("tags")), (std::vector<std::string>{"web", "aa-managed"}));
    Desired none = desire(d.cib(), model::Model{});
    EXPECT_EQ(child_ids(none.config().child("tags")), (std::vector<std::string>{"web"}));
    auto alone = base_with("");
    Desired only = desire(desire(alone.document_element(), spec()).cib(), model::Model{});
    EXPECT_FALSE(only.config().child("tags"));
}

TEST(Ownership, ManagedIdsReadTheTag) {
    auto base = base_with("");
    Desired d = desire(base.document_element(), spec());
    EXPECT_EQ(ownership::managed_ids(d.cib()), lower::owned_ids(spec()));
    EXPECT_TRUE(ownership::managed_ids(base.document_element()).empty());
}

model::Model big(int n) {
    model::Model m;
    m.nodes = {"n1", "n2", "n3"};
    for (int i = 0; i < n; ++i) {
        m.services.push_back(cloned("svc" + std::to_string(i)));
        m.services.back().locations = {{"n1", "10", std::nullopt, {}}};
        if (i > 0) m.orders.push_back({"svc" + std::to_string(i - 1), "svc" + std::to_string(i), "Mandatory",
                                       std::nullopt, {}});
    }
    return m;
}

// Speed is measured in bench/plan_bench.cpp; this proves a one-service change on a 10,000-service
// base stays a one-service change.
TEST(Ownership, TenThousandServicesOneChangeTouchesOnlyThatService) {
    const model::Model m = big(10000);
    pugi::xml_document base;
    cib::default_cib(m.nodes, base);
    Desired first = desire(base.document_element(), m);  // a base that already holds all of them
    model::Model changed = m;
    changed.services[5000].ops[0].interval = "20s";
    Desired d = desire(first.cib(), changed);  // lowers the spec, then merges it into the base
    ASSERT_TRUE(d.result.ok);
    pugi::xml_node res = d.cib().child("configuration").child("resources");
    pugi::xml_node old_res = first.cib().child("configuration").child("resources");
    std::size_t differing = 0;
    for (pugi::xml_node a = res.first_child(), b = old_res.first_child(); a && b; a = a.next_sibling(), b = b.next_sibling())
        if (cib::canonical(a) != cib::canonical(b)) ++differing;
    EXPECT_EQ(differing, 1u);
}

// --- Properties over generated specs ---

model::Model generated_model() {
    const std::string text = *test::gen_valid_spec_text();
    SourceSet sources;
    Diagnostics diags;
    ast::Spec spec;
    spec.files.push_back(load_text("gen.aa", text, sources, diags));
    std::optional<model::Model> m;
    if (!diags.has_errors()) m = check(spec, sources, diags);
    RC_ASSERT(m.has_value());
    return *m;
}

// A base with things that are not ours: Pacemaker's own property, a hand-made resource,
// constraint and tag. Nodes n1..n5 so every generated spec's nodes may appear in it or not.
pugi::xml_document foreign_base() {
    return base_with(untagged_primitive, R"(<rsc_location id="keep" rsc="other" node="n1" score="5"/>)",
                     R"(<tags><tag id="web"><obj_ref id="other"/></tag></tags>)", pacemaker_properties);
}

std::vector<std::string> sorted_canonical_children(const pugi::xml_node& parent) {
    std::vector<std::string> out;
    for (pugi::xml_node c : parent.children()) out.push_back(cib::canonical(c));
    std::sort(out.begin(), out.end());
    return out;
}

RC_GTEST_PROP(OwnershipProperty, PlanningTheSameSpecTwiceChangesNothing, ()) {
    const model::Model m = generated_model();
    auto base = foreign_base();
    Desired once = desire(base.document_element(), m);
    RC_ASSERT(once.result.ok);
    Desired twice = desire(once.cib(), m);
    RC_ASSERT(twice.result.ok);
    RC_ASSERT(text(twice.doc) == text(once.doc));
}

RC_GTEST_PROP(OwnershipProperty, RemovingEverythingGivesTheBaseBack, ()) {
    const model::Model m = generated_model();
    auto base = foreign_base();
    Desired with = desire(base.document_element(), m);
    RC_ASSERT(with.result.ok);
    Desired without = desire(with.cib(), model::Model{});
    RC_ASSERT(without.result.ok);
    RC_ASSERT(cib::canonical(without.config()) == cib::canonical(base.document_element().child("configuration")));
}

RC_GTEST_PROP(OwnershipProperty, ChangingSpecsEndsWhereTheNewSpecStartsFromScratch, ()) {
    const model::Model first = generated_model(), second = generated_model();
    auto base = foreign_base();
    Desired a = desire(base.document_element(), first);
    Desired changed = desire(a.cib(), second);
    Desired direct = desire(base.document_element(), second);
    RC_ASSERT(changed.result.ok);
    RC_ASSERT(direct.result.ok);
    // Kept objects stay where they were, so only the order of resources may differ.
    RC_ASSERT(sorted_canonical_children(changed.config().child("resources")) ==
              sorted_canonical_children(direct.config().child("resources")));
    for (const char* section : {"crm_config", "constraints", "rsc_defaults", "op_defaults", "tags", "nodes"})
        RC_ASSERT(cib::canonical(changed.config().child(section)) == cib::canonical(direct.config().child(section)));
}

}  // namespace
