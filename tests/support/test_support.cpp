#include "support/test_support.hpp"

#include <fstream>
#include <random>
#include <sstream>

#include "runtime/runner.hpp"

namespace aa::test {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

TempDir::TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("aa-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

CommandResult run_command(const std::vector<std::string>& argv, const std::string& stdin_text,
                          const std::vector<std::string>& env, const std::string& cwd) {
    runtime::Command c;
    c.argv = argv;
    c.stdin_text = stdin_text;
    c.env = env;
    c.cwd = cwd;
    c.timeout = std::chrono::minutes(5);
    runtime::Result r = runtime::run(c);
    return {r.exit_code, r.out, r.err};
}

CommandResult run_aa(const std::vector<std::string>& args, const std::string& stdin_text,
                     const std::vector<std::string>& env, const std::string& cwd) {
    std::vector<std::string> argv{AA_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> e = env;
    e.emplace_back("NO_COLOR=1");
    // An apply without --journal writes one under /var/lib/aa/journal; tests keep theirs apart.
    bool has_dir = false;
    for (const std::string& kv : env) has_dir |= kv.rfind("AA_JOURNAL_DIR=", 0) == 0;
    if (!has_dir) e.emplace_back("AA_JOURNAL_DIR=" + (std::filesystem::temp_directory_path() / "aa-test-journals").string());
    return run_command(argv, stdin_text, e, cwd);
}

std::filesystem::path aa_binary() { return AA_BINARY; }

std::filesystem::path source_dir() { return AA_SOURCE_DIR; }
std::filesystem::path shared_dir() { return AA_SHARED_DIR; }

Diagnostics without_fencing_warning(const Diagnostics& diags) {
    Diagnostics kept;
    for (const Diagnostic& d : diags.items())
        if (d.code != "W050") kept.add(d);
    return kept;
}

}  // namespace aa::test
