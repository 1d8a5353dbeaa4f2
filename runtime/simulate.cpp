// crm_simulate --run on a private copy of a CIB, and the predicted placement derived from it:
// the instances active now (the CIB's status), plus the transition's starts, minus its stops.
#include "runtime/simulate.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <pugixml.hpp>
#include <set>
#include <stdexcept>

#include "compiler/cib/cib.hpp"
#include "runtime/shadow.hpp"

namespace aa::runtime {
namespace {

// What simulate() needs to know about the configuration before and after running the scheduler.
struct CibFacts {
    std::vector<std::string> nodes;           // configured unames, document order
    std::set<std::string> nodes_with_state;   // a node_state exists in <status>
    bool quorum_given = false;                // <cib have-quorum=...> present
    std::map<std::string, std::string> top_of;  // counted primitive id -> top-level id
    std::map<std::string, std::string> owner;   // every primitive id -> its top-level resource id
    std::map<std::string, int> wanted;        // top-level id -> instances the configuration asks for
    bool fencing_required = true;             // stonith-enabled (Pacemaker's default: true)
    bool has_fencing_device = false;          // a primitive of class stonith
};

std::string meta(pugi::xml_node rsc, const char* name) {
    for (pugi::xml_node set : rsc.children("meta_attributes"))
        for (pugi::xml_node nv : set.children("nvpair"))
            if (std::string_view(nv.attribute("name").value()) == name) return nv.attribute("value").value();
    return {};
}

bool stopped_or_unmanaged(pugi::xml_node rsc) {
    std::string role = meta(rsc, "target-role"), managed = meta(rsc, "is-managed");
    return role == "Stopped" || role == "stopped" || managed == "false";
}

pugi::xml_node first_primitive(pugi::xml_node container) {
    return container.find_node([](pugi::xml_node n) { return std::string_view(n.name()) == "primitive"; });
}

void read_clone(pugi::xml_node clone, std::size_t node_count, CibFacts& f) {
    std::string id = clone.attribute("id").value();
    pugi::xml_node rep = first_primitive(clone);
    if (!rep) return;
    // The first primitive stands for every instance (for a cloned group: its first member).
    f.top_of[rep.attribute("id").value()] = id;
    std::string max = meta(clone, "clone-max");
    int wanted = static_cast<int>(node_count);
    if (!max.empty()) wanted = std::atoi(max.c_str());
    bool off = stopped_or_unmanaged(clone) || stopped_or_unmanaged(rep) ||
               (rep.parent() != clone && stopped_or_unmanaged(rep.parent()));
    f.wanted[id] = off ? 0 : wanted;
}

void read_primitive(pugi::xml_node p, pugi::xml_node group, CibFacts& f) {
    std::string id = p.attribute("id").value();
    f.top_of[id] = id;
    f.wanted[id] = stopped_or_unmanaged(p) || (group && stopped_or_unmanaged(group)) ? 0 : 1;
}

CibFacts read_facts(const pugi::xml_document& cib) {
    CibFacts f;
    pugi::xml_node root = cib.child("cib");
    pugi::xml_node config = root.child("configuration");
    for (pugi::xml_node n : config.child("nodes").children("node")) f.nodes.emplace_back(n.attribute("uname").value());
    for (pugi::xml_node s : root.child("status").children("node_state"))
        f.nodes_with_state.insert(s.attribute("uname").value());
    f.quorum_given = !root.attribute("have-quorum").empty();
    const cib::Fencing fencing = cib::fencing(root);
    f.fencing_required = fencing.required;
    f.has_fencing_device = fencing.has_device;
    for (pugi::xml_node r : config.child("resources").children()) {
        for (pugi::xpath_node p : r.select_nodes(".//primitive")) f.owner[p.node().attribute("id").value()] = r.attribute("id").value();
        if (std::string_view(r.name()) == "primitive") f.owner[r.attribute("id").value()] = r.attribute("id").value();
        std::string_view kind = r.name();
        if (kind == "clone" || kind == "master") read_clone(r, f.nodes.size(), f);
        else if (kind == "primitive") read_primitive(r, {}, f);
        else if (kind == "group")
            for (pugi::xml_node p : r.children("primitive")) read_primitive(p, r, f);
    }
    return f;
}

pugi::xml_node child_with_id(pugi::xml_node parent, const char* name, const std::string& id) {
    pugi::xml_node n = parent.child(name);
    if (!n) {
        n = parent.append_child(name);
        n.append_attribute("id") = id.c_str();
    }
    return n;
}

// standby=on for the node, in the configuration; a transient standby in the status would
// override it, so that one is dropped (this is a private copy).
void put_in_standby(pugi::xml_document& cib, const std::string& uname) {
    pugi::xml_node root = cib.child("cib");
    pugi::xml_node node = root.child("configuration").child("nodes").find_child_by_attribute("node", "uname", uname.c_str());
    std::string node_id = node.attribute("id").value();
    pugi::xml_node attrs = child_with_id(node, "instance_attributes", "aa-whatif-" + node_id);
    pugi::xml_node nv = attrs.find_child_by_attribute("nvpair", "name", "standby");
    if (!nv) {
        nv = attrs.append_child("nvpair");
        nv.append_attribute("id") = ("aa-whatif-" + node_id + "-standby").c_str();
        nv.append_attribute("name") = "standby";
        nv.append_attribute("value");
    }
    nv.attribute("value") = "on";
    pugi::xml_node state = root.child("status").find_child_by_attribute("node_state", "uname", uname.c_str());
    for (pugi::xml_node set : state.child("transient_attributes").children("instance_attributes"))
        while (pugi::xml_node t = set.find_child_by_attribute("nvpair", "name", "standby")) set.remove_child(t);
}

void require_known(const CibFacts& f, const std::vector<std::string>& names, const char* option) {
    for (const std::string& n : names)
        if (std::find(f.nodes.begin(), f.nodes.end(), n) == f.nodes.end())
            throw std::invalid_argument(fmt::format("{} {}: no such node in the CIB (nodes: {})", option, n,
                                                    fmt::join(f.nodes, " ")));
}

std::string to_string(const pugi::xml_document& doc) {
    struct Sink : pugi::xml_writer {
        std::string s;
        void write(const void* data, size_t size) override { s.append(static_cast<const char*>(data), size); }
    } sink;
    doc.save(sink, "", pugi::format_raw);  // indentation grows with depth: quadratic on deep CIBs
    return sink.s;
}

// What `crm_simulate --node-up/--node-down/--quorum` would inject, written straight into the
// private copy: each injection is a CIB operation that re-validates the whole CIB (~0.8 s at
// 1,000 services), while these edits cost a few microseconds.
void set_node_state(pugi::xml_node status, const std::string& id, const std::string& uname, bool up) {
    pugi::xml_node state = status.find_child_by_attribute("node_state", "uname", uname.c_str());
    if (!state) {
        state = status.append_child("node_state");
        state.append_attribute("id") = id.c_str();
        state.append_attribute("uname") = uname.c_str();
    }
    const char* values[][2] = {{"in_ccm", up ? "true" : "false"}, {"crmd", up ? "online" : "offline"},
                               {"join", up ? "member" : "down"}, {"expected", up ? "member" : "down"}};
    for (auto& [name, value] : values) {
        pugi::xml_attribute a = state.attribute(name);
        if (!a) a = state.append_attribute(name);
        a = value;
    }
}

bool is_promotable(pugi::xml_node top) {
    if (std::string_view(top.name()) == "master") return true;
    std::string v = meta(top, "promotable");
    return std::string_view(top.name()) == "clone" && (v == "true" || v == "yes" || v == "1" || v == "on");
}

// A promotable agent sets its promotion score (`master-ID`, with crm_master) once it runs; a
// resource that has never run has none, and the scheduler would promote nothing. Where no
// node has a score for it yet, every node gets one, as ocf:pacemaker:Stateful sets it: so the
// prediction shows an instance promoted, as the cluster will once the agent has run.
void give_promotion_scores(pugi::xml_node root) {
    pugi::xml_node status = root.child("status");
    for (pugi::xml_node top : root.child("configuration").child("resources").children()) {
        if (!is_promotable(top)) continue;
        pugi::xml_node prim = first_primitive(top);
        if (!prim) continue;
        std::string name = std::string("master-") + prim.attribute("id").value();
        bool scored = static_cast<bool>(status.find_node([&](pugi::xml_node n) {
            return std::string_view(n.name()) == "nvpair" && name == n.attribute("name").value();
        }));
        if (scored) continue;
        for (pugi::xml_node st : status.children("node_state")) {
            if (std::string_view(st.attribute("crmd").value()) != "online") continue;
            pugi::xml_node ta = child_with_id(st, "transient_attributes", st.attribute("id").value());
            pugi::xml_node set = child_with_id(ta, "instance_attributes", std::string("status-") + st.attribute("id").value());
            pugi::xml_node nv = set.append_child("nvpair");
            nv.append_attribute("id") = (std::string("status-") + st.attribute("id").value() + "-" + name).c_str();
            nv.append_attribute("name") = name.c_str();
            nv.append_attribute("value") = "5";
        }
    }
}

void inject(pugi::xml_document& cib, const CibFacts& f, const WhatIf& w) {
    pugi::xml_node root = cib.child("cib");
    pugi::xml_node status = root.child("status");
    if (!status) status = root.append_child("status");
    auto down = [&](const std::string& n) { return std::find(w.node_down.begin(), w.node_down.end(), n) != w.node_down.end(); };
    for (pugi::xml_node n : root.child("configuration").child("nodes").children("node")) {
        std::string uname = n.attribute("uname").value();
        // A node with no node_state has never been seen: on paper, it is up.
        if (down(uname)) set_node_state(status, n.attribute("id").value(), uname, false);
        else if (!f.nodes_with_state.count(uname)) set_node_state(status, n.attribute("id").value(), uname, true);
    }
    if (!f.quorum_given) root.append_attribute("have-quorum") = "1";
    give_promotion_scores(root);
}

std::vector<std::string> simulate_argv(const Shadow& shadow) {
    return {"crm_simulate", "--xml-file", shadow.path(), "--run", "--output-as=xml",
            "--save-graph", shadow.dir() + "/graph.xml"};
}

Result run_simulate(const std::vector<std::string>& argv, const Shadow& shadow) {
    Command c;
    c.argv = argv;
    // -x copies its input into a shadow file under CIB_shadow_dir: keep it in our private dir.
    c.env = {"CIB_shadow_dir=" + shadow.dir()};
    c.timeout = std::chrono::minutes(10);
    Result r = run(c);
    if (r.ok()) return r;
    throw CommandError(std::move(r), "simulating the transition");
}

pugi::xml_document parse(const std::string& text, const char* what) {
    pugi::xml_document doc;
    if (pugi::xml_parse_result res = doc.load_string(text.c_str()); !res)
        throw std::runtime_error(fmt::format("cannot parse {}: {}", what, res.description()));
    return doc;
}

// The graph's synapses in an order the cluster can run them: each action after every action it
// waits for (its triggers), ties in the graph's own order. The graph itself is ordered by action
// id, which lists a start before the stop it waits for.
std::vector<pugi::xml_node> executable_order(const pugi::xml_node& graph) {
    std::vector<pugi::xml_node> synapses;
    std::map<std::string, std::size_t> index_of_action;
    for (pugi::xml_node syn : graph.children("synapse")) {
        for (pugi::xml_node a : syn.child("action_set").children()) index_of_action[a.attribute("id").value()] = synapses.size();
        synapses.push_back(syn);
    }
    std::vector<std::vector<std::size_t>> waiting(synapses.size());
    std::vector<int> inputs(synapses.size(), 0);
    for (std::size_t i = 0; i < synapses.size(); ++i)
        for (pugi::xml_node trig : synapses[i].child("inputs").children("trigger"))
            for (pugi::xml_node a : trig.children()) {
                auto it = index_of_action.find(a.attribute("id").value());
                if (it == index_of_action.end() || it->second == i) continue;
                waiting[it->second].push_back(i);
                ++inputs[i];
            }
    std::set<std::size_t> ready;
    for (std::size_t i = 0; i < synapses.size(); ++i)
        if (inputs[i] == 0) ready.insert(i);
    std::vector<pugi::xml_node> out;
    std::vector<bool> done(synapses.size(), false);
    while (!ready.empty()) {
        std::size_t i = *ready.begin();
        ready.erase(ready.begin());
        done[i] = true;
        out.push_back(synapses[i]);
        for (std::size_t w : waiting[i])
            if (--inputs[w] == 0) ready.insert(w);
    }
    // A cycle cannot run at all; its synapses still belong in the list, after everything else.
    for (std::size_t i = 0; i < synapses.size(); ++i)
        if (!done[i]) out.push_back(synapses[i]);
    return out;
}

std::vector<ScheduledAction> read_graph(const std::string& graph_path) {
    pugi::xml_document graph;
    if (pugi::xml_parse_result res = graph.load_file(graph_path.c_str()); !res)
        throw std::runtime_error(fmt::format("cannot read the transition graph {}: {}", graph_path, res.description()));
    std::vector<ScheduledAction> out;
    for (pugi::xml_node syn : executable_order(graph.child("transition_graph"))) {
        for (pugi::xml_node a : syn.child("action_set").children()) {
            std::string_view kind = a.name();
            if (kind == "pseudo_event") continue;
            ScheduledAction act;
            act.task = a.attribute("operation").value();
            act.node = a.attribute("on_node").value();
            if (kind == "rsc_op") {
                pugi::xml_node prim = a.child("primitive");
                act.primitive = prim.attribute("id").value();
                act.resource = prim.attribute("long-id") ? prim.attribute("long-id").value() : act.primitive;
                act.interval_ms = a.child("attributes").attribute("CRM_meta_interval").as_llong(0);
            }
            out.push_back(std::move(act));
        }
    }
    return out;
}

// Where in the executable order the change happens: its first graph action on its node(s).
std::size_t position(const plan::ResourceChange& c, const std::vector<ScheduledAction>& actions) {
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const ScheduledAction& a = actions[i];
        if (a.resource != c.instance && a.primitive != c.instance) continue;
        if (a.task == "monitor" || a.task == "notify" || a.task == "delete" || a.task == "cancel") continue;
        if (a.node == c.node || (!c.to.empty() && a.node == c.to)) return i;
    }
    return actions.size();
}

// crm_simulate's <actions>: one rsc_action per instance the transition changes.
plan::Transition read_transition(const pugi::xml_document& sim, const CibFacts& f, const std::vector<ScheduledAction>& graph) {
    using Kind = plan::ResourceChange::Kind;
    std::vector<std::pair<std::size_t, plan::ResourceChange>> found;
    for (pugi::xml_node a : sim.document_element().child("actions").children("rsc_action")) {
        if (a.attribute("blocked").as_bool()) continue;
        plan::ResourceChange c;
        c.action = a.attribute("action").value();
        c.kind = plan::change_kind_from_name(c.action).value_or(Kind::Other);
        c.instance = a.attribute("resource").value();
        std::string primitive = plan::primitive_of(c.instance);
        auto owner = f.owner.find(primitive);
        c.resource = owner == f.owner.end() ? primitive : owner->second;  // an orphan: its own id
        std::string node = a.attribute("node").value(), source = a.attribute("source").value(), dest = a.attribute("dest").value();
        if (c.kind == Kind::Move || c.kind == Kind::Migrate) {
            c.node = source;
            c.to = dest;
        } else {
            c.node = !node.empty() ? node : !source.empty() ? source : dest;
        }
        c.reason = a.attribute("reason").value();
        found.emplace_back(position(c, graph), std::move(c));
    }
    std::stable_sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    plan::Transition out;
    for (auto& [pos, c] : found) out.push_back(std::move(c));
    return out;
}

void remove_one(std::vector<std::string>& nodes, const std::string& node) {
    if (auto it = std::find(nodes.begin(), nodes.end(), node); it != nodes.end()) nodes.erase(it);
}

using NodeMap = std::map<std::string, std::vector<std::string>>;

// Every configured resource listed (empty when nowhere), resources gone from the configuration
// listed only while something still runs, nodes sorted.
NodeMap tidy(const CibFacts& f, NodeMap m) {
    for (auto it = m.begin(); it != m.end();) {
        if (!f.wanted.count(it->first) && it->second.empty()) it = m.erase(it);
        else ++it;
    }
    for (const auto& [id, wanted] : f.wanted) m[id];
    for (auto& [id, nodes] : m) std::sort(nodes.begin(), nodes.end());
    return m;
}

// Active instances before the transition.
NodeMap active_now(const CibFacts& f, const WhatIf& w, const std::string& sim_out) {
    NodeMap running = current_placement(sim_out);
    // A node taken down stops everything on it without a stop action in the graph.
    for (auto& [id, nodes] : running)
        for (const std::string& down : w.node_down)
            nodes.erase(std::remove(nodes.begin(), nodes.end(), down), nodes.end());
    return tidy(f, std::move(running));
}

// Now + starts - stops, per top-level resource.
NodeMap predict(const CibFacts& f, NodeMap running, const std::vector<ScheduledAction>& actions) {
    for (const ScheduledAction& a : actions) {
        auto top = f.top_of.find(a.primitive);
        const std::string& id = top == f.top_of.end() ? a.primitive : top->second;  // an orphan keeps its own id
        if (top == f.top_of.end() && !running.count(id)) continue;  // not the representative of a clone
        if (a.task == "stop") remove_one(running[id], a.node);
        else if (a.task == "start" || a.task == "migrate_from") running[id].push_back(a.node);
    }
    return tidy(f, std::move(running));
}

std::vector<std::string> blocked_actions(const pugi::xml_document& sim) {
    std::vector<std::string> out;
    for (pugi::xml_node a : sim.document_element().child("actions").children("rsc_action")) {
        if (!a.attribute("blocked").as_bool()) continue;
        std::string where = a.attribute("node").value();
        if (where.empty()) where = a.attribute("dest").value();
        std::string reason = a.attribute("reason").value();
        out.push_back(fmt::format("{}: {}{}{} blocked{}", a.attribute("resource").value(), a.attribute("action").value(),
                                  where.empty() ? "" : " on ", where, reason.empty() ? "" : " (" + reason + ")"));
    }
    return out;
}

std::vector<std::string> unplaced(const CibFacts& f, const std::map<std::string, std::vector<std::string>>& running) {
    std::vector<std::string> out;
    for (const auto& [id, wanted] : f.wanted) {
        int placed = static_cast<int>(running.at(id).size());
        if (placed >= wanted) continue;
        if (placed == 0) out.push_back(fmt::format("{}: cannot run anywhere (0 of {} instance{} placed)", id, wanted, wanted == 1 ? "" : "s"));
        else out.push_back(fmt::format("{}: only {} of {} instances can run; no node can take the rest", id, placed, wanted));
    }
    // The most common reason nothing starts on a fresh CIB; Pacemaker says it only in crm_verify.
    if (!out.empty() && f.fencing_required && !f.has_fencing_device)
        out.insert(out.begin(), "Pacemaker starts no resource: stonith-enabled is true (the default) and no fencing "
                                "device (a primitive of class stonith) is configured");
    return out;
}

}  // namespace

Placement simulate(const std::string& cib_path, const WhatIf& what_if) {
    pugi::xml_document cib;
    if (pugi::xml_parse_result res = cib.load_file(cib_path.c_str()); !res)
        throw std::runtime_error(fmt::format("cannot read the CIB {}: {}", cib_path, res.description()));
    CibFacts facts = read_facts(cib);
    require_known(facts, what_if.node_down, "--node-down");
    require_known(facts, what_if.standby, "--standby");
    for (const std::string& n : what_if.standby) put_in_standby(cib, n);
    inject(cib, facts, what_if);

    Shadow shadow(to_string(cib));
    Result r = run_simulate(simulate_argv(shadow), shadow);
    pugi::xml_document sim = parse(r.out, "crm_simulate's XML output");

    Placement p;
    p.actions = read_graph(shadow.dir() + "/graph.xml");
    p.current = active_now(facts, what_if, r.out);
    p.running = predict(facts, p.current, p.actions);
    p.transition = read_transition(sim, facts, p.actions);
    p.problems = blocked_actions(sim);
    for (std::string& s : unplaced(facts, p.running)) p.problems.push_back(std::move(s));
    return p;
}

}  // namespace aa::runtime
