// Drives tests/cluster/lab for one lab of a test's own (directory and name prefix), so live tests
// never touch a developer's lab or each other's.
#pragma once
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace aa::test {

struct LabDriver {
    std::string dir;     // AA_LAB_DIR
    std::string prefix;  // AA_LAB_PREFIX: names of its namespaces and cgroups

    // `tests/cluster/lab ARGS...`; the caller holds the lab lock (AA_LAB_LOCK_HELD=1).
    CommandResult lab(std::vector<std::string> args) const;
    // ARGV run inside NODE (`lab exec NODE ARGV...`).
    CommandResult on_node(const std::string& node, std::vector<std::string> argv) const;
};

// Without trailing whitespace and line ends (command output compared as a word).
std::string trim(std::string s);

}  // namespace aa::test
