// crm_verify on a CIB file, its stderr sorted into errors and warnings.
#include <algorithm>
#include <sstream>

#include "runtime/simulate.hpp"

#include <pugixml.hpp>

#include "runtime/shadow.hpp"

namespace aa::runtime {
namespace {

bool contains(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

// "(unpack_resources) \terror: Resource start-up disabled ..." -> "error: Resource start-up disabled ...":
// the C function name means nothing to an operator.
std::string without_function_name(std::string line) {
    if (line.size() > 1 && line[0] == '(') {
        std::size_t close = line.find(") ");
        if (close != std::string::npos && line.find(' ') == close + 1) {
            std::size_t text = line.find_first_not_of(" \t", close + 1);
            line.erase(0, text == std::string::npos ? line.size() : text);
        }
    }
    return line;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool is_error(const std::string& line) {
    if (starts_with(line, "error:") || starts_with(line, "crm_verify:")) return true;
    if (starts_with(line, "warning:")) return false;
    return contains(line, "validity error") || contains(line, "error:");
}

void add_once(std::vector<std::string>& lines, std::string line) {
    // Schema errors repeat once per validation attempt; once is enough.
    if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
}

void sort_lines(const std::string& text, VerifyResult& v) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        // The closing summary and the hint repeat what the lines above already say.
        if (line.empty() || contains(line, "found during check") || contains(line, "-V may provide")) continue;
        line = without_function_name(line);
        if (is_error(line)) add_once(v.errors, line);
        else add_once(v.warnings, line);  // warnings, and notices such as "Schema validation ... is disabled"
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

VerifyResult verify_configuration(const std::string& cib_xml) {
    pugi::xml_document doc;
    if (pugi::xml_parse_result res = doc.load_string(cib_xml.c_str()); !res)
        throw std::runtime_error(std::string("cannot parse the CIB to verify: ") + res.description());
    pugi::xml_node root = doc.child("cib");
    if (pugi::xml_node status = root.child("status")) root.remove_child(status);
    root.append_child("status");
    std::ostringstream text;
    doc.save(text, "", pugi::format_raw);
    Shadow shadow(text.str());
    return verify(shadow.path());
}

}  // namespace aa::runtime
