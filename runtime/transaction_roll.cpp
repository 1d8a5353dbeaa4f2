// A rolling change (docs/rollout.md, "Definition changes"): the nodes whose instances the commit
// would restart all at once are held before it (node attribute maintenance=true, until reboot),
// so Pacemaker leaves them as they are; after it, each is released in turn, and Pacemaker
// restarts that node's instance with the new definition while the others serve.
#include <fmt/format.h>

#include <pugixml.hpp>
#include <thread>

#include "compiler/plan/actions.hpp"
#include "runtime/interrupt.hpp"
#include "runtime/rollout.hpp"
#include "runtime/transaction_parts.hpp"

namespace aa::runtime::detail {
namespace {

using Clock = std::chrono::steady_clock;
using Kind = plan::Action::Kind;
constexpr const char* kHold = "maintenance";

// The node's maintenance as the CIB says it: "" when none, else where it is set.
std::string maintenance_of(const std::string& cib_xml, const std::string& node) {
    pugi::xml_document doc;
    if (!doc.load_string(cib_xml.c_str())) throw StepError("the CIB does not parse as XML");
    const pugi::xml_node cib = doc.document_element();
    auto on = [](pugi::xml_node nv) { return nv && std::string_view(nv.attribute("value").value()) != "false" &&
                                             std::string_view(nv.attribute("value").value()) != "off"; };
    for (pugi::xml_node n : cib.child("configuration").child("nodes").children("node"))
        if (node == n.attribute("uname").value())
            for (pugi::xml_node set : n.children("instance_attributes"))
                if (on(set.find_child_by_attribute("nvpair", "name", kHold))) return "a permanent node attribute";
    for (pugi::xml_node st : cib.child("status").children("node_state"))
        if (node == st.attribute("uname").value())
            for (pugi::xml_node set : st.child("transient_attributes").children("instance_attributes"))
                if (on(set.find_child_by_attribute("nvpair", "name", kHold))) return "a node attribute until reboot";
    return {};
}

void pause(std::chrono::milliseconds interval) {
    for (auto until = Clock::now() + interval; Clock::now() < until;) {
        throw_if_interrupted();
        std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(interval, std::chrono::milliseconds(100)));
    }
}

}  // namespace

void Transaction::hold(const plan::Action& a) {
    const std::string before = ctx_.cluster.query();
    // An operator's own maintenance is theirs: releasing it at the end would undo their decision.
    if (std::string where = maintenance_of(before, a.node); !where.empty())
        throw StepError(fmt::format("node {} is in maintenance already ({}): aa would end it when it releases the node; "
                                    "take it out of maintenance first, or plan again once its work is done", a.node, where));
    for (const plan::Action& r : plan_.actions)
        if (r.kind == Kind::Release && r.node == a.node)
            baseline_[{a.node, r.service}] = instance_history(before, r.service, a.node).last_call;
    JournalUndo u;
    u.description = fmt::format("release the hold on {} (delete its node attribute {})", a.node, kHold);
    u.node = a.node;
    u.hold = kHold;
    const std::string node = a.node;
    push_undo(std::move(u), [this, node] { ctx_.cluster.set_node_status_attribute(node, kHold, ""); });
    held_[a.node] = undo_.back().record.id;
    ctx_.cluster.set_node_status_attribute(a.node, kHold, "true");
    // On a live cluster the attribute manager writes it to the status a moment later; the commit's
    // transition must see it, or it restarts the instance at once.
    const auto deadline = Clock::now() + opt_.step_timeout;
    while (maintenance_of(ctx_.cluster.query(), a.node).empty()) {
        if (Clock::now() >= deadline)
            throw StepError(fmt::format("node {}'s hold (node attribute {}) did not reach the CIB's status within {} ms",
                                        a.node, kHold, opt_.step_timeout.count()));
        pause(std::chrono::milliseconds(200));
    }
}

void Transaction::release(const plan::Action& a) {
    if (auto it = held_.find(a.node); it != held_.end()) {
        ctx_.cluster.set_node_status_attribute(a.node, kHold, "");
        ctx_.journal.undo_ran(it->second, "undone", "released after the commit");
        held_.erase(it);
    }
    // A file is not a running cluster: nothing restarts, the simulated transition stands for it.
    if (opt_.file_cib) return;
    const long long since = baseline_.count({a.node, a.service}) ? baseline_.at({a.node, a.service}) : -1;
    const model::Service* svc = plan_.model.find_service(a.service);
    bool wants_monitor = false;
    if (svc)
        for (const model::Op& op : svc->ops) wants_monitor = wants_monitor || op.name == "monitor";
    const auto deadline = Clock::now() + opt_.wait;
    for (;;) {
        InstanceHistory h = instance_history(ctx_.cluster.query(), a.service, a.node, since);
        if (!h.failure.empty()) throw StepError(fmt::format("{} on {} failed after its release: {}", a.service, a.node, h.failure));
        const bool started = h.started_call > since && h.started_call > h.stopped_call;
        if (started && (h.monitored || !wants_monitor)) return;
        if (Clock::now() >= deadline)
            throw StepError(fmt::format("{} was not restarted on {} with a passing monitor within {} ms of the release",
                                        a.service, a.node, opt_.wait.count()));
        pause(opt_.poll_interval);
    }
}

void delete_pin(Cluster& cluster, const std::string& id) {
    Result r = delete_constraint(cluster, id);
    if (!r.ok()) throw CommandError(std::move(r), "removing constraint " + id);
}

void Transaction::pin(const plan::Action& a) {
    const model::Service* svc = plan_.model.find_service(a.service);
    if (!svc) throw StepError("the plan has no service " + a.service);
    const std::string id = actions::pin_id(a);
    JournalUndo u;
    u.description = "remove constraint " + id;
    u.node = a.node;
    u.constraint = id;
    Cluster& cluster = ctx_.cluster;
    push_undo(std::move(u), [&cluster, id] { delete_pin(cluster, id); });
    pins_[id] = undo_.back().record.id;
    Result r = ctx_.cluster.run_tool({"cibadmin", "--create", "--scope", "constraints", "--xml-text", ban_xml(id, svc->resource_id(), a.node)});
    if (!r.ok()) throw StepError(CommandError(std::move(r), "adding constraint " + id).what());
}

void Transaction::unpin(const std::string& id) {
    delete_pin(ctx_.cluster, id);
    if (auto it = pins_.find(id); it != pins_.end()) {
        ctx_.journal.undo_ran(it->second, "undone", "removed after the roll");
        pins_.erase(it);
    }
}

// After a failure past the commit the pins go, as `aa rollout` removes its constraints: left,
// they would keep the clone off those nodes for good. What cannot be removed is reported.
std::string Transaction::remove_pins() {
    std::string left;
    const auto ids = pins_;
    for (const auto& [id, undo_id] : ids) {
        try {
            unpin(id);
        } catch (const std::exception& e) {
            left += fmt::format("constraint {} could not be removed ({}): delete it with `cibadmin --delete --scope "
                                "constraints --xml-text '<rsc_location id=\"{}\"/>'`\n", id, e.what(), id);
        }
    }
    return left;
}

std::string Transaction::held_report() const {
    if (held_.empty()) return {};
    std::string nodes;
    for (const auto& [node, id] : held_) nodes += (nodes.empty() ? "" : " ") + node;
    return fmt::format("still held (node attribute {}=true until reboot): {}. Their instances run the old definition and "
                       "Pacemaker does not monitor them. Release each when you are ready for it to restart there: drain "
                       "its server, run `crm_attribute --node NODE --name {} --delete --lifetime reboot`, wait until the "
                       "instance runs again, then `aa route sync`.\n",
                       kHold, nodes, kHold);
}

}  // namespace aa::runtime::detail
