// The command tree as data: every visible subcommand with its options, read from CLI11 itself, so
// that man pages and shell completion are generated from the same help text `aa --help` prints and
// can never fall out of step with the commands.
#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace aa::cli {

struct OptionDoc {
    std::vector<std::string> names;  // "--cib", "-o"; empty for a positional
    std::string positional;          // "PATH" for a positional
    std::string value;               // "FILE", "TEXT", ... ("" for a flag)
    std::string description;
    bool required = false;
    bool repeatable = false;         // takes several values (PATH...)
};

struct CommandDoc {
    std::vector<std::string> path;   // {"route", "sync"}: the words after `aa`
    std::string description;
    std::vector<OptionDoc> options;
    std::vector<std::string> subcommands;  // names of the visible children
};

// Depth first, parents before children; hidden commands (empty group) and --help are left out.
std::vector<CommandDoc> command_tree(const CLI::App& root);

}  // namespace aa::cli
