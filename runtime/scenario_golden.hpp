// The record of `golden` tests: FILE.aatest's recorded placements live in FILE.aatest.golden,
// one section per test (`test "NAME"`, then what runtime/scenario_run.hpp's describe_stage()
// writes for each stage). `aa test --update` rewrites it; it is reviewed like code.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace aa::runtime {

std::string golden_path(const std::string& test_file);
// Test name -> recorded text; empty when the file does not exist.
std::map<std::string, std::string> read_golden(const std::string& path);
// (name, record) in file order -> the file's text.
std::string golden_text(const std::string& test_file, const std::vector<std::pair<std::string, std::string>>& records);

}  // namespace aa::runtime
