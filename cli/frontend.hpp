// What several commands share: reading and checking a spec, printing diagnostics in one place.
#pragma once
#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diag.hpp"
#include "compiler/check/check_agents.hpp"
#include "compiler/lang/model.hpp"
#include "compiler/util/file_io.hpp"

namespace aa::cli {

struct ColorOption {
    std::string mode = "auto";  // auto | always | never
    bool enabled_for(int fd) const;
};
void add_color_option(CLI::App* cmd, ColorOption& opt);

// The syntax tree is not kept: nothing after the checker reads it, and for a large spec it is the
// biggest thing in memory (about 40 bytes of tree per byte of spec).
struct CheckedSpec {
    SourceSet sources;
    std::optional<model::Model> model;  // set when there are no errors
};

// Loads and checks the spec at `paths`, prints diagnostics (and a summary line) to stderr.
// With `agents`, the `ocf` agents' parameters are judged by their metadata (compiler/check/check_agents.hpp).
CheckedSpec load_and_check(const std::vector<std::string>& paths, const ColorOption& color, const AgentSource& agents = {});
void print_diagnostics(const Diagnostics& diags, const SourceSet& sources, const ColorOption& color);

// Writes text to a file atomically and safely (compiler/util/file_io.hpp); false with `error` set.
bool write_file_atomic(const std::string& path, const std::string& text, std::string& error,
                       FileAccess access = FileAccess::Public);
// A regular file of at most max_bytes (CIBs and plans: 1 GiB); FIFOs and devices are refused.
bool read_text_file(const std::string& path, std::string& text, std::string& error, std::size_t max_bytes = kMaxCibBytes);

}  // namespace aa::cli
