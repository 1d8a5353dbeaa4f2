// The type checker, specified by example: each test is a spec and what `aa check` must say about it.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <filesystem>
#include <ctime>
#include <memory>

#include "compiler/check/check.hpp"
#include "compiler/lang/duration.hpp"
#include "grammar/parse.hpp"
#include "support/spec_gen.hpp"
#include "support/test_support.hpp"

namespace {

struct Checked {
    aa::SourceSet sources;
    aa::Diagnostics diags;
    std::optional<aa::model::Model> model;

    // The whole rendering, as `aa check` prints it.
    std::string rendered() const { return aa::render(diags.sorted(), sources); }
    // One "LINE:COL: severity[CODE]: message" per diagnostic, in output order.
    std::vector<std::string> headlines() const {
        std::vector<std::string> out;
        for (const aa::Diagnostic& d : diags.sorted())
            out.push_back(std::to_string(d.span.line) + ":" + std::to_string(d.span.column) + ": " +
                          (d.severity == aa::Severity::Error ? "error[" : "warning[") + d.code + "]: " + d.message);
        return out;
    }
    const aa::Diagnostic& only() const {
        EXPECT_EQ(diags.items().size(), 1u) << rendered();
        return diags.items().front();
    }
    const aa::model::Service& service(const std::string& name) const {
        const aa::model::Service* s = model->find_service(name);
        if (!s) throw std::runtime_error("no service " + name);
        return *s;
    }
};

// Parses `files` (each must be free of syntax errors) and checks them as one spec.
std::unique_ptr<Checked> check_files(const std::vector<std::pair<std::string, std::string>>& files,
                                     bool keep_fencing_warning = false) {
    auto c = std::make_unique<Checked>();
    aa::ast::Spec spec;
    for (const auto& [path, text] : files) {
        std::uint32_t index = c->sources.add(path, text);
        spec.files.push_back(aa::grammar::parse(c->sources, index, c->diags));
    }
    EXPECT_FALSE(c->diags.has_errors()) << "the test spec has syntax errors:\n" << c->rendered();
    c->model = aa::check(spec, c->sources, c->diags);
    EXPECT_EQ(c->model.has_value(), !c->diags.has_errors());
    if (!keep_fencing_warning) c->diags = aa::test::without_fencing_warning(c->diags);
    return c;
}
std::unique_ptr<Checked> check_text(const std::string& text) { return check_files({{"spec.aa", text}}); }

const std::string cluster = "cluster prod {\n  nodes node-01 node-02 node-03\n}\n";  // lines 1-3

using Lines = std::vector<std::string>;

// ---------------------------------------------------------------- durations

TEST(Duration, ReadsEveryUnit) {
    EXPECT_EQ(aa::duration_ms("500ms"), 500);
    EXPECT_EQ(aa::duration_ms("30s"), 30000);
    EXPECT_EQ(aa::duration_ms("2m"), 120000);
    EXPECT_EQ(aa::duration_ms("1h"), 3600000);
    EXPECT_EQ(aa::duration_ms("-5s"), -5000);
}

TEST(Duration, RefusesAnythingElse) {
    for (const char* bad : {"30", "", "s", "30x", "30 s", "30sec", "1.5s", "s30", "99999999999999999999s"})
        EXPECT_FALSE(aa::duration_ms(bad)) << bad;
    EXPECT_TRUE(aa::is_bare_integer("30"));
    EXPECT_FALSE(aa::is_bare_integer("30s"));
}

// ---------------------------------------------------------------- a clean spec and its model

TEST(Model, SeedExampleBecomesTheModelOfThePcsCommands) {
    auto c = check_text(aa::test::read_file(aa::test::source_dir() / "examples/seed.aa"));
    ASSERT_TRUE(c->model) << c->rendered();
    EXPECT_TRUE(c->diags.empty()) << c->rendered();
    const aa::model::Model& m = *c->model;
    EXPECT_EQ(m.cluster, "prod");
    EXPECT_EQ(m.nodes, (std::vector<std::string>{"node-01", "node-02", "node-03"}));
    ASSERT_EQ(m.properties.size(), 1u);
    EXPECT_EQ(m.properties[0].name, "stonith-enabled");
    EXPECT_EQ(m.properties[0].value, "true");
    ASSERT_EQ(m.rsc_defaults.size(), 1u);
    EXPECT_EQ(m.rsc_defaults[0].name, "resource-stickiness");
    ASSERT_EQ(m.op_defaults.size(), 1u);
    EXPECT_EQ(m.op_defaults[0].value, "20s");
    const aa::model::Service& s = c->service("app_service");
    EXPECT_EQ(s.agent_class, "systemd");
    EXPECT_EQ(s.type, "app");
    EXPECT_EQ(s.unit, "app.service");
    ASSERT_EQ(s.ops.size(), 1u);
    EXPECT_EQ(s.ops[0].name, "monitor");
    EXPECT_EQ(s.ops[0].interval, "30s");
    EXPECT_TRUE(s.parallel_safe);
    ASSERT_TRUE(s.clone);
    EXPECT_EQ(s.clone->max, 2);
    EXPECT_EQ(s.clone->per_node, 1);
    ASSERT_EQ(s.clone->meta.size(), 2u);
    EXPECT_EQ(s.clone->meta[0].name, "clone-max");
    EXPECT_EQ(s.clone->meta[0].value, "2");
    EXPECT_EQ(s.clone->meta[1].name, "clone-node-max");
    EXPECT_EQ(s.resource_id(), "app_service-clone");
}

TEST(Model, EveryExampleChecksWithoutErrors) {
    int examples = 0;
    for (const auto& entry : std::filesystem::directory_iterator(aa::test::source_dir() / "examples")) {
        if (entry.path().extension() != ".aa") continue;
        ++examples;
        auto c = check_text(aa::test::read_file(entry.path()));
        EXPECT_TRUE(c->model) << entry.path() << ":\n" << c->rendered();
    }
    EXPECT_GE(examples, 4);
}

TEST(Model, UnitNamesBecomeSystemdTypes) {
    // One unit belongs to one service (E097): the three spellings of app.service are checked apart.
    for (const char* spelling : {"unit app", "unit \"app.service\"", "agent systemd:app"}) {
        auto one = check_text(cluster + "service a {\n  " + spelling + "\n}\n");
        ASSERT_TRUE(one->model) << one->rendered();
        EXPECT_EQ(one->service("a").agent_class, "systemd") << spelling;
        EXPECT_EQ(one->service("a").type, "app") << spelling;
        EXPECT_EQ(one->service("a").unit, "app.service") << spelling;
    }
    auto c = check_text(cluster + R"(
service c {
  unit app.socket
}
service d {
  unit app@blue.service
}
)");
    ASSERT_TRUE(c->model) << c->rendered();
    EXPECT_EQ(c->service("c").type, "app.socket");
    EXPECT_EQ(c->service("c").unit, "app.socket");
    EXPECT_EQ(c->service("d").type, "app@blue");
    EXPECT_EQ(c->service("d").unit, "app@blue.service");
}

TEST(Model, AgentsSplitIntoClassProviderAndType) {
    auto c = check_text(cluster + R"(
service a {
  agent ocf:pacemaker:Dummy
}
service b {
  agent lsb:app
}
)");
    ASSERT_TRUE(c->model) << c->rendered();
    EXPECT_EQ(c->service("a").agent_class, "ocf");
    EXPECT_EQ(c->service("a").provider, "pacemaker");
    EXPECT_EQ(c->service("a").type, "Dummy");
    EXPECT_EQ(c->service("b").agent_class, "lsb");
    EXPECT_EQ(c->service("b").provider, "");
    EXPECT_EQ(c->service("b").type, "app");
}

TEST(Model, OpsAreMonitorsInWrittenOrderThenStartThenStop) {
    auto c = check_text(cluster + R"(
service app {
  unit app.service
  stop timeout 30s id "app-stop"
  monitor every 30s timeout 10s on-fail restart
  start timeout 60s
  monitor every 10s
}
)");
    ASSERT_TRUE(c->model) << c->rendered();
    const auto& ops = c->service("app").ops;
    ASSERT_EQ(ops.size(), 4u);
    EXPECT_EQ(ops[0].name, "monitor");
    EXPECT_EQ(ops[0].interval, "30s");
    EXPECT_EQ(ops[0].timeout, "10s");
    EXPECT_EQ(ops[0].on_fail, "restart");
    EXPECT_EQ(ops[1].interval, "10s");
    EXPECT_EQ(ops[2].name, "start");
    EXPECT_EQ(ops[2].interval, "0s");
    EXPECT_EQ(ops[2].timeout, "60s");
    EXPECT_EQ(ops[3].name, "stop");
    EXPECT_EQ(ops[3].id, "app-stop");
}

TEST(Model, CloneMetaIsCountsThenFlagsInVocabularyOrderThenMeta) {
    auto c = check_text(cluster + R"(
service app {
  agent ocf:pacemaker:Dummy
  parallel-safe
  clone {
    meta target-role = Stopped
    notify
    per-node 1
    interleave
    max 3
    meta clone-min = 1
  }
}
)");
    ASSERT_TRUE(c->model) << c->rendered();
    std::vector<std::string> got;
    for (const auto& nv : c->service("app").clone->meta) got.push_back(nv.name + "=" + nv.value);
    EXPECT_EQ(got, (std::vector<std::string>{"clone-max=3", "clone-node-max=1", "interleave=true", "notify=true",
                                             "target-role=Stopped", "clone-min=1"}));
}

TEST(Model, LocationsArePrefersThenAvoidsWithPacemakerScores) {
    auto c = check_text(cluster + R"(
service app {
  unit app.service
  avoid node-03
  prefer node-02 score 50
  prefer node-01 score inf id "app-likes-01"
}
)");
    ASSERT_TRUE(c->model) << c->rendered();
    const auto& locs = c->service("app").locations;
    ASSERT_EQ(locs.size(), 3u);
    EXPECT_EQ(locs[0].node, "node-02");
    EXPECT_EQ(locs[0].score, "50");
    EXPECT_EQ(locs[1].node, "node-01");
    EXPECT_EQ(locs[1].score, "INFINITY");  // Pacemaker does not read "inf"
    EXPECT_EQ(locs[1].id, "app-likes-01");
    EXPECT_EQ(locs[2].node, "node-03");
    EXPECT_EQ(locs[2].score, "-INFINITY");
}

TEST(Model, RelationsGetPacemakerKindsAndDefaultScores) {
    auto c = check_text(cluster + R"(
service a {
  unit a.service
}
service b {
  unit b.service
}
order a then b
order b then a serialize
colocate b with a
colocate a with b score -100 id "apart"
)");
    ASSERT_TRUE(c->model) << c->rendered();
    const auto& m = *c->model;
    ASSERT_EQ(m.orders.size(), 2u);
    EXPECT_EQ(m.orders[0].kind, "Mandatory");
    EXPECT_EQ(m.orders[1].kind, "Serialize");
    ASSERT_EQ(m.colocations.size(), 2u);
    EXPECT_EQ(m.colocations[0].rsc, "b");
    EXPECT_EQ(m.colocations[0].with, "a");
    EXPECT_EQ(m.colocations[0].score, "INFINITY");
    EXPECT_EQ(m.colocations[1].score, "-100");
    EXPECT_EQ(m.colocations[1].id, "apart");
}

TEST(Model, RoutesCarryRouterServersAndDrainInMilliseconds) {
    auto c = check_text(aa::test::read_file(aa::test::source_dir() / "examples/web-haproxy.aa"));
    ASSERT_TRUE(c->model) << c->rendered();
    ASSERT_EQ(c->model->routes.size(), 1u);
    const aa::model::Route& r = c->model->routes[0];
    EXPECT_EQ(r.service, "nginx");
    EXPECT_EQ(r.via, aa::model::Route::Via::Haproxy);
    EXPECT_EQ(r.backend, "be_web");
    EXPECT_EQ(r.socket, "/run/haproxy/admin.sock");
    ASSERT_EQ(r.servers.size(), 4u);
    EXPECT_EQ(r.servers[3].node, "web-04");
    EXPECT_EQ(r.servers[3].name, "web4");
    EXPECT_EQ(r.drain, "30s");
    EXPECT_EQ(r.drain_ms, 30000u);
}

TEST(Model, DnsRoutesCarryTheRecordKeyTtlAndADrainOfAtLeastTheTtl) {
    auto c = check_text(aa::test::read_file(aa::test::source_dir() / "examples/web-dns.aa"));
    ASSERT_TRUE(c->model) << c->rendered();
    const aa::model::Route& r = c->model->routes.at(0);
    EXPECT_EQ(r.via, aa::model::Route::Via::Dns);
    EXPECT_EQ(r.zone, "app.example");
    EXPECT_EQ(r.backend, "web.app.example");
    EXPECT_EQ(r.dns_server, "192.0.2.53:53");
    EXPECT_EQ(r.key_file, "/etc/aa/app.key");
    EXPECT_EQ(r.ttl_s, 30u);
    EXPECT_EQ(r.servers.at(2).name, "2001:db8::3");
    EXPECT_EQ(r.drain_ms, 30000u);

    std::string shorter = aa::test::read_file(aa::test::source_dir() / "examples/web-dns.aa");
    shorter.replace(shorter.find("drain 30s"), 9, "drain 5s");
    shorter.replace(shorter.find("ttl 30s"), 7, "ttl 40s");
    auto raised = check_text(shorter);
    ASSERT_TRUE(raised->model) << raised->rendered();
    EXPECT_EQ(raised->model->routes.at(0).drain_ms, 40000u);
    EXPECT_NE(raised->rendered().find("W080"), std::string::npos) << raised->rendered();
}

TEST(Model, NginxRoutesCarryTheUpstreamFileAndConfig) {
    auto c = check_text(aa::test::read_file(aa::test::source_dir() / "examples/web-nginx.aa"));
    ASSERT_TRUE(c->model) << c->rendered();
    const aa::model::Route& r = c->model->routes.at(0);
    EXPECT_EQ(r.via, aa::model::Route::Via::Nginx);
    EXPECT_EQ(r.backend, "be_app");
    EXPECT_EQ(r.upstream_file, "/etc/nginx/aa/app.conf");
    EXPECT_EQ(r.nginx_config, "/etc/nginx/nginx.conf");
    EXPECT_EQ(r.servers.at(0).name, "10.0.0.1:8080");
    EXPECT_EQ(r.drain_ms, 10000u);
}

TEST(Model, ReorderingStatementsInsideBlocksKeepsTheModel) {
    // `aa fmt` puts statements in canonical order; that must never change what the spec means.
    auto written = check_text(cluster + R"(
service app {
  prefer node-01
  clone {
    interleave
    max 2
  }
  parallel-safe
  meta failure-timeout = 5m
  monitor every 30s
  avoid node-03
  param x = 1
  agent ocf:pacemaker:Dummy
  monitor every 10s
  meta priority = 5
}
)");
    auto canonical = check_text(cluster + R"(
service app {
  agent ocf:pacemaker:Dummy
  param x = 1
  monitor every 30s
  monitor every 10s
  meta failure-timeout = 5m
  meta priority = 5
  parallel-safe
  clone {
    max 2
    interleave
  }
  prefer node-01
  avoid node-03
}
)");
    ASSERT_TRUE(written->model && canonical->model);
    const auto& a = written->service("app");
    const auto& b = canonical->service("app");
    auto ops = [](const aa::model::Service& s) {
        std::string out;
        for (const auto& o : s.ops) out += o.name + "/" + o.interval + " ";
        return out;
    };
    auto pairs = [](const std::vector<aa::model::NvPair>& v) {
        std::string out;
        for (const auto& p : v) out += p.name + "=" + p.value + " ";
        return out;
    };
    auto locs = [](const aa::model::Service& s) {
        std::string out;
        for (const auto& l : s.locations) out += l.node + "=" + l.score + " ";
        return out;
    };
    EXPECT_EQ(ops(a), ops(b));
    EXPECT_EQ(pairs(a.meta), pairs(b.meta));
    EXPECT_EQ(pairs(a.params), pairs(b.params));
    EXPECT_EQ(pairs(a.clone->meta), pairs(b.clone->meta));
    EXPECT_EQ(locs(a), locs(b));
}

TEST(Model, FilesOfOneSpecAreCheckedTogether) {
    auto c = check_files({{"cluster.aa", cluster}, {"app.aa", "service app {\n  unit app.service\n}\n"},
                          {"db.aa", "service db {\n  unit db.service\n}\norder db then app\n"}});
    ASSERT_TRUE(c->model) << c->rendered();
    EXPECT_EQ(c->model->services.size(), 2u);
    EXPECT_EQ(c->model->orders.size(), 1u);
}

RC_GTEST_PROP(Model, EveryGeneratedValidSpecChecksWithoutErrors, ()) {
    const std::string text = *aa::test::gen_valid_spec_text();
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::Spec spec;
    spec.files.push_back(aa::grammar::parse(sources, sources.add("gen.aa", text), diags));
    RC_PRE(!diags.has_errors());
    auto model = aa::check(spec, sources, diags);
    RC_ASSERT(model.has_value());
    if (!model) RC_FAIL(aa::render(diags.sorted(), sources) + "\n" + text);
}

RC_GTEST_PROP(Model, BrokenSpecsNeverCrashTheChecker, ()) {
    // Even an AST with holes left by syntax errors gets diagnostics, not a crash or an exception.
    const std::string text = *aa::test::gen_mutated_example();
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::Spec spec;
    spec.files.push_back(aa::grammar::parse(sources, sources.add("mutated.aa", text), diags));
    const bool syntax_errors = diags.has_errors();
    auto model = aa::check(spec, sources, diags);
    RC_ASSERT(model.has_value() == !diags.has_errors());
    if (syntax_errors) RC_ASSERT(!model.has_value());
}

// ---------------------------------------------------------------- cluster and defaults

TEST(CheckCluster, MissingClusterIsReportedOnce) {
    auto c = check_text("service app {\n  unit app.service\n  prefer node-01\n}\n");
    EXPECT_EQ(c->headlines(),
              Lines{"0:0: error[E012]: the spec has no `cluster` block; declare one: cluster NAME { nodes N1 N2 }"});
}

TEST(CheckCluster, SecondClusterPointsAtTheFirst) {
    auto c = check_text(cluster + "cluster staging {\n  nodes s1\n}\n");
    EXPECT_EQ(c->rendered(),
              "spec.aa:4:9: error[E011]: cluster \"staging\" is a second cluster; a spec describes exactly one\n"
              "  |\n"
              "4 | cluster staging {\n"
              "  |         ^^^^^^^\n"
              "  note: cluster \"prod\" declared here (spec.aa:1:9)\n");
}

TEST(CheckCluster, NodeListedTwice) {
    auto c = check_text("cluster prod {\n  nodes node-01 node-02\n  nodes node-01\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"3:9: error[E014]: node \"node-01\" is listed twice"});
    EXPECT_EQ(c->only().notes.at(0).span.line, 2u);
}

TEST(CheckCluster, ClusterWithoutNodes) {
    auto c = check_text("cluster prod {\n  property stonith-enabled = true\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"1:9: error[E015]: cluster \"prod\" declares no nodes; add `nodes N1 N2 ...`"});
}

TEST(CheckCluster, PropertySetTwiceAndUnknownProperty) {
    auto c = check_text(
        "cluster prod {\n  nodes n1\n  property stonith-enabled = true\n  property stonith-enabled = false\n"
        "  property no-quorum-polcy = stop\n}\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"4:12: error[E014]: property \"stonith-enabled\" is set twice",
                     "5:12: error[E090]: unknown cluster property \"no-quorum-polcy\"; Pacemaker 2.1.5 has no such "
                     "option"}));
    EXPECT_EQ(c->diags.sorted()[1].fixit->replacement, "no-quorum-policy");
}

TEST(CheckDefaults, SecondBlockAndKeySetTwice) {
    auto c = check_text(cluster +
                        "defaults {\n  resource resource-stickiness = 1\n  op timeout = 20s\n  op timeout = 30s\n}\n"
                        "defaults {\n  resource priority = 1\n}\n");
    EXPECT_EQ(c->headlines(), (Lines{"7:6: error[E014]: op default \"timeout\" is set twice",
                                     "9:1: error[E013]: a second `defaults` block; a spec has at most one"}));
}

// ---------------------------------------------------------------- services

TEST(CheckService, DuplicateServicePointsAtTheFirst) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n}\nservice app {\n  unit other.service\n}\n");
    EXPECT_EQ(c->rendered(),
              "spec.aa:7:9: error[E010]: service \"app\" is declared twice\n"
              "  |\n"
              "7 | service app {\n"
              "  |         ^^^\n"
              "  note: first declared here (spec.aa:4:9)\n");
}

TEST(CheckService, UnitAndAgentBothOrNeither) {
    auto c = check_text(cluster +
                        "service a {\n  unit a.service\n  agent ocf:pacemaker:Dummy\n}\n"
                        "service b {\n  monitor every 30s\n}\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"6:3: error[E020]: service \"a\" has both `unit` and `agent`; keep one",
                     "8:9: error[E021]: service \"b\" has neither `unit` nor `agent`; say what runs it, e.g. `unit "
                     "b.service`"}));
}

TEST(CheckService, MalformedAgents) {
    auto c = check_text(cluster +
                        "service a {\n  agent ocf:Dummy\n}\n"
                        "service b {\n  agent osf:pacemaker:Dummy\n}\n"
                        "service c {\n  agent lsb:\n}\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"5:9: error[E022]: agent \"ocf:Dummy\" of service \"a\" is malformed: write ocf:PROVIDER:TYPE, "
                     "e.g. ocf:pacemaker:Dummy",
                     "8:9: error[E022]: agent \"osf:pacemaker:Dummy\" of service \"b\" is malformed: unknown class "
                     "\"osf\" (known: ocf, lsb, systemd, service, stonith, nagios, upstart)",
                     "11:9: error[E022]: agent \"lsb:\" of service \"c\" is malformed: write lsb:TYPE"}));
    EXPECT_EQ(c->diags.sorted()[1].fixit->replacement, "ocf:pacemaker:Dummy");
}

TEST(CheckService, ParamOnSystemdUnit) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  param port = 8080\n}\n");
    EXPECT_EQ(c->headlines(),
              Lines{"6:3: error[E023]: service \"app\" runs through class systemd, which takes no `param` (Pacemaker "
                    "passes parameters only to ocf, stonith and nagios agents)"});
    EXPECT_EQ(c->only().notes.at(0).span.line, 5u);
}

TEST(CheckService, TemplateUnitNeedsAnInstance) {
    auto c = check_text(cluster + "service app {\n  unit app@.service\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"5:8: error[E024]: unit \"app@.service\" of service \"app\" is a template; name "
                                    "an instance, e.g. \"app@NAME.service\""});
}

TEST(CheckService, MalformedUnitNames) {
    auto c = check_text(cluster + "service a {\n  unit \"app server\"\n}\nservice b {\n  unit @x.service\n}\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"5:8: error[E025]: unit \"app server\" of service \"a\" is not a valid unit name: ` ` is not "
                     "allowed in unit names",
                     "8:8: error[E025]: unit \"@x.service\" of service \"b\" is not a valid unit name: the name "
                     "before `@` is empty"}));
}

TEST(CheckService, UnitSuffixTypoIsAWarning) {
    auto c = check_text(cluster + "service app {\n  unit app.servce\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"5:8: warning[W010]: unit \"app.servce\" has no unit type suffix; systemd will "
                                    "look for \"app.servce.service\""});
    EXPECT_EQ(c->only().fixit->replacement, "app.service");
    ASSERT_TRUE(c->model);
}

TEST(CheckService, MonitorsWithTheSameIntervalInAnySpelling) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  monitor every 60s\n  monitor every 1m\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"7:17: error[E014]: service \"app\" has two monitors every 1m"});
}

TEST(CheckService, SecondStartTimeoutAndSecondUnit) {
    auto c = check_text(cluster +
                        "service app {\n  unit app.service\n  unit app2.service\n  start timeout 60s\n"
                        "  start timeout 90s\n}\n");
    EXPECT_EQ(c->headlines(), (Lines{"6:3: error[E014]: service \"app\" has a second `unit`",
                                     "8:3: error[E014]: service \"app\" has a second `start timeout`"}));
}

TEST(CheckService, ParamAndMetaSetTwice) {
    auto c = check_text(cluster +
                        "service app {\n  agent ocf:pacemaker:Dummy\n  param state = a\n  param state = b\n"
                        "  meta priority = 1\n  meta priority = 2\n}\n");
    EXPECT_EQ(c->headlines(), (Lines{"7:9: error[E014]: param \"state\" of service \"app\" is set twice",
                                     "9:8: error[E014]: meta \"priority\" of service \"app\" is set twice"}));
}

TEST(CheckService, UnknownMetaAttributeIsAWarningACloneAttributeAnError) {
    auto c = check_text(cluster +
                        "service app {\n  unit app.service\n  meta migration-treshold = 3\n  meta interleave = true\n}\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"6:8: warning[W004]: unknown meta attribute \"migration-treshold\" of service \"app\"",
                     "7:8: error[E092]: meta attribute \"interleave\" of service \"app\" has no effect here; it is a "
                     "clone attribute and has an effect only on a clone: write `clone { interleave }` in the service"}));
    EXPECT_EQ(c->diags.sorted()[0].fixit->replacement, "migration-threshold");
    EXPECT_FALSE(c->model);
}

// ---------------------------------------------------------------- durations, scores, on-fail

TEST(CheckValues, BareNumberWhereADurationIsExpected) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  monitor every 30\n}\n");
    EXPECT_EQ(c->rendered(),
              "spec.aa:6:17: error[E060]: monitor interval of service \"app\" is the bare number 30; a duration "
              "needs a unit (ms, s, m, h)\n"
              "  |\n"
              "6 |   monitor every 30\n"
              "  |                 ^^\n"
              "  help: did you mean `30s`?\n");
}

TEST(CheckValues, ZeroAndNegativeDurations) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  monitor every 0s\n  stop timeout -5s\n}\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"6:17: error[E061]: monitor interval of service \"app\" must be longer than zero, not 0s",
                     "7:16: error[E061]: stop timeout of service \"app\" must be longer than zero, not -5s"}));
}

TEST(CheckValues, MonitorTimeoutLongerThanItsInterval) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  monitor every 10s timeout 30s\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"6:29: warning[W003]: monitor timeout 30s of service \"app\" is longer than its "
                                    "interval 10s; a check that hangs goes unnoticed for longer than the interval"});
}

TEST(CheckValues, UnknownOnFailAction) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  monitor every 30s on-fail restrat\n}\n");
    EXPECT_EQ(c->headlines(),
              Lines{"6:29: error[E063]: unknown on-fail action \"restrat\" of service \"app\" (known: ignore, block, "
                    "demote, stop, restart, standby, fence, restart-container)"});
    EXPECT_EQ(c->only().fixit->replacement, "restart");
}

TEST(CheckValues, ScoreBeyondInfinityIsClampedByPacemaker) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  prefer node-01 score 5000000\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"6:24: warning[W006]: score of `prefer node-01` of service \"app\" 5000000 is "
                                    "beyond INFINITY (1000000); Pacemaker treats it as INFINITY"});
}

// ---------------------------------------------------------------- clones

TEST(CheckClone, CloneWithoutParallelSafe) {
    auto c = check_text(cluster + "service app_service {\n  unit app.service\n  clone max 2 per-node 1\n}\n");
    EXPECT_EQ(c->rendered(),
              "spec.aa:6:3: error[E030]: service \"app_service\" is cloned but not declared parallel-safe\n"
              "  |\n"
              "6 |   clone max 2 per-node 1\n"
              "  |   ^^^^^\n"
              "  note: add `parallel-safe` to service \"app_service\" once its shared state is built for concurrent "
              "access (spec.aa:4:9)\n");
}

TEST(CheckClone, ParallelSafeWithoutCloneIsPointless) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  parallel-safe\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"6:3: warning[W005]: service \"app\" is declared parallel-safe but not cloned; "
                                    "it runs on one node"});
}

TEST(CheckClone, SystemdRunsOneInstancePerHost) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  parallel-safe\n  clone max 2 per-node 2\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"7:24: error[E031]: clone per-node of service \"app\" is 2, but systemd runs one "
                                    "instance of a unit per host; use per-node 1"});
}

TEST(CheckClone, MaxAboveEligibleNodes) {
    auto c = check_text(cluster +
                        "service app {\n  unit app.service\n  parallel-safe\n  clone max 3 per-node 1\n  avoid "
                        "node-03\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"7:13: error[E032]: clone max of service \"app\" is 3, but only 2 of the "
                                    "cluster's 3 nodes are eligible (1 avoided)"});
}

TEST(CheckClone, MaxMayUseSeveralInstancesPerNodeForAgentsThatAllowIt) {
    auto ok = check_text(cluster + "service app {\n  agent ocf:pacemaker:Dummy\n  parallel-safe\n  clone max 6 "
                                   "per-node 2 globally-unique\n}\n");
    EXPECT_TRUE(ok->diags.empty()) << ok->rendered();
    auto c = check_text(cluster + "service app {\n  agent ocf:pacemaker:Dummy\n  parallel-safe\n  clone max 7 "
                                  "per-node 2 globally-unique\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"7:13: error[E032]: clone max of service \"app\" is 7, but only 3 of the "
                                    "cluster's 3 nodes are eligible, with per-node 2 at most 6 instances fit"});
}

TEST(CheckClone, AnonymousCloneRunsOneInstancePerNode) {
    auto c = check_text(cluster +
                        "service app {\n  agent ocf:pacemaker:Dummy\n  parallel-safe\n  clone max 6 per-node 2\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"7:3: error[E034]: clone of service \"app\" runs 2 instances per node, but an "
                                    "anonymous clone runs at most one per node; add `globally-unique` or use per-node 1"});
}

TEST(CheckClone, CountsBelowOneOrTooLarge) {
    auto c = check_text(cluster +
                        "service app {\n  agent ocf:pacemaker:Dummy\n  parallel-safe\n  clone max 0 per-node "
                        "99999999999\n}\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"7:13: error[E033]: clone max of service \"app\" must be at least 1, not 0",
                     "7:24: error[E064]: clone per-node of service \"app\" `99999999999` is too large"}));
}

TEST(CheckClone, CloneOptionSetTwice) {
    auto c = check_text(cluster +
                        "service app {\n  unit app.service\n  parallel-safe\n  clone {\n    max 2\n    meta clone-max = "
                        "3\n  }\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"9:10: error[E014]: the clone of service \"app\" sets \"clone-max\" twice"});
}

// ---------------------------------------------------------------- locations

TEST(CheckLocation, UndefinedNodeSuggestsTheClosest) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  prefer node-1\n}\n");
    EXPECT_EQ(c->rendered(),
              "spec.aa:6:10: error[E040]: `prefer` of service \"app\" names node \"node-1\", which is not a node of "
              "cluster \"prod\"\n"
              "  |\n"
              "6 |   prefer node-1\n"
              "  |          ^^^^^^\n"
              "  help: did you mean `node-01`?\n");
}

TEST(CheckLocation, PreferAndAvoidTheSameNode) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  prefer node-01 score 100\n  avoid node-01\n}\n");
    EXPECT_EQ(c->headlines(),
              Lines{"7:9: error[E042]: service \"app\" both prefers and avoids node \"node-01\"; keep one"});
    EXPECT_EQ(c->only().notes.at(0).span.line, 6u);
}

TEST(CheckLocation, SameLocationTwice) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  avoid node-02\n  avoid node-02\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"7:9: error[E014]: service \"app\" has a second `avoid node-02`"});
}

TEST(CheckLocation, AvoidingEveryNodeLeavesNowhereToRun) {
    auto c = check_text("cluster prod {\n  nodes a b\n}\nservice app {\n  unit app.service\n  avoid a\n  avoid b\n}\n");
    EXPECT_EQ(c->headlines(),
              Lines{"4:9: warning[W009]: service \"app\" avoids every node of cluster \"prod\"; it can run nowhere"});
}

// ---------------------------------------------------------------- relations

const std::string two_services = cluster + "service db {\n  unit db.service\n}\nservice app {\n  unit app.service\n}\n";
// lines 4-9; relations start at line 10

TEST(CheckRelations, UndefinedServiceSuggestsTheClosest) {
    auto c = check_text(two_services + "order dbb then app\ncolocate app with cache\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"10:7: error[E041]: `order` names service \"dbb\", which is not declared",
                     "11:19: error[E041]: `colocate` names service \"cache\", which is not declared"}));
    EXPECT_EQ(c->diags.sorted()[0].fixit->replacement, "db");
    EXPECT_FALSE(c->diags.sorted()[1].fixit);
}

TEST(CheckRelations, ConstraintBetweenAServiceAndItself) {
    auto c = check_text(two_services + "order app then app\ncolocate db with db\n");
    EXPECT_EQ(c->headlines(), (Lines{"10:16: error[E044]: service \"app\" is ordered after itself",
                                     "11:18: error[E044]: service \"db\" is colocated with itself"}));
}

TEST(CheckRelations, IdenticalConstraintsTwice) {
    auto c = check_text(two_services + "order db then app\norder db then app optional\n"
                                       "colocate app with db\ncolocate app with db score 5\n");
    EXPECT_EQ(c->headlines(), (Lines{"11:1: error[E014]: `order db then app` is declared twice",
                                     "13:1: error[E014]: `colocate app with db` is declared twice"}));
}

TEST(CheckRelations, OrderingCycleIsNamedInANote) {
    auto c = check_text(two_services + "service web {\n  unit web.service\n}\n"
                                       "order db then app\norder app then web\norder web then db\n");
    EXPECT_EQ(c->rendered(),
              "spec.aa:15:1: error[E043]: ordering cycle: db -> app -> web -> db; none of these services can start "
              "first\n"
              "   |\n"
              "15 | order web then db\n"
              "   | ^^^^^^^^^^^^^^^^^\n"
              "  note: the cycle: db -> app -> web -> db\n"
              "  note: `order db then app` here (spec.aa:13:1)\n"
              "  note: `order app then web` here (spec.aa:14:1)\n");
}

TEST(CheckRelations, SerializeIsNotADirectionAndMakesNoCycle) {
    auto c = check_text(two_services + "order db then app\norder app then db serialize\n");
    EXPECT_TRUE(c->diags.empty()) << c->rendered();
}

TEST(CheckRelations, MandatoryOrderBetweenClonesWantsInterleaveOnTheDependent) {
    const std::string clones = cluster +
                               "service db {\n  unit db.service\n  parallel-safe\n  clone max 2\n}\n"
                               "service app {\n  unit app.service\n  parallel-safe\n  clone max 2\n}\n";  // 4-13
    auto c = check_text(clones + "order db then app\n");
    EXPECT_EQ(c->headlines(),
              Lines{"14:15: warning[W012]: cloned service \"app\" is ordered after cloned service \"db\" without "
                    "`interleave`: every instance of \"app\" waits for all instances of \"db\" and restarts "
                    "whenever any of them restarts"});
    EXPECT_EQ(c->only().notes.at(0).span.line, 12u);
    EXPECT_TRUE(check_text(clones + "order db then app optional\n")->diags.empty());
    auto interleaved = check_text(cluster +
                                  "service db {\n  unit db.service\n  parallel-safe\n  clone max 2\n}\n"
                                  "service app {\n  unit app.service\n  parallel-safe\n  clone max 2 interleave\n}\n"
                                  "order db then app\n");
    EXPECT_TRUE(interleaved->diags.empty()) << interleaved->rendered();
}

TEST(CheckRelations, ALongChainWithoutCycleIsFine) {
    std::string text = cluster;
    for (int i = 0; i < 3000; ++i) text += "service s" + std::to_string(i) + " {\n  unit s" + std::to_string(i) + ".service\n}\n";
    for (int i = 1; i < 3000; ++i) text += "order s" + std::to_string(i - 1) + " then s" + std::to_string(i) + "\n";
    auto c = check_text(text);
    EXPECT_TRUE(c->diags.empty());
}

// ---------------------------------------------------------------- routes

const std::string cloned_app =
    cluster + "service app {\n  unit app.service\n  parallel-safe\n  clone max 3 per-node 1\n}\n";  // lines 4-8

TEST(CheckRoute, RouteForAServiceThatIsNotCloned) {
    auto c = check_text(two_services +
                        "route app {\n  via haproxy backend be socket \"/s\"\n  server node-01 a1\n  server node-02 "
                        "a2\n  server node-03 a3\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"10:7: warning[W001]: route for service \"app\", which is not cloned: it runs on "
                                    "one node at a time"});
}

TEST(CheckRoute, ServersOnUndefinedNodesDuplicatesAndMissingNodes) {
    auto c = check_text(cloned_app +
                        "route app {\n  via haproxy backend be socket \"/s\"\n  server node-01 a1\n  server node-1 "
                        "a2\n  server node-01 a3\n  server node-02 a1\n}\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"9:7: warning[W002]: node \"node-03\" of cluster \"prod\" has no server in route "
                     "\"app\"; the router will never send it traffic",
                     "12:10: error[E040]: `server` of route \"app\" names node \"node-1\", which is not a node of "
                     "cluster \"prod\"",
                     "13:10: error[E014]: node \"node-01\" has a second server in route \"app\"",
                     "14:18: error[E014]: server \"a1\" is named twice in route \"app\""}));
}

TEST(CheckRoute, AvoidedNodesNeedNoServer) {
    auto c = check_text(cluster +
                        "service app {\n  unit app.service\n  parallel-safe\n  clone max 2\n  avoid node-03\n}\n"
                        "route app {\n  via command drain \"lb off {server}\" ready \"lb on {server}\"\n  server "
                        "node-01 a1\n  server node-02 a2\n}\n");
    EXPECT_TRUE(c->diags.empty()) << c->rendered();
}

TEST(CheckRoute, RouteWithoutViaOrServersAndTwoRoutes) {
    auto c = check_text(cloned_app + "route app {\n  drain 30s\n}\nroute app {\n  via haproxy backend be address "
                                     "127.0.0.1:9999\n  server node-01 a1\n  server node-02 a2\n  server node-03 "
                                     "a3\n}\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"9:7: error[E050]: route \"app\" has no `via`; say which router: `via haproxy ...`, "
                     "`via dns ...`, `via nginx ...` or `via command ...`",
                     "9:7: error[E050]: route \"app\" declares no `server NODE NAME`",
                     "12:7: error[E014]: service \"app\" has a second route"}));
}

TEST(CheckRoute, MalformedAddressZeroDrainAndUnknownPlaceholder) {
    auto c = check_text(cloned_app +
                        "route app {\n  via command drain \"lb off {sever}\" ready \"lb on {server}\"\n  server node-01 "
                        "a1\n  server node-02 a2\n  server node-03 a3\n  drain 0s\n}\n"
                        "route web {\n  via haproxy backend be address localhost\n  server node-01 w1\n}\n");
    EXPECT_EQ(c->headlines(),
              (Lines{"10:21: warning[W008]: command of route \"app\" uses {sever}, which is not substituted (known: "
                     "{node}, {server}, {backend})",
                     "14:9: error[E061]: drain of route \"app\" must be longer than zero, not 0s",
                     "16:7: error[E041]: `route` names service \"web\", which is not declared",
                     "17:34: error[E052]: address \"localhost\" of route \"web\" is not HOST:PORT"}));
}

// ---------------------------------------------------------------- ids

TEST(CheckIds, ServiceNamedLikeTheCloneOfAnother) {
    auto c = check_text(cluster + "service a-clone {\n  unit x.service\n}\nservice a {\n  unit a.service\n  "
                                  "parallel-safe\n  clone max 2\n}\n");
    EXPECT_EQ(c->rendered(),
              "spec.aa:10:3: error[E070]: id \"a-clone\" of the clone of service \"a\" collides with the id of "
              "service \"a-clone\"\n"
              "   |\n"
              "10 |   clone max 2\n"
              "   |   ^^^^^\n"
              "  note: service \"a-clone\" declared here (spec.aa:4:9)\n");
}

TEST(CheckIds, ExplicitIdEqualToAGeneratedOne) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  monitor every 30s\n  monitor every 10s id "
                                  "\"app-monitor-interval-30s\"\n}\n");
    EXPECT_EQ(c->headlines(), Lines{"7:24: error[E070]: id \"app-monitor-interval-30s\" of `monitor every 10s` of service "
                                    "\"app\" collides with the id of `monitor every 30s` of service \"app\""});
}

TEST(CheckIds, ExplicitIdThatIsNotAnXmlId) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  monitor every 30s id \"1-monitor\"\n}\n");
    EXPECT_EQ(c->headlines(),
              Lines{"6:24: error[E071]: id \"1-monitor\" is not a valid XML id: it must start with a letter or `_` "
                    "and hold only letters, digits, `_`, `-` and `.`"});
}

// ---------------------------------------------------------------- all at once, and fast

TEST(Check, ReportsEveryErrorNotJustTheFirst) {
    auto c = check_text(cluster + "service app {\n  unit app.service\n  monitor every 30\n  clone max 9\n  prefer "
                                  "nod-01\n}\norder app then ghost\n");
    EXPECT_EQ(c->diags.error_count(), 5u) << c->rendered();  // E060, E030, E032, E040, E041
}

// A spec with an error on every line is counted whole but keeps (and prints) only the first
// Diagnostics::max_kept messages: memory stays bounded by the kept ones, not by the spec.
TEST(Check, AnErrorOnEveryLineIsCountedButOnlyTheFirstThousandAreKept) {
    // The counts are the checker's own: no harness filter, so the cluster says it cannot be fenced.
    std::string text = "cluster prod {\n  nodes node-01 node-02 node-03\n  property stonith-enabled = false\n}\n";
    for (int i = 0; i < 3000; ++i) text += "colocate a" + std::to_string(i) + " with b" + std::to_string(i) + "\n";
    auto c = check_files({{"spec.aa", text}}, true);
    EXPECT_EQ(c->diags.error_count(), 6000u);  // two unknown names per line
    EXPECT_EQ(c->diags.items().size(), aa::Diagnostics::max_kept);
    EXPECT_EQ(c->diags.dropped(), 5000u);
    EXPECT_EQ(aa::summary(c->diags), "6000 errors (5000 diagnostics not shown: the first 1000 are)");
    EXPECT_FALSE(c->model.has_value());
}

// Speed is measured in bench/check_bench.cpp, not asserted here: a timed test on a shared machine
// measures the neighbours. This proves the large generated spec is valid and fully modelled.
TEST(Check, TenThousandClonedServicesGiveAModel) {
    const std::string text = aa::test::generate_large_spec(10000);
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::Spec spec;
    spec.files.push_back(aa::grammar::parse(sources, sources.add("big.aa", text), diags));
    ASSERT_FALSE(diags.has_errors());
    auto model = aa::check(spec, sources, diags);
    ASSERT_TRUE(model) << aa::render(diags.sorted(), sources);
    EXPECT_EQ(model->services.size(), 10000u);
    EXPECT_EQ(model->orders.size() + model->colocations.size(), 9999u);
}

}  // namespace

// ---- fencing (docs/language-v2.md, "Fencing") ----
namespace {

const std::string fenced = cluster +
                           "fence ipmi {\n"                    // 4
                           "  agent stonith:fence_ipmilan\n"   // 5
                           "  monitor every 60s\n"             // 6
                           "  hosts node-01 node-02\n"         // 7
                           "  delay-max 5s\n"                  // 8
                           "}\n";                              // 9

// One of `lines` starts with `prefix` (the message's head; the rest is said in its own test).
bool has_headline(const std::vector<std::string>& lines, const std::string& prefix) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
}

}  // namespace

TEST(CheckFencing, ADeviceIsAStonithPrimitiveWithItsHosts) {
    auto c = check_text(fenced + "fence pdu {\n  agent stonith:fence_apc\n  param ip = 10.0.0.1\n  host-map node-03 = 3\n"
                                 "  host-map node-01 = \"1\"\n  monitor every 60s\n}\n");
    ASSERT_TRUE(c->model) << c->rendered();
    EXPECT_EQ(c->headlines(), std::vector<std::string>{});
    const aa::model::Service& ipmi = c->service("ipmi");
    EXPECT_TRUE(ipmi.fence());
    EXPECT_EQ(ipmi.agent_class, "stonith");
    EXPECT_EQ(ipmi.type, "fence_ipmilan");
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& p : ipmi.params) params.emplace_back(p.name, p.value);
    EXPECT_EQ(params, (std::vector<std::pair<std::string, std::string>>{{"pcmk_host_list", "node-01 node-02"},
                                                                          {"pcmk_delay_max", "5s"}}));
    ASSERT_EQ(ipmi.ops.size(), 1u);
    EXPECT_EQ(ipmi.ops[0].interval, "60s");
    EXPECT_EQ(c->service("pdu").params.at(1).value, "node-03:3;node-01:1");
}

// pcs adds the agent's default monitor; aa writes what the spec says and warns instead, so a CIB
// without a monitor imports as it is.
TEST(CheckFencing, ADeviceWithoutAMonitorIsWarnedNotGivenOne) {
    auto c = check_text(cluster + "fence ipmi {\n  agent stonith:fence_ipmilan\n}\n");
    EXPECT_EQ(c->headlines(), std::vector<std::string>{
                                  "4:7: warning[W055]: fence device \"ipmi\" has no monitor: a broken device goes "
                                  "unnoticed until a node must be fenced; add `monitor every 60s` (what `pcs stonith "
                                  "create` adds)"});
    EXPECT_TRUE(c->service("ipmi").ops.empty());
}

TEST(CheckFencing, NoDeviceWhileStonithIsEnabledIsWarnedExplicitOrByDefault) {
    auto by_default = check_files({{"spec.aa", cluster}}, true);
    EXPECT_EQ(by_default->headlines(),
              std::vector<std::string>{"1:9: warning[W050]: stonith-enabled is true (Pacemaker's default) and the spec "
                                       "declares no fence device: Pacemaker starts no resource until the cluster has "
                                       "one; declare it with `fence NAME { agent stonith:TYPE ... }` unless the cluster "
                                       "has its own (aa plan looks)"});
    auto explicit_on = check_files({{"spec.aa", "cluster prod {\n  nodes node-01\n  property stonith-enabled = yes\n}\n"}}, true);
    ASSERT_EQ(explicit_on->headlines().size(), 1u);
    EXPECT_EQ(explicit_on->headlines()[0].substr(0, 46), "3:30: warning[W050]: stonith-enabled is yes an");
    auto off = check_files({{"spec.aa", "cluster prod {\n  nodes node-01\n  property stonith-enabled = false\n}\n"}}, true);
    EXPECT_TRUE(off->diags.empty()) << off->rendered();
    auto with_device = check_files({{"spec.aa", fenced + "fencing {\n  level 1 node-03 ipmi\n}\n"}}, true);
    EXPECT_TRUE(with_device->diags.empty()) << with_device->rendered();
}

TEST(CheckFencing, ANodeNoDeviceOrLevelCoversIsWarned) {
    auto c = check_text(fenced);
    EXPECT_EQ(c->headlines(), std::vector<std::string>{
                                  "2:25: warning[W054]: no fence device or fencing level of the spec can fence node "
                                  "\"node-03\": no device lists it in `hosts` or `host-map` and no level targets it"});
    // A pattern covers the nodes it matches; a device without host lists may fence any node.
    EXPECT_TRUE(check_text(fenced + "fencing {\n  level 1 pattern \"node-0[3-9]\" ipmi\n}\n")->diags.empty());
    EXPECT_TRUE(check_text(cluster + "fence any {\n  agent stonith:fence_xvm\n  monitor every 1m\n}\n")->diags.empty());
}

TEST(CheckFencing, LevelsAreNumberedOneToNineNameDevicesAndAreDeclaredOnce) {
    auto c = check_text(fenced + "service app {\n  unit app.service\n}\n" +
                        "fencing {\n"                          // 13
                        "  level 10 node-01 ipmi\n"            // 14
                        "  level 1 node-01 app ipmo\n"         // 15
                        "  level 1 node-09 ipmi\n"             // 16
                        "  level 2 pattern \"node-(\" ipmi\n"  // 17
                        "  level 3 node-02 ipmi\n"             // 18
                        "  level 3 node-02 ipmi\n"             // 19
                        "}\n");
    EXPECT_EQ(c->headlines(),
              (std::vector<std::string>{
                  // No level was valid, so node-03 is left uncovered.
                  "2:25: warning[W054]: no fence device or fencing level of the spec can fence node \"node-03\": no "
                  "device lists it in `hosts` or `host-map` and no level targets it",
                  "14:9: error[E160]: `level 10 node-01`: Pacemaker numbers fencing levels 1 to 9",
                  "15:19: error[E161]: `level 1 node-01` names \"app\", which is a service, not a fence device; "
                  "declare it with `fence app { agent stonith:TYPE }`",
                  "15:23: error[E161]: `level 1 node-01` names \"ipmo\", which is not a fence device of the spec; "
                  "declare it with `fence ipmo { agent stonith:TYPE }`",
                  "16:11: error[E040]: fencing `level` names node \"node-09\", which is not a node of cluster "
                  "\"prod\"",
                  "17:19: error[E163]: `level 2 pattern \"node-(\"` has a pattern that is not a POSIX extended regular "
                  "expression (Pacemaker reads target-pattern as one)",
                  "19:9: error[E014]: fencing level `level 3 node-02` is declared twice",
              }));
}

TEST(CheckFencing, AHugePatternIsRefusedBeforeTheRegexEngineSeesIt) {
    const std::string deep(5000, '(');
    auto c = check_text(fenced + "fencing {\n  level 1 pattern \"" + deep + "\" ipmi\n}\n");
    ASSERT_FALSE(c->model);
    EXPECT_TRUE(has_headline(c->headlines(), "11:19: error[E163]: `level 1 pattern")) << c->rendered();
    EXPECT_NE(c->rendered().find("has a pattern of 5000 characters; node patterns are at most 256"), std::string::npos)
        << c->rendered();
}

TEST(CheckFencing, ADeviceIsNeverClonedGroupedRoutedOrderedOrColocated) {
    auto c = check_text(fenced +
                        "fence twice {\n  agent stonith:fence_xvm\n  clone max 2\n}\n"  // 10-13
                        "service app {\n  unit app.service\n}\n"                       // 14-16
                        "group g {\n  members app ipmi\n}\n"                            // 17-19
                        "order ipmi then app\n"                                          // 20
                        "colocate app with ipmi\n"                                       // 21
                        "route ipmi {\n  via haproxy backend b address 127.0.0.1:9\n  server node-01 a\n}\n");  // 22
    auto has = [lines = c->headlines()](const std::string& prefix) { return has_headline(lines, prefix); };
    EXPECT_TRUE(has("12:3: error[E155]: fence device \"twice\" is cloned")) << c->rendered();
    EXPECT_TRUE(has("18:15: error[E158]: group \"g\" lists fence device \"ipmi\"")) << c->rendered();
    EXPECT_TRUE(has("20:7: error[E157]: `order` names fence device \"ipmi\"")) << c->rendered();
    EXPECT_TRUE(has("21:19: error[E157]: `colocate` names fence device \"ipmi\"")) << c->rendered();
    EXPECT_TRUE(has("22:7: error[E156]: route for fence device \"ipmi\"")) << c->rendered();
}

TEST(CheckFencing, AgentsHostsAndParamsOfADevice) {
    auto c = check_text(cluster +
                        "fence none {\n  hosts node-01\n}\n"                                          // 4-6
                        "fence ocf {\n  agent ocf:pacemaker:Dummy\n}\n"                               // 7-9
                        "fence twice {\n  agent stonith:fence_xvm\n  param pcmk_host_list = x\n"      // 10-12
                        "  hosts node-01 node-01\n  host-map node-02 = \"a;b\"\n"                    // 13-14
                        "  param pcmk_delay_bsae = 1s\n}\n"                                           // 15-16
                        "service old {\n  agent stonith:fence_xvm\n}\n");                           // 17-19
    auto has = [lines = c->headlines()](const std::string& prefix) { return has_headline(lines, prefix); };
    EXPECT_TRUE(has("4:7: error[E150]: fence device \"none\" has no `agent`")) << c->rendered();
    EXPECT_TRUE(has("8:9: error[E151]: fence device \"ocf\" runs agent \"ocf:pacemaker:Dummy\"")) << c->rendered();
    EXPECT_TRUE(has("13:3: error[E152]: `hosts` and `param pcmk_host_list` both set")) << c->rendered();
    EXPECT_TRUE(has("13:17: error[E014]: node \"node-01\" is listed twice in `hosts`")) << c->rendered();
    EXPECT_TRUE(has("14:22: error[E153]: port \"a;b\" of node \"node-02\"")) << c->rendered();
    EXPECT_TRUE(has("15:9: warning[W004]: unknown fence device parameter \"pcmk_delay_bsae\"")) << c->rendered();
    EXPECT_TRUE(has("18:3: warning[W051]: service \"old\" runs a stonith agent")) << c->rendered();
}
