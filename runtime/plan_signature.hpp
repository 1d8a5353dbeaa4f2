// Plans signed and verified with OpenSSH signatures, the way git signs commits:
// `ssh-keygen -Y sign -n aa-plan` writes PLAN.sig beside the plan; `aa apply` checks it against
// an allowed-signers file (`ssh-keygen -Y find-principals` then `-Y verify`). docs/security.md.
#pragma once
#include <string>

namespace aa::runtime {

inline constexpr const char* kPlanNamespace = "aa-plan";

// Signs the file at plan_path with the private key file; writes plan_path + ".sig".
// Returns "" on success, else the reason with ssh-keygen's words.
std::string sign_plan(const std::string& plan_path, const std::string& key_file);

struct SignatureCheck {
    bool ok = false;
    std::string principal;  // who signed, as the allowed-signers file names them
    std::string error;      // why not
};

// Verifies `plan_text` (the bytes apply read) against sig_path and the allowed-signers file.
SignatureCheck verify_plan(const std::string& plan_text, const std::string& sig_path, const std::string& allowed_signers);

// The organisation's policy for `aa apply`: /etc/aa/policy (AA_POLICY overrides the path), lines
// `require-signature = true|false` and `allowed-signers = PATH`; `#` starts a comment.
struct ApplyPolicy {
    bool require_signature = false;
    std::string allowed_signers;
    std::string source;  // the file read, "" when there is none
    std::string error;   // a line that cannot be read
};
ApplyPolicy read_policy();

}  // namespace aa::runtime
