#include "runtime/planner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <pugixml.hpp>
#include <map>
#include <set>
#include <unordered_map>
#include <sstream>

#include "compiler/plan/actions.hpp"
#include "compiler/cib/cib.hpp"
#include "compiler/lower/ownership.hpp"
#include "compiler/patch/patch.hpp"
#include "compiler/util/sha256.hpp"
#include "compiler/cib/xml_text.hpp"
#include "runtime/shadow.hpp"
#include "runtime/simulate.hpp"

namespace aa::runtime {
namespace {

std::string document_text(const pugi::xml_document& d) {
    std::ostringstream ss;
    d.save(ss, "  ");
    return ss.str();
}

plan::Change to_plan_change(const patch::ObjectChange& c) {
    plan::Change out;
    out.kind = c.kind == patch::ObjectChange::Kind::Create   ? plan::Change::Kind::Create
               : c.kind == patch::ObjectChange::Kind::Modify ? plan::Change::Kind::Modify
                                                             : plan::Change::Kind::Delete;
    out.element = c.element;
    out.id = c.id;
    out.parent_id = c.parent_id;
    for (const patch::AttrChange& a : c.attrs) out.attrs.push_back({a.name, a.before, a.after});
    return out;
}

// "  primitive app_service: class=systemd type=app" for every element below `n`.
void describe_contents(const pugi::xml_node& n, int depth, std::vector<std::string>& out) {
    for (pugi::xml_node c : n.children()) {
        if (c.type() != pugi::node_element) continue;
        std::string line = std::string(static_cast<std::size_t>(depth) * 2, ' ') + c.name();
        if (const char* id = c.attribute("id").value(); *id) line += std::string(" ") + id;
        std::string attrs;
        for (pugi::xml_attribute a : c.attributes())
            if (std::string_view(a.name()) != "id") attrs += fmt::format("{}{}={}", attrs.empty() ? "" : " ", a.name(), a.value());
        out.push_back(attrs.empty() ? line : line + ": " + attrs);
        describe_contents(c, depth + 1, out);
    }
}

// The subtrees of the created and deleted objects, described line by line for reviewers. One walk
// of each document finds them all through a table of the wanted (element, id) pairs: a search per
// change made every from-empty plan quadratic (10k services: 30 s).
void add_contents(std::vector<plan::Change>& changes, const pugi::xml_node& base, const pugi::xml_node& desired) {
    using Wanted = std::unordered_map<std::string, std::vector<plan::Change*>>;
    auto key = [](std::string_view element, std::string_view id) {
        std::string k(element);
        k += '\n';
        k += id;
        return k;
    };
    Wanted in_base, in_desired;
    for (plan::Change& c : changes) {
        if (c.kind == plan::Change::Kind::Modify || c.id.empty() || c.element == "obj_ref") continue;
        (c.kind == plan::Change::Kind::Create ? in_desired : in_base)[key(c.element, c.id)].push_back(&c);
    }
    auto fill = [&](const pugi::xml_node& cib, Wanted& wanted) {
        if (wanted.empty()) return;
        pugi::xml_node config = cib.child("configuration");
        for (pugi::xml_node n = config.first_child(); n;) {
            if (n.type() == pugi::node_element) {
                if (const char* id = n.attribute("id").value(); *id) {
                    auto it = wanted.find(key(n.name(), id));
                    if (it != wanted.end()) {
                        for (plan::Change* c : it->second) describe_contents(n, 0, c->contents);
                        wanted.erase(it);  // the first in document order, as a search would find
                    }
                }
            }
            if (n.first_child()) {
                n = n.first_child();
                continue;
            }
            while (n && n != config && !n.next_sibling()) n = n.parent();
            n = n && n != config ? n.next_sibling() : pugi::xml_node();
        }
    };
    fill(base, in_base);
    fill(desired, in_desired);
}

// Resources and their primitives by id, so each lookup below is O(1): plans of 10,000 services
// must stay linear.
using ResourceIndex = std::unordered_map<std::string, pugi::xml_node>;

ResourceIndex resources_by_id(const pugi::xml_node& cib) {
    ResourceIndex out;
    for (pugi::xml_node top : cib.child("configuration").child("resources").children()) {
        out.emplace(top.attribute("id").value(), top);
        for (pugi::xml_node inner : top.children("primitive")) out.emplace(inner.attribute("id").value(), inner);
    }
    return out;
}

// Services whose CIB subtree the plan creates (not in the base) or changes.
void touched_services(const model::Model& m, const ResourceIndex& before_ids, const ResourceIndex& after_ids,
                      std::set<std::string>& created, std::set<std::string>& touched) {
    for (const model::Service& s : m.services) {
        auto before = before_ids.find(s.resource_id());
        auto after = after_ids.find(s.resource_id());
        if (!before_ids.count(s.name)) created.insert(s.name);
        if (before == before_ids.end() || after == after_ids.end() ||
            cib::canonical(before->second) != cib::canonical(after->second))
            touched.insert(s.name);
    }
}

// Services whose primitive runs another agent than in the base (class, provider or type): the
// scheduler probes the new agent on every node, even a held one, and the probe's "not running"
// replaces the record of the old instance; such a change cannot roll (docs/rollout.md).
std::set<std::string> agent_changes(const model::Model& m, const ResourceIndex& before, const ResourceIndex& after) {
    auto agent = [](const pugi::xml_node& p) {
        return fmt::format("{}:{}:{}", p.attribute("class").value(), p.attribute("provider").value(), p.attribute("type").value());
    };
    std::set<std::string> out;
    for (const model::Service& s : m.services) {
        auto b = before.find(s.name), a = after.find(s.name);
        if (b != before.end() && a != after.end() && agent(b->second) != agent(a->second)) out.insert(s.name);
    }
    return out;
}

// Nodes whose node_state says they are not up (a plain file without status: none).
std::set<std::string> offline_nodes(const pugi::xml_node& cib) {
    std::set<std::string> out;
    for (pugi::xml_node st : cib.child("status").children("node_state")) {
        std::string_view crmd = st.attribute("crmd").value(), ccm = st.attribute("in_ccm").value();
        if (crmd == "offline" || ccm == "false") out.insert(st.attribute("uname").value());
    }
    return out;
}

void warn_offline(const actions::Input& in, plan::Plan& p) {
    for (const std::string& node : in.offline) {
        std::string units;
        for (const model::Service& s : in.model.services)
            if (s.agent_class == "systemd" && in.touched.count(s.name)) units += " " + s.unit;
        if (units.empty()) continue;
        p.warnings.push_back(fmt::format("[W021] node {} is down: its unit steps are left out; before it rejoins the "
                                         "cluster, run `systemctl disable` there for{}", node, units));
    }
}

// Primitives the patch deletes whose agent a spec service now runs (a rename): deleted id -> service.
std::map<std::string, std::string> successors(const model::Model& m, const ResourceIndex& before, const ResourceIndex& after) {
    std::map<std::string, std::string> agent_of;  // "systemd:app" -> service name
    for (const model::Service& s : m.services) {
        auto it = after.find(s.name);
        if (it != after.end()) agent_of[fmt::format("{}:{}", it->second.attribute("class").value(), it->second.attribute("type").value())] = s.name;
    }
    std::map<std::string, std::string> out;
    for (const auto& [id, node] : before) {
        if (std::string_view(node.name()) != "primitive" || after.count(id)) continue;
        auto it = agent_of.find(fmt::format("{}:{}", node.attribute("class").value(), node.attribute("type").value()));
        if (it != agent_of.end()) out[id] = it->second;
    }
    return out;
}

bool load_base(const PlanRequest& req, pugi::xml_document& base, PlanOutcome& out) {
    if (req.base_xml.empty()) {
        default_base(req.model, base);
        return true;
    }
    std::string error;
    if (!cib::load(req.base_xml, req.base_source, base, error)) {
        out.errors.push_back(error);
        return false;
    }
    return true;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

// What Pacemaker says about one CIB: its configuration's errors and where it cannot place things.
struct Judgement {
    std::vector<std::string> problems;  // "crm_verify: ...", unplaceable instances, blocked actions
    Placement placement;
};

// `shadow` holds the CIB to judge; simulate() works on a private copy of it.
Judgement judge(const Shadow& shadow, const WhatIf& what_if) {
    Judgement j;
    VerifyResult v = verify_configuration(shadow.read());
    for (const std::string& e : v.errors) j.problems.push_back("crm_verify: " + e);
    j.placement = simulate(shadow.path(), what_if);
    for (const std::string& p : j.placement.problems) j.problems.push_back(p);
    return j;
}

// Only what the change makes worse refuses it; what the base already has is shown as such.
void sort_problems(const PlanRequest& req, const Judgement& base, const Judgement& after, PlanOutcome& out) {
    std::vector<std::string> fresh;
    for (const std::string& p : after.problems)
        (contains(base.problems, p) ? out.plan.already : fresh).push_back(p);
    out.plan.problems = fresh;
    out.plan.accepted_new_problems = req.accept_new_problems && !fresh.empty();
    if (fresh.empty() || req.accept_new_problems) return;
    std::string list;
    for (const std::string& p : fresh) list += "\n  " + p;
    out.errors.push_back("[E080] the change adds problems the cluster does not have now:" + list +
                         "\nFix the spec, or pass --accept-new-problems to plan it anyway (the saved plan records it)");
}

// A change the base implies on its own (the cluster has not converged yet) is pending, not this
// plan's. Clone instance numbers are the scheduler's choice and differ between two runs: a
// change is the same when its kind, resource and nodes are; each base change matches once.
void mark_pending(plan::Transition& t, const plan::Transition& base) {
    auto key = [](const plan::ResourceChange& c) {
        return fmt::format("{}|{}|{}|{}|{}", static_cast<int>(c.kind), c.action, c.resource, c.node, c.to);
    };
    std::multiset<std::string> implied;
    for (const plan::ResourceChange& c : base) implied.insert(key(c));
    for (plan::ResourceChange& c : t) {
        auto it = implied.find(key(c));
        c.pending = it != implied.end();
        if (c.pending) implied.erase(it);
    }
}

void run_simulation(const PlanRequest& req, const pugi::xml_document& base, const std::string& patch_xml,
                    PlanOutcome& out) {
    std::string base_xml = document_text(base);
    Shadow shadow(base_xml);
    if (!patch_xml.empty()) {
        Result r = shadow.apply_patch(patch_xml);
        if (!r.ok()) throw CommandError(r, "applying the patch to a shadow copy of the base failed");
    }
    WhatIf what_if{req.node_down, req.standby};
    Judgement after = judge(shadow, what_if);
    // An unchanged CIB is its own base: one judgement is enough.
    Judgement before = patch_xml.empty() ? after : judge(Shadow(base_xml), what_if);
    sort_problems(req, before, after, out);
    const Placement& p = after.placement;
    // Reviewers read the spec's resources; foreign ones are the cluster's business.
    for (const model::Service& s : req.model.services) out.plan.placement[s.resource_id()] = p.running.count(s.resource_id()) ? p.running.at(s.resource_id()) : std::vector<std::string>{};
    for (const model::Service& s : req.model.services)
        out.plan.placement_before[s.resource_id()] = p.current.count(s.resource_id()) ? p.current.at(s.resource_id()) : std::vector<std::string>{};
    for (const plan::ResourceChange& c : p.transition)
        if (c.resource != "aa-default-fencing") out.plan.transition.push_back(c);  // the default base's placeholder
    mark_pending(out.plan.transition, before.placement.transition);
    if (patch_xml.empty())
        for (plan::ResourceChange& c : out.plan.transition) c.pending = true;
    for (const ScheduledAction& a : p.actions)
        if (a.primitive != "aa-default-fencing" && (a.task == "start" || a.task == "stop" || a.task == "promote" || a.task == "demote" || a.task == "stonith"))
            out.transition.push_back(fmt::format("{} {} on {}", a.task, a.resource.empty() ? a.primitive : a.resource, a.node));
}

// The spec must describe this cluster: nodes the CIB does not have would get host actions that
// go nowhere; a cluster name that differs says the spec is for another cluster.
void check_identity(const PlanRequest& req, const pugi::xml_node& cib, PlanOutcome& out) {
    std::vector<std::string> cib_nodes;
    for (pugi::xml_node n : cib.child("configuration").child("nodes").children("node"))
        cib_nodes.emplace_back(n.attribute("uname").value());
    for (const std::string& n : req.model.nodes)
        if (!contains(cib_nodes, n))
            out.errors.push_back(fmt::format("[E082] node {} of the spec is not a node of {} (its nodes: {}); is this the "
                                             "cluster the spec is for?", n, req.base_source, fmt::join(cib_nodes, " ")));
    for (const std::string& n : cib_nodes)
        if (!contains(req.model.nodes, n))
            out.plan.warnings.push_back(fmt::format("[W020] node {} of {} is not in the spec's `nodes`: aa plans no host "
                                                    "actions there", n, req.base_source));
    bool declares_name = std::any_of(req.model.properties.begin(), req.model.properties.end(),
                                     [](const model::NvPair& p) { return p.name == "cluster-name"; });
    std::string name;
    for (pugi::xml_node set : cib.child("configuration").child("crm_config").children("cluster_property_set"))
        if (pugi::xml_node nv = set.find_child_by_attribute("nvpair", "name", "cluster-name")) name = nv.attribute("value").value();
    if (!name.empty() && name != req.model.cluster && !declares_name)
        out.errors.push_back(fmt::format("[E083] the spec is for cluster `{}`, but {} is cluster `{}` (cluster-name); "
                                         "plan against the right cluster, or set `property cluster-name` in the spec to rename it",
                                         req.model.cluster, req.base_source, name));
}

}  // namespace

void default_base(const model::Model& m, pugi::xml_document& out) {
    cib::default_cib(m.nodes, out);
    pugi::xml_node fencing = out.child("cib").child("configuration").child("resources").append_child("primitive");
    fencing.append_attribute("id") = "aa-default-fencing";
    fencing.append_attribute("class") = "stonith";
    fencing.append_attribute("type") = "fence_dummy";
}

std::string spec_fingerprint(const std::vector<std::pair<std::string, std::string>>& files) {
    std::string all;
    for (const auto& [path, text] : files) {
        all += path;
        all.push_back('\0');
        all += text;
        all.push_back('\0');
    }
    return sha256_hex(all);
}

namespace {

// What the desired CIB tells the later stages; the desired document itself is dropped once this is
// known, so it and the base are never both held while the simulation runs.
struct Lowered {
    std::set<std::string> created, touched;
    std::map<std::string, std::string> successors;
    std::set<std::string> agent_changed;
};

// A cluster that must fence and cannot starts nothing. Removing the last device is the change's
// doing and is refused; a cluster that had none already is told so, not blamed on the change (a
// change that adds resources there is refused by the simulation, E080: they could not start).
void check_fencing_device(const PlanRequest& req, const pugi::xml_node& base_cib, const pugi::xml_node& desired_cib,
                          PlanOutcome& out) {
    const cib::Fencing after = cib::fencing(desired_cib);
    if (!after.required || after.has_device) return;
    const cib::Fencing before = cib::fencing(base_cib);
    if (before.required && !before.has_device) {
        out.plan.warnings.push_back(fmt::format(
            "[W056] stonith-enabled is true and {} has no fence device, now or after this plan: Pacemaker starts no "
            "resource there; declare one (`fence NAME {{ agent stonith:TYPE ... }}`) or set `property "
            "stonith-enabled = false` on a cluster that cannot be fenced", req.base_source));
        return;
    }
    out.errors.push_back(fmt::format(
        "[E159] after this plan stonith-enabled is true and neither the spec nor {} has a fence device: Pacemaker "
        "would stop every resource; keep a device (`fence NAME {{ agent stonith:TYPE ... }}`), or set `property "
        "stonith-enabled = false` on a cluster that cannot be fenced", req.base_source));
}

bool lower_to_patch(const PlanRequest& req, const pugi::xml_node& base_cib, PlanOutcome& out, Lowered& low) {
    plan::Plan& p = out.plan;
    pugi::xml_document desired;
    ownership::Result own = ownership::build_desired(base_cib, req.model, {req.adopt, req.keep_desired}, desired);
    for (const ownership::Collision& c : own.collisions)
        if (!c.unnamed.empty())
            out.errors.push_back(fmt::format(
                "[E085] {}: adopting {} `{}` would replace it with the spec's own and delete {}, which the spec does not name; adopt only whole "
                "resources: declare every member in the spec (`aa import --only {}` writes them), or leave it out",
                p.base_source, c.element, c.id, fmt::join(c.unnamed, " "), c.id));
        else
        out.errors.push_back(fmt::format(
            "{}: {} `{}` already exists and is not managed by aa; the spec would take it over "
            "(run `aa plan --adopt` to adopt it, or rename it in the spec)",
            p.base_source, c.element, c.id));
    if (!own.ok) return false;
    p.adopted = own.adopted;
    if (req.keep_desired) out.desired_xml = document_text(desired);

    const pugi::xml_node desired_cib = desired.child("cib");
    check_fencing_device(req, base_cib, desired_cib, out);
    if (!out.errors.empty()) return false;
    pugi::xml_document patch;
    patch::make_patchset(base_cib, desired_cib, patch);
    if (!patch::is_empty(patch.document_element())) p.patch_xml = xml_text(patch.document_element());
    for (const patch::ObjectChange& c : patch::summarize(base_cib, desired_cib)) p.changes.push_back(to_plan_change(c));
    add_contents(p.changes, base_cib, desired_cib);
    // One index of each side's resources serves the three questions asked of both.
    const ResourceIndex before = resources_by_id(base_cib), after = resources_by_id(desired_cib);
    touched_services(req.model, before, after, low.created, low.touched);
    low.successors = successors(req.model, before, after);
    low.agent_changed = agent_changes(req.model, before, after);
    return true;
}

}  // namespace

PlanOutcome make_plan(PlanRequest req) {
    PlanOutcome out;
    plan::Plan& p = out.plan;
    p.spec_hash = req.spec_hash;
    p.spec_files = req.spec_files;
    p.base_source = req.base_xml.empty() ? "default" : req.base_source;
    const bool given = !req.base_xml.empty();  // else the default base, made from the spec
    pugi::xml_document base;
    if (!load_base(req, base, out)) return out;
    std::string().swap(req.base_xml);  // the parsed document holds its own copy of a large CIB
    pugi::xml_node base_cib = base.child("cib");
    cib::Version v = cib::version(base_cib);
    p.base_version = {v.admin_epoch, v.epoch, v.num_updates};
    p.base_config_hash = cib::config_hash(base_cib);
    out.base_managed = ownership::managed_ids(base_cib);
    if (given) check_identity(req, base_cib, out);
    if (!out.errors.empty()) return out;

    Lowered low;
    if (!lower_to_patch(req, base_cib, out, low)) return out;
    if (req.simulate) run_simulation(req, base, p.patch_xml, out);
    actions::Input in{req.model, p.placement_before, p.placement, low.created, low.touched, !p.patch_xml.empty(), p.transition,
                      low.successors, offline_nodes(base_cib), low.agent_changed};
    p.actions = actions::derive(in);
    warn_offline(in, p);
    p.outage = actions::emptied_routes(in, p.actions);
    p.accepted_outage = req.accept_outage && !p.outage.empty();
    p.model = req.model;  // last: the copy is not held while the documents are
    out.ok = out.errors.empty();
    return out;
}

}  // namespace aa::runtime
