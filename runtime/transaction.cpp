// The order of the transaction and how each step is run, timed, printed and journaled.
#include "runtime/transaction.hpp"

#include <fmt/format.h>

#include "compiler/plan/actions.hpp"
#include "compiler/plan/plan_file.hpp"
#include "runtime/interrupt.hpp"
#include "runtime/transaction_parts.hpp"

namespace aa::runtime {
namespace detail {

using Clock = std::chrono::steady_clock;
using Kind = plan::Action::Kind;

namespace {
bool is_precondition(const plan::Action& a) { return a.kind == Kind::CheckUnit || a.kind == Kind::CheckRouter; }
}  // namespace

Transaction::Transaction(const plan::Plan& p, ApplyContext& ctx, const ApplyOptions& opt)
    : plan_(p), ctx_(ctx), opt_(opt) {}

bool Transaction::step(const std::string& name, const std::function<void()>& body) {
    ++step_no_;
    ctx_.journal.begin_step(name);
    auto start = Clock::now();
    std::string status = "ok", detail;
    try {
        throw_if_interrupted();  // a signal between two steps stops before the next one
        body();
    } catch (const Interrupted& i) {
        // The step in flight counts as done: its undo is already on the stack.
        status = "interrupted";
        detail = i.what();
        out_.interrupted_by = i.signal;
    } catch (const StepError& e) {
        status = e.refused ? "refused" : "failed";
        detail = e.what();
        // Refused means nothing changed: no commit and nothing to undo.
        out_.refused = e.refused && !out_.committed && undo_.empty();
    } catch (const std::exception& e) {
        status = "failed";
        detail = e.what();
    }
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    ctx_.journal.end_step(status, ms, detail);
    if (opt_.progress) {
        opt_.progress(fmt::format("[{:>2}/{}] {:<7} {:>6} ms  {}", step_no_, step_count_, status, ms.count(), name));
        if (!detail.empty()) opt_.progress("          " + detail);
    }
    if (status != "ok") {
        out_.failed_step = name;
        out_.error = detail;
    }
    return status == "ok";
}

ApplyOutcome Transaction::run() {
    bool patching = !plan_.patch_xml.empty();
    step_count_ = 1 + (patching ? 3 : 0) + static_cast<int>(plan_.actions.size());
    if (!step("read " + ctx_.cluster.describe() + ", compare with the plan's base", [&] { read_and_compare(); }))
        return out_;
    if (patching && !check_on_shadow()) return out_;
    if (!preconditions()) return out_;
    for (const plan::Action& a : plan_.actions) {
        if (is_precondition(a)) continue;
        if (step(actions::describe(a), [&] { run_action(a); })) continue;
        if (out_.committed) {
            InterruptShield shield;  // the report reads the nodes even after a signal
            const std::string pins_left = remove_pins();
            out_.node_report = node_report() + held_report() + pins_left;
        } else {
            roll_back();
        }
        return out_;
    }
    out_.ok = true;
    return out_;
}

void Transaction::run_action(const plan::Action& a) {
    switch (a.kind) {
        case Kind::Drain: route_change(a, !out_.committed); break;
        case Kind::Ready: route_change(a, false); break;
        case Kind::Disable:
        case Kind::Stop: unit_change(a); break;
        case Kind::Hold: hold(a); break;
        case Kind::Commit: commit(); break;
        case Kind::Pin: pin(a); break;
        case Kind::Release: release(a); break;
        case Kind::Unpin: unpin(actions::pin_id(a)); break;
        case Kind::Wait: wait_for_placement(); break;
        case Kind::CheckUnit:
        case Kind::CheckRouter: break;  // run up front by preconditions()
    }
}

}  // namespace detail

ApplyOutcome apply(const plan::Plan& plan, ApplyContext& ctx, const ApplyOptions& opt) {
    return detail::Transaction(plan, ctx, opt).run();
}

bool load_plan(const std::string& text, const std::string& spec_fingerprint, plan::Plan& out, std::string& error) {
    if (!plan::load(text, out, error)) return false;
    if (!spec_fingerprint.empty() && spec_fingerprint != out.spec_hash) {
        error = "the plan was made from a different spec than the one given (its spec hash differs): re-plan "
                "with `aa plan ... --out` from this spec";
        return false;
    }
    return true;
}

}  // namespace aa::runtime
