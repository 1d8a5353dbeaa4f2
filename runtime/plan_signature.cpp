#include "runtime/plan_signature.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "runtime/runner.hpp"

namespace aa::runtime {
namespace {

Result ssh_keygen(std::vector<std::string> args, std::string stdin_text = {}) {
    Command c;
    c.argv = {"ssh-keygen"};
    c.argv.insert(c.argv.end(), args.begin(), args.end());
    c.stdin_text = std::move(stdin_text);
    c.timeout = std::chrono::seconds(30);
    return run(c);
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.pop_back();
    std::size_t start = s.find_first_not_of(" \t");
    return start == std::string::npos ? std::string() : s.substr(start);
}

std::string missing_tool(const Result& r) {
    return r.not_found ? "ssh-keygen is not installed (openssh-client)" : r.describe();
}

}  // namespace

std::string sign_plan(const std::string& plan_path, const std::string& key_file) {
    std::error_code ec;
    std::filesystem::remove(plan_path + ".sig", ec);  // ssh-keygen asks before overwriting
    Result r = ssh_keygen({"-Y", "sign", "-f", key_file, "-n", kPlanNamespace, "--", plan_path});
    if (!r.ok()) return "signing the plan failed: " + missing_tool(r);
    return {};
}

SignatureCheck verify_plan(const std::string& plan_text, const std::string& sig_path, const std::string& allowed_signers) {
    SignatureCheck out;
    if (!std::filesystem::is_regular_file(sig_path)) {
        out.error = "no signature file " + sig_path;
        return out;
    }
    if (allowed_signers.empty()) {
        out.error = "no allowed-signers file to check the signature against (--allowed-signers FILE or the policy file)";
        return out;
    }
    Result who = ssh_keygen({"-Y", "find-principals", "-s", sig_path, "-f", allowed_signers});
    if (!who.ok()) {
        out.error = "the signature's key is not in " + allowed_signers + ": " + missing_tool(who);
        return out;
    }
    std::istringstream lines(who.out);
    for (std::string principal; std::getline(lines, principal);) {
        principal = trim(principal);
        if (principal.empty()) continue;
        Result v = ssh_keygen({"-Y", "verify", "-f", allowed_signers, "-I", principal, "-n", kPlanNamespace, "-s", sig_path},
                              plan_text);
        if (v.ok()) {
            out.ok = true;
            out.principal = principal;
            return out;
        }
        out.error = "the signature does not verify: " + missing_tool(v);
    }
    if (out.error.empty()) out.error = "the signature's key is not in " + allowed_signers;
    return out;
}

ApplyPolicy read_policy() {
    ApplyPolicy p;
    const char* env = std::getenv("AA_POLICY");
    std::string path = env && *env ? env : "/etc/aa/policy";
    std::ifstream in(path);
    if (!in) return p;
    p.source = path;
    int n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        line = trim(line.substr(0, line.find('#')));
        if (line.empty()) continue;
        std::size_t eq = line.find('=');
        std::string key = eq == std::string::npos ? line : trim(line.substr(0, eq));
        std::string value = eq == std::string::npos ? "" : trim(line.substr(eq + 1));
        if (key == "require-signature" && (value == "true" || value == "false")) p.require_signature = value == "true";
        else if (key == "allowed-signers" && !value.empty()) p.allowed_signers = value;
        else if (p.error.empty()) p.error = path + ":" + std::to_string(n) + ": cannot read `" + line + "` (expected require-signature = true|false or allowed-signers = PATH)";
    }
    return p;
}

}  // namespace aa::runtime
