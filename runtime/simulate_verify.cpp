// crm_verify on a CIB file, its stderr sorted into errors and warnings.
#include <sstream>

#include "runtime/simulate.hpp"

namespace aa::runtime {
namespace {

bool contains(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

void sort_lines(const std::string& text, VerifyResult& v) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        // The closing summary and the hint repeat what the lines above already say.
        if (line.empty() || contains(line, "found during check") || contains(line, "-V may provide")) continue;
        if (contains(line, "warning:") || contains(line, "validity warning")) v.warnings.push_back(line);
        else v.errors.push_back(line);
    }
}

}  // namespace

VerifyResult verify(const std::string& cib_path) {
    Command c;
    // -VV: without it crm_verify only says "config not valid"; with it, why.
    c.argv = {"crm_verify", "--xml-file", cib_path, "-VV"};
    c.timeout = std::chrono::minutes(10);
    VerifyResult v;
    v.raw = run(c);
    if (v.raw.not_found || v.raw.timed_out || v.raw.exit_code < 0) throw CommandError(v.raw, "verifying " + cib_path);
    sort_lines(v.raw.err, v);
    bool invalid = contains(v.raw.err, "Errors found during check");
    if (v.raw.exit_code != 0 && v.errors.empty() && (invalid || v.raw.exit_code != 78))
        v.errors.push_back(v.raw.describe());  // failed without saying why: keep the whole result
    v.ok = v.errors.empty() && !invalid;
    return v;
}

}  // namespace aa::runtime
