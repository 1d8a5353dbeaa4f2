// Lowering must produce what pcs 0.11.5 produces. The expected XML below was written by the real
// `pcs -f cib.xml ... --force --no-default-ops` (commands quoted above each case), not by aa.
#include <gtest/gtest.h>

#include <sstream>

#include "compiler/check/check.hpp"
#include "compiler/cib/cib.hpp"
#include "compiler/lang/load.hpp"
#include "compiler/lower/lower.hpp"
#include "support/test_support.hpp"

namespace {

using namespace aa;

model::NvPair nv(std::string name, std::string value) { return {std::move(name), std::move(value), std::nullopt}; }

model::Op op(std::string name, std::string interval, std::optional<std::string> timeout = std::nullopt,
             std::optional<std::string> on_fail = std::nullopt) {
    model::Op o;
    o.name = std::move(name);
    o.interval = std::move(interval);
    o.timeout = std::move(timeout);
    o.on_fail = std::move(on_fail);
    return o;
}

model::Service systemd(std::string name, std::string type) {
    model::Service s;
    s.name = std::move(name);
    s.agent_class = "systemd";
    s.type = type;
    s.unit = type + ".service";
    return s;
}

model::Service dummy(std::string name) {
    model::Service s;
    s.name = std::move(name);
    s.agent_class = "ocf";
    s.provider = "pacemaker";
    s.type = "Dummy";
    return s;
}

// As the checker builds it: clone-max and clone-node-max lead Clone::meta (model.hpp).
model::Clone clone(std::optional<int> max, std::optional<int> per_node, std::vector<model::NvPair> meta = {}) {
    model::Clone c;
    c.max = max;
    c.per_node = per_node;
    if (max) c.meta.push_back(nv("clone-max", std::to_string(*max)));
    if (per_node) c.meta.push_back(nv("clone-node-max", std::to_string(*per_node)));
    c.meta.insert(c.meta.end(), meta.begin(), meta.end());
    return c;
}

// examples/seed.aa as the checker models it.
model::Model seed() {
    model::Model m;
    m.cluster = "prod";
    m.nodes = {"node-01", "node-02", "node-03"};
    m.properties = {nv("stonith-enabled", "true")};
    m.rsc_defaults = {nv("resource-stickiness", "1")};
    m.op_defaults = {nv("timeout", "20s")};
    model::Service app = systemd("app_service", "app");
    app.ops = {op("monitor", "30s")};
    app.parallel_safe = true;
    app.clone = clone(2, 1);
    m.services.push_back(app);
    return m;
}

pugi::xml_document lowered(const model::Model& m) {
    pugi::xml_document doc;
    lower::lower(m, doc.append_child("configuration"));
    return doc;
}

std::string raw(const pugi::xml_node& n) {
    std::ostringstream out;
    n.print(out, "", pugi::format_raw);
    return out.str();
}

pugi::xml_document parse(const char* xml) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_string(xml)) << xml;
    return doc;
}

std::string canonical_of(const char* xml) { return cib::canonical(parse(xml).document_element()); }

TEST(Lower, SeedSpecGivesTheResourcesPcsCreatesAndClones) {
    // pcs resource create app_service systemd:app op monitor interval=30s --force --no-default-ops
    // pcs resource clone app_service meta clone-max=2 clone-node-max=1
    const char* pcs = R"(<resources><clone id="app_service-clone"><primitive id="app_service" class="systemd" type="app"><operations><op name="monitor" interval="30s" id="app_service-monitor-interval-30s"/></operations></primitive><meta_attributes id="app_service-clone-meta_attributes"><nvpair id="app_service-clone-meta_attributes-clone-max" name="clone-max" value="2"/><nvpair id="app_service-clone-meta_attributes-clone-node-max" name="clone-node-max" value="1"/></meta_attributes></clone></resources>)";
    auto doc = lowered(seed());
    // Byte for byte, so attribute order and child order (primitive before meta_attributes) match too.
    EXPECT_EQ(raw(doc.child("configuration").child("resources")), pcs);
}

TEST(Lower, SeedExampleThroughParserAndCheckerGivesTheSameResources) {
    SourceSet sources;
    Diagnostics diags;
    ast::Spec spec = load_spec({(test::source_dir() / "examples" / "seed.aa").string()}, sources, diags);
    std::optional<model::Model> m = check(spec, sources, diags);
    ASSERT_TRUE(m) << render(diags.sorted(), sources);
    EXPECT_EQ(raw(lowered(*m)), raw(lowered(seed())));
}

TEST(Lower, OcfPrimitiveHasParamsMetaAndOpsInPcsOrder) {
    // pcs resource create probe ocf:pacemaker:Dummy state=/run/probe.state op monitor interval=10s
    //   timeout=20s on-fail=restart start timeout=90s stop timeout=60s
    //   meta target-role=Started migration-threshold=2 --force --no-default-ops
    const char* pcs = R"(<primitive id="probe" class="ocf" type="Dummy" provider="pacemaker"><instance_attributes id="probe-instance_attributes"><nvpair id="probe-instance_attributes-state" name="state" value="/run/probe.state"/></instance_attributes><meta_attributes id="probe-meta_attributes"><nvpair id="probe-meta_attributes-migration-threshold" name="migration-threshold" value="2"/><nvpair id="probe-meta_attributes-target-role" name="target-role" value="Started"/></meta_attributes><operations><op name="monitor" interval="10s" timeout="20s" on-fail="restart" id="probe-monitor-interval-10s"/><op name="start" timeout="90s" interval="0s" id="probe-start-interval-0s"/><op name="stop" timeout="60s" interval="0s" id="probe-stop-interval-0s"/></operations></primitive>)";
    model::Model m;
    model::Service probe = dummy("probe");
    probe.params = {nv("state", "/run/probe.state")};
    probe.meta = {nv("target-role", "Started"), nv("migration-threshold", "2")};
    probe.ops = {op("monitor", "10s", "20s", "restart"), op("start", "0s", "90s"), op("stop", "0s", "60s")};
    m.services.push_back(probe);
    EXPECT_EQ(raw(lowered(m).child("configuration").child("resources").child("primitive")), pcs);
}

TEST(Lower, NvpairsAreSortedByNameAndOpsByOperationNameLikePcs) {
    // pcs resource create zz ocf:pacemaker:Dummy zeta=1 alpha=2 mid=3 op stop timeout=60s
    //   start timeout=90s monitor interval=10s timeout=5s monitor interval=60s on-fail=block timeout=10s
    //   meta zmeta=1 amet=2 --force --no-default-ops
    // pcs resource clone zz meta target-role=Started ordered=true globally-unique=true clone-node-max=1 clone-max=2
    const char* pcs = R"(<clone id="zz-clone"><primitive id="zz" class="ocf" type="Dummy" provider="pacemaker"><instance_attributes id="zz-instance_attributes"><nvpair id="zz-instance_attributes-alpha" name="alpha" value="2"/><nvpair id="zz-instance_attributes-mid" name="mid" value="3"/><nvpair id="zz-instance_attributes-zeta" name="zeta" value="1"/></instance_attributes><meta_attributes id="zz-meta_attributes"><nvpair id="zz-meta_attributes-amet" name="amet" value="2"/><nvpair id="zz-meta_attributes-zmeta" name="zmeta" value="1"/></meta_attributes><operations><op name="monitor" interval="10s" timeout="5s" id="zz-monitor-interval-10s"/><op name="monitor" interval="60s" on-fail="block" timeout="10s" id="zz-monitor-interval-60s"/><op name="start" timeout="90s" interval="0s" id="zz-start-interval-0s"/><op name="stop" timeout="60s" interval="0s" id="zz-stop-interval-0s"/></operations></primitive><meta_attributes id="zz-clone-meta_attributes"><nvpair id="zz-clone-meta_attributes-clone-max" name="clone-max" value="2"/><nvpair id="zz-clone-meta_attributes-clone-node-max" name="clone-node-max" value="1"/><nvpair id="zz-clone-meta_attributes-globally-unique" name="globally-unique" value="true"/><nvpair id="zz-clone-meta_attributes-ordered" name="ordered" value="true"/><nvpair id="zz-clone-meta_attributes-target-role" name="target-role" value="Started"/></meta_attributes></clone>)";
    model::Model m;
    model::Service zz = dummy("zz");
    zz.params = {nv("zeta", "1"), nv("alpha", "2"), nv("mid", "3")};
    zz.meta = {nv("zmeta", "1"), nv("amet", "2")};
    zz.ops = {op("stop", "0s", "60s"), op("start", "0s", "90s"), op("monitor", "10s", "5s"),
              op("monitor", "60s", "10s", "block")};
    zz.clone = clone(2, 1, {nv("ordered", "true"), nv("globally-unique", "true"), nv("target-role", "Started")});
    m.services.push_back(zz);
    // Attribute order inside ops follows pcs's command line, which aa does not mirror for on-fail
    // before timeout: compare canonically, and the structure byte for byte elsewhere.
    auto doc = lowered(m);
    EXPECT_EQ(cib::canonical(doc.child("configuration").child("resources").child("clone")), canonical_of(pcs));
}

TEST(Lower, CloneWithoutMetaHasNoMetaAttributes) {
    // pcs resource create yy systemd:foo@blue op monitor interval=2m ...; pcs resource clone yy
    const char* pcs = R"(<clone id="yy-clone"><primitive id="yy" class="systemd" type="foo@blue"><operations><op name="monitor" interval="2m" id="yy-monitor-interval-2m"/></operations></primitive></clone>)";
    model::Model m;
    model::Service yy = systemd("yy", "foo@blue");
    yy.ops = {op("monitor", "2m")};
    yy.clone = clone(std::nullopt, std::nullopt);
    m.services.push_back(yy);
    EXPECT_EQ(raw(lowered(m).child("configuration").child("resources").child("clone")), pcs);
}

// Two cloned services and a plain one, related every way the language allows.
model::Model related() {
    model::Model m;
    model::Service app = systemd("app_service", "app");
    app.clone = clone(2, 1);
    model::Service probe = dummy("probe");
    probe.clone = clone(3, 2);
    probe.locations = {{"node-03", "-INFINITY", std::nullopt, {}}};
    model::Service marker = dummy("marker");
    marker.locations = {{"node-01", "INFINITY", std::nullopt, {}}, {"node-02", "50", std::nullopt, {}}};
    m.services = {app, probe, marker};
    m.orders = {{"probe", "marker", "Optional", std::nullopt, {}},
                {"app_service", "probe", "Mandatory", std::nullopt, {}},
                {"app_service", "marker", "Serialize", std::nullopt, {}}};
    m.colocations = {{"marker", "probe", "INFINITY", std::nullopt, {}},
                     {"app_service", "probe", "100", std::nullopt, {}}};
    return m;
}

TEST(Lower, ConstraintsTargetClonesWithPcsIdsAndAttributes) {
    // pcs constraint location marker prefers node-01; ... prefers node-02=50; location probe-clone avoids node-03
    // pcs constraint order probe-clone then marker kind=Optional; order app_service-clone then probe-clone;
    //   order app_service-clone then marker kind=Serialize
    // pcs constraint colocation add marker with probe-clone; ... add app_service-clone with probe-clone 100
    const char* pcs = R"(<constraints><rsc_location id="location-probe-clone-node-03--INFINITY" rsc="probe-clone" node="node-03" score="-INFINITY"/><rsc_location id="location-marker-node-01-INFINITY" rsc="marker" node="node-01" score="INFINITY"/><rsc_location id="location-marker-node-02-50" rsc="marker" node="node-02" score="50"/><rsc_order first="probe-clone" then="marker" kind="Optional" first-action="start" then-action="start" id="order-probe-clone-marker-Optional"/><rsc_order first="app_service-clone" then="probe-clone" first-action="start" then-action="start" id="order-app_service-clone-probe-clone-mandatory"/><rsc_order first="app_service-clone" then="marker" kind="Serialize" first-action="start" then-action="start" id="order-app_service-clone-marker-Serialize"/><rsc_colocation rsc="marker" with-rsc="probe-clone" score="INFINITY" id="colocation-marker-probe-clone-INFINITY"/><rsc_colocation rsc="app_service-clone" with-rsc="probe-clone" score="100" id="colocation-app_service-clone-probe-clone-100"/></constraints>)";
    EXPECT_EQ(raw(lowered(related()).child("configuration").child("constraints")), pcs);
}

TEST(Lower, PlusInfinityKeepsItsScoreButNotInTheId) {
    // pcs constraint location m prefers node-01=+INFINITY writes id location-m-node-01-INFINITY, score +INFINITY.
    model::Model m;
    model::Service s = dummy("m");
    s.locations = {{"node-01", "+INFINITY", std::nullopt, {}}};
    m.services.push_back(s);
    auto doc = lowered(m);  // the document must outlive the nodes read from it
    auto loc = doc.child("configuration").child("constraints").child("rsc_location");
    EXPECT_STREQ(loc.attribute("id").value(), "location-m-node-01-INFINITY");
    EXPECT_STREQ(loc.attribute("score").value(), "+INFINITY");
}

TEST(Lower, InfSpellingsBecomeScoresPacemakerAccepts) {
    EXPECT_EQ(lower::score("inf"), "INFINITY");
    EXPECT_EQ(lower::score("-inf"), "-INFINITY");
    EXPECT_EQ(lower::score("-INFINITY"), "-INFINITY");
    EXPECT_EQ(lower::score("50"), "50");
    EXPECT_EQ(lower::colocation_id("a", "b", "-inf"), "colocation-a-b--INFINITY");
}

TEST(Lower, ExplicitIdsFromTheModelWin) {
    model::Model m;
    model::Service s = dummy("a");
    model::Op mon = op("monitor", "10s");
    mon.id = "a-mon";
    s.ops = {mon};
    s.meta = {{"target-role", "Started", "a-role"}};
    s.locations = {{"n1", "10", "prefer-a", {}}};
    model::Service b = dummy("b");
    m.services = {s, b};
    m.orders = {{"a", "b", "Mandatory", "a-before-b", {}}};
    m.colocations = {{"a", "b", "INFINITY", "a-with-b", {}}};
    m.properties = {{"stonith-enabled", "false", "my-stonith"}};
    auto doc = lowered(m);
    auto c = doc.child("configuration");
    for (const char* id : {"a-mon", "a-role", "prefer-a", "a-before-b", "a-with-b", "my-stonith"})
        EXPECT_TRUE(c.find_node([&](pugi::xml_node n) { return std::string_view(n.attribute("id").value()) == id; }))
            << id;
}

TEST(Lower, PropertiesAndDefaultsKeepSpecOrderUnderPcsIds) {
    // pcs property set stonith-enabled=true; pcs property set no-quorum-policy=stop
    // pcs resource defaults update resource-stickiness=1; pcs resource op defaults update timeout=20s
    const char* crm_config = R"(<crm_config><cluster_property_set id="cib-bootstrap-options"><nvpair id="cib-bootstrap-options-stonith-enabled" name="stonith-enabled" value="true"/><nvpair id="cib-bootstrap-options-no-quorum-policy" name="no-quorum-policy" value="stop"/></cluster_property_set></crm_config>)";
    const char* rsc_defaults = R"(<rsc_defaults><meta_attributes id="rsc_defaults-meta_attributes"><nvpair id="rsc_defaults-meta_attributes-resource-stickiness" name="resource-stickiness" value="1"/></meta_attributes></rsc_defaults>)";
    const char* op_defaults = R"(<op_defaults><meta_attributes id="op_defaults-meta_attributes"><nvpair id="op_defaults-meta_attributes-timeout" name="timeout" value="20s"/></meta_attributes></op_defaults>)";
    model::Model m = seed();
    m.properties.push_back(nv("no-quorum-policy", "stop"));
    auto doc = lowered(m);
    auto c = doc.child("configuration");
    EXPECT_EQ(raw(c.child("crm_config")), crm_config);
    EXPECT_EQ(raw(c.child("rsc_defaults")), rsc_defaults);
    EXPECT_EQ(raw(c.child("op_defaults")), op_defaults);
}

TEST(Lower, SectionsComeInTheOrderPcsLeavesThem) {
    auto doc = lowered(seed());
    auto c = doc.child("configuration");
    std::vector<std::string> names;
    for (pugi::xml_node s : c.children()) names.emplace_back(s.name());
    EXPECT_EQ(names, (std::vector<std::string>{"crm_config", "resources", "constraints", "rsc_defaults", "op_defaults"}));
}

TEST(Lower, EmptySpecStillHasTheMandatorySections) {
    auto doc = lowered(model::Model{});
    auto c = doc.child("configuration");
    EXPECT_TRUE(c.child("crm_config"));
    EXPECT_TRUE(c.child("resources"));
    EXPECT_TRUE(c.child("constraints"));
    EXPECT_FALSE(c.child("rsc_defaults"));
    EXPECT_FALSE(c.child("crm_config").first_child());
}

TEST(Lower, OwnedIdsListEveryManagedObjectInDocumentOrder) {
    model::Model m = related();
    m.properties = {nv("stonith-enabled", "true")};
    m.op_defaults = {nv("timeout", "20s")};
    EXPECT_EQ(lower::owned_ids(m),
              (std::vector<std::string>{"cib-bootstrap-options-stonith-enabled", "app_service-clone", "app_service",
                                        "probe-clone", "probe", "marker",
                                        "location-probe-clone-node-03--INFINITY", "location-marker-node-01-INFINITY",
                                        "location-marker-node-02-50", "order-probe-clone-marker-Optional",
                                        "order-app_service-clone-probe-clone-mandatory",
                                        "order-app_service-clone-marker-Serialize",
                                        "colocation-marker-probe-clone-INFINITY",
                                        "colocation-app_service-clone-probe-clone-100",
                                        "op_defaults-meta_attributes-timeout"}));
}

}  // namespace
