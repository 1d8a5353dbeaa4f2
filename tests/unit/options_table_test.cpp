// The option table is Pacemaker's own metadata: regenerating it from the installed Pacemaker must
// give exactly the shipped compiler/lang/options_table.cpp. AA_UPDATE_OPTIONS=1 rewrites the file
// instead (scripts/gen-options), which is all a Pacemaker upgrade needs; review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "compiler/lang/options.hpp"
#include "compiler/lang/options_gen.hpp"
#include "support/test_support.hpp"

namespace fs = std::filesystem;
using namespace aa;

namespace {

// Where the distribution keeps Pacemaker's daemons (Debian; Fedora and SUSE use libexec).
fs::path daemon_dir() {
    for (const char* d : {"/usr/lib/pacemaker", "/usr/libexec/pacemaker"})
        if (fs::exists(fs::path(d) / "pacemaker-schedulerd")) return d;
    return {};
}

std::vector<options::DaemonMetadata> installed_metadata() {
    std::vector<options::DaemonMetadata> out;
    for (std::string_view daemon : options::metadata_daemons) {
        test::CommandResult r = test::run_command({(daemon_dir() / daemon).string(), "metadata"});
        EXPECT_EQ(r.exit_code, 0) << daemon << " metadata failed: " << r.err;
        out.push_back({std::string(daemon), r.out});
    }
    return out;
}

TEST(OptionsTable, RegeneratedFromInstalledPacemakerHasNoDifference) {
    ASSERT_FALSE(daemon_dir().empty()) << "Pacemaker's daemons are not installed (package pacemaker)";
    fs::path table = test::source_dir() / "compiler/lang/options_table.cpp";
    std::string resource = test::read_file(test::source_dir() / "compiler/lang/resource_options.txt");
    std::string generated = options::generate_table(installed_metadata(), resource);
    const char* update = std::getenv("AA_UPDATE_OPTIONS");
    if (update && std::string(update) == "1") {
        test::write_file(table, generated);
        GTEST_SKIP() << "rewrote " << table;
    }
    EXPECT_EQ(test::read_file(table), generated)
        << table << " is not what the installed Pacemaker describes; run scripts/gen-options and review the diff";
}

TEST(OptionsTable, VersionIsTheInstalledPacemakers) {
    test::CommandResult r = test::run_command({"pacemakerd", "--version"});
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find(std::string(options::pacemaker_version())), std::string::npos) << r.out;
}

TEST(OptionsTable, HoldsWhatTheDaemonsAndExplainedDescribe) {
    const options::Option* nqp = options::find(options::Scope::Cluster, "no-quorum-policy");
    ASSERT_NE(nqp, nullptr);
    EXPECT_EQ(nqp->type, options::Type::Enum);
    EXPECT_EQ(nqp->source, "pacemaker-schedulerd");
    EXPECT_EQ(nqp->default_value, "stop");
    EXPECT_EQ(nqp->values.size(), 5u);
    ASSERT_NE(options::find(options::Scope::Cluster, "load-threshold"), nullptr);
    EXPECT_EQ(options::find(options::Scope::Cluster, "load-threshold")->type, options::Type::Percentage);
    EXPECT_EQ(options::find(options::Scope::Cluster, "stonith-enabled")->type, options::Type::Boolean);
    EXPECT_TRUE(options::find(options::Scope::Cluster, "stonith-enabled")->advanced);
    EXPECT_EQ(options::find(options::Scope::FenceDevice, "pcmk_host_list")->source, "pacemaker-fenced");
    EXPECT_EQ(options::find(options::Scope::Cluster, "pcmk_host_list"), nullptr);
    EXPECT_EQ(options::find(options::Scope::Clone, "clone-max")->type, options::Type::Integer);
    EXPECT_EQ(options::find(options::Scope::Resource, "resource-stickiness")->type, options::Type::Score);
    EXPECT_EQ(options::find(options::Scope::Operation, "timeout")->type, options::Type::Duration);
    EXPECT_EQ(options::find(options::Scope::Resource, "clone-max"), nullptr);
    EXPECT_EQ(options::find_elsewhere("clone-max", options::Scope::Resource)->scope, options::Scope::Clone);
    // Each (scope, name) once, even though schedulerd and controld both list no-quorum-policy.
    std::size_t n = 0;
    for (const options::Option& o : options::all())
        if (o.scope == options::Scope::Cluster && o.name == "no-quorum-policy") ++n;
    EXPECT_EQ(n, 1u);
}

TEST(OptionsTable, AnUnknownContentTypeNamesItself) {
    std::string xml = R"(<resource-agent name="x" version="9"><parameters><parameter name="p">
        <shortdesc>d</shortdesc><content type="quantum"/></parameter></parameters></resource-agent>)";
    try {
        options::generate_table({{"pacemaker-schedulerd", xml}}, "");
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("quantum"), std::string::npos) << e.what();
    }
}

}  // namespace
