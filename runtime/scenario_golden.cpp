#include "runtime/scenario_golden.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace aa::runtime {

std::string golden_path(const std::string& test_file) { return test_file + ".golden"; }

std::map<std::string, std::string> read_golden(const std::string& path) {
    std::map<std::string, std::string> out;
    std::ifstream in(path, std::ios::binary);
    if (!in) return out;
    std::string line, name;
    bool in_section = false;
    while (std::getline(in, line)) {
        if (line.rfind("test \"", 0) == 0 && line.size() > 7 && line.back() == '"') {
            name = line.substr(6, line.size() - 7);
            in_section = true;
            out[name];
        } else if (in_section && !line.empty() && line[0] == ' ') {
            out[name] += line + "\n";
        }
    }
    return out;
}

std::string golden_text(const std::string& test_file, const std::vector<std::pair<std::string, std::string>>& records) {
    std::string out = "# Recorded by `aa test --update`: the placement after every stage of the `golden` tests in " +
                      std::filesystem::path(test_file).filename().string() + ".\n";
    for (const auto& [name, record] : records) out += "\ntest \"" + name + "\"\n" + record;
    return out;
}

}  // namespace aa::runtime
