// The CIB side of the transaction: the stale-base guard, the shadow check (patch, crm_verify,
// crm_simulate), the guarded commit and the convergence wait.
#include <fmt/format.h>

#include <pugixml.hpp>
#include <sstream>
#include <thread>

#include "compiler/cib/cib.hpp"
#include "runtime/shadow.hpp"
#include "runtime/simulate.hpp"
#include "runtime/transaction_parts.hpp"

namespace aa::runtime::detail {
namespace {

using Clock = std::chrono::steady_clock;

struct CibState {
    cib::Version version;
    std::string config_hash;
};

CibState read_state(const std::string& xml, const std::string& where) {
    pugi::xml_document doc;
    std::string error;
    if (!cib::load(xml, where, doc, error)) throw StepError("the current CIB cannot be read: " + error);
    return {cib::version(doc.child("cib")), cib::config_hash(doc.child("cib"))};
}

// Status churn moves num_updates only; anything else means the configuration moved on.
bool same_base(const CibState& s, const plan::Plan& p) {
    return s.version.admin_epoch == p.base_version.admin_epoch && s.version.epoch == p.base_version.epoch &&
           s.config_hash == p.base_config_hash;
}

std::string stale_message(const CibState& s, const plan::Plan& p, const std::string& when) {
    std::string what = s.config_hash == p.base_config_hash ? "" : ", and its configuration differs";
    return fmt::format(
        "the plan is stale: it was made against admin_epoch {} epoch {}; {} the CIB is at admin_epoch {} epoch {}{}. "
        "Nothing was committed. Re-plan (`aa plan ... --out PLAN`), review the new plan, and apply it",
        p.base_version.admin_epoch, p.base_version.epoch, when, s.version.admin_epoch, s.version.epoch, what);
}

std::string nodes_text(const std::vector<std::string>& nodes) {
    if (nodes.empty()) return "[nowhere]";
    std::string out;
    for (const std::string& n : nodes) out += (out.empty() ? "" : " ") + n;
    return "[" + out + "]";
}

// Problems of resources the spec declares ("app_service-clone: cannot run anywhere", "app_service:0: start ...
// blocked"); problems of resources the spec does not own are someone else's business.
std::vector<std::string> spec_problems(const std::vector<std::string>& problems, const model::Model& m) {
    std::vector<std::string> out;
    for (const std::string& p : problems)
        for (const model::Service& s : m.services)
            if (p.rfind(s.name + ":", 0) == 0 || p.rfind(s.name + "-clone:", 0) == 0) {
                out.push_back(p);
                break;
            }
    return out;
}

}  // namespace

std::vector<std::string> placement_differences(const plan::Placement& want, const plan::Placement& have) {
    std::vector<std::string> out;
    for (const auto& [rsc, nodes] : want) {
        auto it = have.find(rsc);
        std::vector<std::string> got = it == have.end() ? std::vector<std::string>{} : it->second;
        if (got != nodes) out.push_back(fmt::format("{}: on {} where the plan predicted {}", rsc, nodes_text(got), nodes_text(nodes)));
    }
    return out;
}

void Transaction::read_and_compare() {
    current_xml_ = ctx_.cluster.query();
    CibState s = read_state(current_xml_, ctx_.cluster.describe());
    if (!same_base(s, plan_)) throw StepError(stale_message(s, plan_, "now"), true);
    num_updates_ = s.version.num_updates;
}

std::string Transaction::versioned_patch(long long num_updates) const {
    pugi::xml_document doc;
    if (!doc.load_string(plan_.patch_xml.c_str())) throw StepError("the plan's patch is not XML");
    pugi::xml_node source = doc.child("diff").child("version").child("source");
    if (!source) throw StepError("the plan's patch has no <version><source>: it would apply without the version guard");
    source.attribute("num_updates").set_value(num_updates);
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration);
    return out.str();
}

bool Transaction::check_on_shadow() {
    std::unique_ptr<Shadow> shadow;
    bool ok = step("shadow: cibadmin --patch on a private copy of the CIB", [&] {
        shadow = std::make_unique<Shadow>(current_xml_);
        Result r = shadow->apply_patch(versioned_patch(num_updates_));
        if (!r.ok()) throw StepError("the plan's patch does not apply to the current CIB: " + r.describe(), true);
    });
    ok = ok && step("shadow: crm_verify", [&] {
        VerifyResult v = verify(shadow->path());
        if (v.ok) return;
        std::string errors;
        for (const std::string& e : v.errors) errors += "\n  " + e;
        throw StepError("crm_verify finds the patched configuration invalid:" + errors, true);
    });
    ok = ok && step("shadow: crm_simulate, placement must match the plan's", [&] {
        Placement p = simulate(shadow->path());
        std::string why;
        for (const std::string& d : placement_differences(plan_.placement, p.running)) why += "\n  " + d;
        for (const std::string& d : spec_problems(p.problems, plan_.model)) why += "\n  problem: " + d;
        if (!why.empty())
            throw StepError("the simulation of the patched CIB does not give the plan's placement, or the "
                            "spec's services cannot all run; nothing was changed:" + why, true);
    });
    return ok;
}

void Transaction::commit() {
    for (int attempt = 0;; ++attempt) {
        // Re-read just before the patch: status churn since the start only moves num_updates.
        CibState s = read_state(ctx_.cluster.query(), ctx_.cluster.describe());
        if (!same_base(s, plan_)) throw StepError(stale_message(s, plan_, "just before the commit,"), true);
        Result r = ctx_.cluster.patch(versioned_patch(s.version.num_updates));
        if (r.ok()) {
            out_.committed = true;
            return;
        }
        // 103: the version moved between our read and cibadmin's; re-read and judge again.
        if (r.exit_code == 103 && attempt < opt_.commit_retries) continue;
        throw StepError("the commit failed, nothing was committed: " + r.describe());
    }
}

void Transaction::wait_for_placement() {
    // A file is not a running cluster: nothing will start, the simulated transition is the outcome.
    if (opt_.file_cib) return;
    auto deadline = Clock::now() + opt_.wait;
    for (;;) {
        std::vector<std::string> diffs = placement_differences(plan_.placement, current_placement(ctx_.cluster.status_xml()));
        if (diffs.empty()) return;
        if (Clock::now() >= deadline) {
            std::string why;
            for (const std::string& d : diffs) why += "\n  " + d;
            throw StepError(fmt::format("the cluster did not reach the predicted placement within {} ms:{}",
                                        opt_.wait.count(), why));
        }
        std::this_thread::sleep_for(opt_.poll_interval);
    }
}

}  // namespace aa::runtime::detail
