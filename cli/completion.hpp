// Shell completion scripts (bash, zsh) generated from the command tree: `aa completion bash`.
#pragma once
#include <string>
#include <vector>

#include "cli/cli_tree.hpp"

namespace aa::cli {

std::string bash_completion(const std::vector<CommandDoc>& tree);
std::string zsh_completion(const std::vector<CommandDoc>& tree);

}  // namespace aa::cli
