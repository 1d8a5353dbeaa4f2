// scripts/package builds aa_VERSION_ARCH.deb: it installs (into a scratch root here, with dpkg's
// own --root) the binary, one man page per command, bash and zsh completion, docs and examples;
// it depends on the Pacemaker CLI tools, and apt resolves it on this Debian.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace fs = std::filesystem;
using aa::test::run_command;
using aa::test::TempDir;

namespace {

// Built once for all tests of this file: packaging is a few seconds, installing under a root less.
struct Package {
    std::string deb;
    std::string error;
};

const Package& package() {
    static const Package pkg = [] {
        Package p;
        // The suite runs after the build: package what is built, into this process's own directory.
        static TempDir dir;
        fs::path build = aa::test::aa_binary().parent_path();
        auto r = run_command({(aa::test::source_dir() / "scripts/package").string(), "--no-build"}, {},
                             {"AA_BUILD=" + build.string(), "AA_PACKAGE_OUT=" + dir.path().string()});
        if (r.exit_code != 0) {
            p.error = "scripts/package failed: " + r.err + r.out;
            return p;
        }
        std::string out = r.out;
        while (!out.empty() && out.back() == '\n') out.pop_back();
        p.deb = out.substr(out.rfind('\n') + 1);  // the last line is the path
        return p;
    }();
    return pkg;
}

std::string field(const std::string& deb, const std::string& name) {
    return run_command({"dpkg-deb", "--field", deb, name}).out;
}

}  // namespace

TEST(Package, IsNamedAaVersionArchAndPrintedAsTheLastLine) {
    const Package& p = package();
    ASSERT_TRUE(p.error.empty()) << p.error;
    std::string arch = run_command({"dpkg", "--print-architecture"}).out;
    arch.pop_back();
    EXPECT_EQ(fs::path(p.deb).filename().string(), "aa_" + field(p.deb, "Version").substr(0, 5) + "_" + arch + ".deb");
    EXPECT_TRUE(fs::exists(p.deb));
}

TEST(Package, DependsOnThePacemakerCliToolsAndTheLibrariesItLinks) {
    const Package& p = package();
    ASSERT_TRUE(p.error.empty()) << p.error;
    std::string depends = field(p.deb, "Depends");
    EXPECT_NE(depends.find("pacemaker-cli-utils"), std::string::npos) << depends;
    EXPECT_NE(depends.find("libpugixml"), std::string::npos) << depends;
    EXPECT_NE(depends.find("libc6"), std::string::npos) << depends;
    // apt resolves it against this machine's archive (simulated: nothing is installed).
    auto sim = run_command({"apt-get", "install", "--simulate", "--no-install-recommends", p.deb});
    EXPECT_EQ(sim.exit_code, 0) << sim.err << sim.out;
}

TEST(Package, InstallsBinaryManPagesCompletionDocsAndExamplesIntoAScratchRoot) {
    const Package& p = package();
    ASSERT_TRUE(p.error.empty()) << p.error;
    TempDir root;
    fs::create_directories(root / "var/lib/dpkg/updates");
    fs::create_directories(root / "var/lib/dpkg/info");
    aa::test::write_file(root / "var/lib/dpkg/status", "");
    auto inst = run_command({"dpkg", "--root=" + root.path().string(), "--force-depends", "--force-script-chrootless",
                             "--install", p.deb});
    ASSERT_EQ(inst.exit_code, 0) << inst.err << inst.out;

    fs::path aa = root / "usr/bin/aa";
    ASSERT_TRUE(fs::exists(aa));
    auto version = run_command({aa.string(), "--version"});
    EXPECT_EQ(version.exit_code, 0);
    EXPECT_NE(version.out.find("built against Pacemaker"), std::string::npos) << version.out;

    for (const char* page : {"aa.1.gz", "aa-plan.1.gz", "aa-apply.1.gz", "aa-check.1.gz", "aa-route-sync.1.gz"})
        EXPECT_TRUE(fs::exists(root / "usr/share/man/man1" / page)) << page;
    auto man = run_command({"man", "-l", (root / "usr/share/man/man1/aa-apply.1.gz").string()}, {}, {"MANPAGER=cat"});
    EXPECT_EQ(man.exit_code, 0) << man.err;
    EXPECT_NE(man.out.find("aa-apply"), std::string::npos);

    fs::path bash = root / "usr/share/bash-completion/completions/aa";
    ASSERT_TRUE(fs::exists(bash));
    auto loaded = run_command({"bash", "--norc", "-c", "source " + bash.string() + " && complete -p aa"});
    EXPECT_EQ(loaded.out, "complete -o default -F _aa aa\n") << loaded.err;
    EXPECT_TRUE(fs::exists(root / "usr/share/zsh/vendor-completions/_aa"));
    EXPECT_TRUE(fs::exists(root / "usr/share/doc/aa/README.md"));
    EXPECT_TRUE(fs::exists(root / "usr/share/doc/aa/docs/decisions.md"));
    EXPECT_TRUE(fs::exists(root / "usr/share/doc/aa/examples/seed.aa"));

    // The installed binary works on the installed example.
    auto check = run_command({aa.string(), "check", (root / "usr/share/doc/aa/examples/seed.aa").string()});
    EXPECT_EQ(check.exit_code, 0) << check.err;
}
