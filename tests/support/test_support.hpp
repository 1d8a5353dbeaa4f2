// Small helpers shared by the tests: read files, run the `aa` binary, temporary directories.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "compiler/diag/diag.hpp"

namespace aa::test {

std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& text);

// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs argv (no shell) with optional stdin text and extra environment entries ("K=V").
CommandResult run_command(const std::vector<std::string>& argv, const std::string& stdin_text = {},
                          const std::vector<std::string>& env = {}, const std::string& cwd = {});
// Runs the built `aa` binary (NO_COLOR set), optionally in directory `cwd`.
CommandResult run_aa(const std::vector<std::string>& args, const std::string& stdin_text = {},
                     const std::vector<std::string>& env = {}, const std::string& cwd = {});
std::filesystem::path aa_binary();

std::filesystem::path source_dir();  // the repository root
std::filesystem::path shared_dir();  // ../shared beside the repository

// The checker's unit tests build specs on a cluster without a fence device, so W050 ("no fence
// device") is said of nearly every one; tests of other checks leave it out with this, the fencing
// tests (CheckFencing.*) keep and assert it.
Diagnostics without_fencing_warning(const Diagnostics& diags);

}  // namespace aa::test
