// The CIB side of the transaction: the stale-base guard, the shadow check (patch, crm_verify,
// crm_simulate), the guarded commit and the convergence wait.
#include <fmt/format.h>

#include <algorithm>

#include <pugixml.hpp>
#include <sstream>
#include <thread>

#include "compiler/cib/cib.hpp"
#include "runtime/interrupt.hpp"
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

// A problem the reviewer saw in the plan (the base had it, or the operator accepted it) does not
// refuse the apply; only one that appeared since does.
bool seen_in_plan(const plan::Plan& p, const std::string& problem) {
    auto in = [&](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), problem) != v.end(); };
    return in(p.already) || in(p.problems);
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
    // A file CIB has no manager to serialise writers: the lock is held from this read to the
    // verified commit, so a second apply waits here and then finds the base moved (stale).
    if (std::string why = ctx_.cluster.lock(opt_.lock_wait); !why.empty())
        throw StepError(why + "; nothing was changed", true);
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
        // What the CIB must hold once the commit is done: checked by reading it back (verify_commit).
        planned_hash_ = read_state(shadow->read(), "the patched shadow CIB").config_hash;
        ctx_.journal.planned(planned_hash_);
    });
    ok = ok && step("shadow: crm_verify", [&] {
        VerifyResult v = verify_configuration(shadow->read());
        std::string errors;
        for (const std::string& e : v.errors)
            if (!seen_in_plan(plan_, "crm_verify: " + e)) errors += "\n  " + e;
        if (errors.empty()) return;
        throw StepError("crm_verify finds the patched configuration invalid, in ways the plan did not show:" + errors, true);
    });
    ok = ok && step("shadow: crm_simulate, placement must match the plan's", [&] {
        Placement p = simulate(shadow->path());
        std::string why;
        for (const std::string& d : placement_differences(plan_.placement, p.running)) why += "\n  " + d;
        for (const std::string& d : spec_problems(p.problems, plan_.model))
            if (!seen_in_plan(plan_, d)) why += "\n  problem: " + d;
        if (!why.empty())
            throw StepError("the simulation of the patched CIB does not give the plan's placement, or the "
                            "spec's services cannot all run; nothing was changed:" + why, true);
    });
    return ok;
}

void Transaction::commit() {
    // The commit runs to its end whatever signal comes: killing cibadmin half-way would leave
    // nobody knowing whether it committed. Its outcome is journaled either way.
    InterruptShield shield;
    ctx_.journal.commit_begin();
    try {
        commit_guarded();
    } catch (const std::exception& e) {
        ctx_.journal.commit_end(out_.committed, e.what());
        throw;
    }
    ctx_.journal.commit_end(out_.committed);
}

void Transaction::commit_guarded() {
    for (int attempt = 0;; ++attempt) {
        // Re-read just before the patch: status churn since the start only moves num_updates.
        CibState s = read_state(ctx_.cluster.query(), ctx_.cluster.describe());
        if (!same_base(s, plan_)) throw StepError(stale_message(s, plan_, "just before the commit,"), true);
        Result r = ctx_.cluster.patch(versioned_patch(s.version.num_updates));
        if (r.ok()) {
            out_.committed = true;
            verify_commit();
            return;
        }
        // 103: the version moved between our read and cibadmin's; re-read and judge again.
        if (r.exit_code == 103 && attempt < opt_.commit_retries) continue;
        throw StepError("the commit failed, nothing was committed: " + r.describe());
    }
}

// cibadmin's exit 0 is not the end of the story: another writer (an apply that did not take the
// lock, a Pacemaker tool writing back a copy of the file it read before the commit) can replace
// the configuration just committed. Read it back and compare with what the shadow said it must be.
void Transaction::verify_commit() {
    auto judge = [&](const std::string& when) {
        CibState s = read_state(ctx_.cluster.query(), ctx_.cluster.describe());
        if (s.config_hash == planned_hash_) return;
        if (s.config_hash == plan_.base_config_hash) {
            out_.committed = false;  // the change is not there: undo the host steps as before a commit
            throw StepError(fmt::format(
                "the commit was lost: {} the CIB (admin_epoch {} epoch {}) holds the base configuration again, not the "
                "planned one; another writer replaced it. The host steps are undone; re-plan and apply again",
                when, s.version.admin_epoch, s.version.epoch));
        }
        throw StepError(fmt::format(
            "{} the CIB (admin_epoch {} epoch {}) holds neither the planned configuration nor the base one: another "
            "change was committed beside this one. Nothing is undone; re-plan (`aa plan`) to see what differs",
            when, s.version.admin_epoch, s.version.epoch));
    };
    judge("read back right after the commit,");
    if (!opt_.file_cib || opt_.settle.count() <= 0) return;
    std::this_thread::sleep_for(opt_.settle);
    judge(fmt::format("read back {} ms after the commit,", opt_.settle.count()));
}

namespace {

// A node the plan placed instances on that has left the cluster since: the planned placement
// cannot come, and waiting out the deadline would only delay the report. The cluster's own
// problem, not the change's: the message says so and what to run once the node is back.
std::string lost_node_message(const plan::Placement& want, const std::vector<std::string>& offline,
                              const std::vector<std::string>& diffs) {
    std::vector<std::string> lost;
    for (const std::string& node : offline)
        for (const auto& [rsc, nodes] : want)
            if (std::find(nodes.begin(), nodes.end(), node) != nodes.end()) {
                lost.push_back(node);
                break;
            }
    if (lost.empty()) return {};
    std::string why;
    for (const std::string& d : diffs) why += "\n  " + d;
    return fmt::format("node {} left the cluster while the change ran (crm_mon: offline); Pacemaker places its "
                       "instances elsewhere, so the planned placement cannot be reached. The committed "
                       "configuration is not the cause. Where instances run now:{}\nOnce the node is back (or "
                       "fenced), run `aa route sync` to put routing in line with the cluster, and `aa plan` to "
                       "confirm nothing is left to do",
                       fmt::join(lost, ", "), why);
}

}  // namespace

void Transaction::wait_for_placement() {
    // A file is not a running cluster: nothing will start, the simulated transition is the outcome.
    if (opt_.file_cib) return;
    auto deadline = Clock::now() + opt_.wait;
    for (;;) {
        const std::string status = ctx_.cluster.status_xml();
        std::vector<std::string> diffs = placement_differences(plan_.placement, current_placement(status));
        if (diffs.empty()) return;
        if (std::string lost = lost_node_message(plan_.placement, offline_nodes_in_status(status), diffs); !lost.empty())
            throw StepError(lost);
        if (Clock::now() >= deadline) {
            std::string why;
            for (const std::string& d : diffs) why += "\n  " + d;
            throw StepError(fmt::format("the cluster did not reach the predicted placement within {} ms:{}",
                                        opt_.wait.count(), why));
        }
        // In slices, so that a signal stops the wait within a tenth of a second.
        for (auto until = Clock::now() + opt_.poll_interval; Clock::now() < until;) {
            throw_if_interrupted();
            std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(opt_.poll_interval, std::chrono::milliseconds(100)));
        }
    }
}

}  // namespace aa::runtime::detail
