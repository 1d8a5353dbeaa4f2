// Man pages in roff (man(7)), one per command, generated from the command tree: aa.1 lists the
// commands, aa-plan.1 (aa-route-sync.1, ...) describes one.
#pragma once
#include <string>
#include <vector>

#include "cli/cli_tree.hpp"

namespace aa::cli {

struct ManPage {
    std::string file;  // "aa-plan.1"
    std::string text;
};

// `version` goes into the page footer ("aa 0.1.0"); no dates, so pages build reproducibly.
std::vector<ManPage> man_pages(const std::vector<CommandDoc>& tree, const std::string& version);

}  // namespace aa::cli
