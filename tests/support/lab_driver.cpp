#include "support/lab_driver.hpp"

#include <cctype>

namespace aa::test {

CommandResult LabDriver::lab(std::vector<std::string> args) const {
    args.insert(args.begin(), (source_dir() / "tests/cluster/lab").string());
    return run_command(args, {}, {"AA_LAB_DIR=" + dir, "AA_LAB_PREFIX=" + prefix, "AA_LAB_LOCK_HELD=1"});
}

CommandResult LabDriver::on_node(const std::string& node, std::vector<std::string> argv) const {
    argv.insert(argv.begin(), {"exec", node});
    return lab(std::move(argv));
}

std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
}

}  // namespace aa::test
