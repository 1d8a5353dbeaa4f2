#include "runtime/scenario_cluster.hpp"

#include <nettle/md5.h>

#include <algorithm>
#include <fmt/format.h>
#include <stdexcept>

#include "compiler/lang/duration.hpp"
#include "runtime/runner.hpp"
#include "runtime/shadow.hpp"

namespace aa::runtime {
namespace {

using NodeMap = std::map<std::string, std::vector<std::string>>;

std::string to_string(const pugi::xml_document& doc) {
    struct Sink : pugi::xml_writer {
        std::string s;
        void write(const void* data, size_t size) override { s.append(static_cast<const char*>(data), size); }
    } sink;
    doc.save(sink, "", pugi::format_raw);
    return sink.s;
}

pugi::xml_node child(pugi::xml_node parent, const char* name, const std::string& id = {}) {
    pugi::xml_node n = parent.child(name);
    if (!n) {
        n = parent.append_child(name);
        if (!id.empty()) n.append_attribute("id") = id.c_str();
    }
    return n;
}

void set_attr(pugi::xml_node n, const char* name, const std::string& value) {
    pugi::xml_attribute a = n.attribute(name);
    if (!a) a = n.append_attribute(name);
    a = value.c_str();
}

void set_nvpair(pugi::xml_node set, const std::string& id_prefix, const std::string& name, const std::string& value) {
    pugi::xml_node nv = set.find_child_by_attribute("nvpair", "name", name.c_str());
    if (!nv) {
        nv = set.append_child("nvpair");
        std::string id = id_prefix + "-" + name;
        std::replace(id.begin(), id.end(), '#', '.');
        nv.append_attribute("id") = id.c_str();
        nv.append_attribute("name") = name.c_str();
        nv.append_attribute("value");
    }
    nv.attribute("value") = value.c_str();
}

// Pacemaker's operation digest: MD5 of the parameters element it builds from the action's
// attributes (without CRM_meta_* and crm_feature_set; a recurring operation keeps its timeout),
// attributes sorted by name, written as " <parameters a=\"1\" b=\"2\"/>\n". Checked against
// crm_simulate's own history entries in tests/e2e/scenario_test.cpp.
std::string op_digest(pugi::xml_node attributes, long interval_ms) {
    std::vector<std::pair<std::string, std::string>> params;
    for (pugi::xml_attribute a : attributes.attributes()) {
        std::string_view n = a.name();
        if (n.rfind("CRM_meta_", 0) == 0 || n == "crm_feature_set") continue;
        params.emplace_back(a.name(), a.value());
    }
    if (interval_ms > 0)
        if (pugi::xml_attribute t = attributes.attribute("CRM_meta_timeout")) params.emplace_back(t.name(), t.value());
    std::sort(params.begin(), params.end());
    std::string text = " <parameters";
    for (const auto& [k, v] : params) {
        text += " " + k + "=\"";
        for (char c : v) {
            switch (c) {
            case '<': text += "&lt;"; break;
            case '>': text += "&gt;"; break;
            case '&': text += "&amp;"; break;
            case '"': text += "&quot;"; break;
            default: text += c;
            }
        }
        text += "\"";
    }
    text += "/>\n";
    md5_ctx ctx;
    md5_init(&ctx);
    md5_update(&ctx, text.size(), reinterpret_cast<const uint8_t*>(text.data()));
    uint8_t digest[MD5_DIGEST_SIZE];
    md5_digest(&ctx, MD5_DIGEST_SIZE, digest);
    std::string hex;
    for (uint8_t b : digest) hex += fmt::format("{:02x}", b);
    return hex;
}

pugi::xml_node config_node(pugi::xml_document& doc, const std::string& uname) {
    return doc.child("cib").child("configuration").child("nodes").find_child_by_attribute("node", "uname", uname.c_str());
}

pugi::xml_node node_state(pugi::xml_document& doc, const std::string& uname) {
    pugi::xml_node status = child(doc.child("cib"), "status");
    pugi::xml_node state = status.find_child_by_attribute("node_state", "uname", uname.c_str());
    if (!state) {
        state = status.append_child("node_state");
        state.append_attribute("id") = config_node(doc, uname).attribute("id").value();
        state.append_attribute("uname") = uname.c_str();
    }
    return state;
}

// A node joins or leaves: the controller forgets its resource history and transient attributes.
void set_online(pugi::xml_document& doc, const std::string& uname, bool up) {
    pugi::xml_node state = node_state(doc, uname);
    set_attr(state, "in_ccm", up ? "true" : "false");
    set_attr(state, "crmd", up ? "online" : "offline");
    set_attr(state, "join", up ? "member" : "down");
    set_attr(state, "expected", up ? "member" : "down");
    state.remove_child("lrm");
    state.remove_child("transient_attributes");
}

bool online(pugi::xml_node state) { return std::string_view(state.attribute("crmd").value()) == "online"; }

// A permanent node attribute (standby, maintenance, or the spec's rules' inputs), as
// `crm_attribute --node N --name K --update V` writes it.
void set_node_attribute(pugi::xml_document& doc, const std::string& uname, const std::string& key, const std::string& value) {
    pugi::xml_node node = config_node(doc, uname);
    std::string prefix = std::string("nodes-") + node.attribute("id").value();
    set_nvpair(child(node, "instance_attributes", prefix), prefix, key, value);
}

void set_transient(pugi::xml_document& doc, const std::string& uname, const std::string& key, const std::string& value) {
    pugi::xml_node state = node_state(doc, uname);
    std::string id = state.attribute("id").value();
    pugi::xml_node set = child(child(state, "transient_attributes", id), "instance_attributes", "status-" + id);
    set_nvpair(set, id, key, value);
}

// The operation key a failure of `service` is recorded under: its first monitor, else its start.
std::string failure_key(const model::Model& m, const std::string& service) {
    const model::Service* s = m.find_service(service);
    if (s)
        for (const model::Op& op : s->ops)
            if (op.name == "monitor")
                if (auto ms = duration_ms(op.interval)) return fmt::format("{}_monitor_{}", service, *ms);
    return service + "_start_0";
}

// Top-level id of every primitive whose instances count (as runtime/placement.cpp reads them):
// the clone for a cloned primitive (the first member for a cloned group), itself otherwise.
std::map<std::string, std::string> tops(const pugi::xml_document& doc) {
    std::map<std::string, std::string> out;
    for (pugi::xml_node r : doc.child("cib").child("configuration").child("resources").children()) {
        std::string_view kind = r.name();
        std::string id = r.attribute("id").value();
        if (kind == "clone" || kind == "master") {
            pugi::xml_node rep = r.find_node([](pugi::xml_node n) { return std::string_view(n.name()) == "primitive"; });
            if (rep) out[rep.attribute("id").value()] = id;
        } else if (kind == "group") {
            for (pugi::xml_node p : r.children("primitive")) out[p.attribute("id").value()] = p.attribute("id").value();
        } else if (kind == "primitive") {
            out[id] = id;
        }
    }
    return out;
}

bool promoted_role(std::string_view role) { return role == "Promoted" || role == "Master"; }

void read_active(pugi::xml_node resource, const std::string& top, SimState& s) {
    if (std::string_view(resource.attribute("active").value()) != "true") return;
    for (pugi::xml_node n : resource.children("node")) {
        s.running[top].emplace_back(n.attribute("name").value());
        if (promoted_role(resource.attribute("role").value())) s.promoted[top].emplace_back(n.attribute("name").value());
    }
}

// Where instances are active before the transition, from crm_simulate's cluster_status.
void read_current(const pugi::xml_document& out, SimState& s) {
    pugi::xml_node resources = out.document_element().child("cluster_status").child("resources");
    for (pugi::xml_node r : resources.children()) {
        std::string_view kind = r.name();
        std::string id = r.attribute("id").value();
        s.running[id];
        if (kind == "clone" || kind == "bundle") {
            for (pugi::xml_node c : r.children()) {
                if (std::string_view(c.name()) == "resource") read_active(c, id, s);
                else if (std::string_view(c.name()) == "group")
                    if (pugi::xml_node first = c.child("resource")) read_active(first, id, s);
            }
        } else if (kind == "group") {
            for (pugi::xml_node m : r.children("resource")) read_active(m, m.attribute("id").value(), s);
        } else if (kind == "resource") {
            read_active(r, id, s);
        }
    }
    for (pugi::xml_node a : out.document_element().child("actions").children("rsc_action"))
        if (a.attribute("blocked").as_bool())
            s.blocked.push_back(fmt::format("{} {} {}", a.attribute("action").value(), a.attribute("resource").value(),
                                            a.attribute("node").value()));
}

void remove_one(std::vector<std::string>& v, const std::string& x) {
    if (auto it = std::find(v.begin(), v.end(), x); it != v.end()) v.erase(it);
}

int rank(const std::string& task, long interval_ms) {
    if (task == "monitor") return interval_ms == 0 ? 0 : 5;
    if (task == "demote") return 1;
    if (task == "stop" || task == "migrate_to") return 2;
    if (task == "start" || task == "migrate_from") return 3;
    if (task == "promote") return 4;
    return 6;
}

}  // namespace

SimCluster::SimCluster(const std::string& cib_xml, const model::Model& model) : model_(&model) {
    if (pugi::xml_parse_result r = doc_.load_string(cib_xml.c_str()); !r)
        throw std::runtime_error(std::string("cannot parse the desired CIB: ") + r.description());
    pugi::xml_node root = doc_.child("cib");
    child(root, "status");
    for (pugi::xml_node n : root.child("configuration").child("nodes").children("node")) {
        std::string uname = n.attribute("uname").value();
        if (!root.child("status").find_child_by_attribute("node_state", "uname", uname.c_str())) set_online(doc_, uname, true);
    }
    if (root.attribute("have-quorum").empty()) root.append_attribute("have-quorum") = "1";
}

SimCluster::SimCluster(const SimCluster& o)
    : model_(o.model_), injections_(o.injections_), call_id_(o.call_id_), last_(o.last_) {
    doc_.reset(o.doc_);
}

void SimCluster::given(const scenario::Event& e) {
    using K = scenario::Event::Kind;
    if (e.kind == K::Failure) {
        std::string key = failure_key(*model_, e.service);
        std::string op = key.substr(e.service.size() + 1);
        set_transient(doc_, e.node, "fail-count-" + e.service + "#" + op, std::to_string(e.count));
        set_transient(doc_, e.node, "last-failure-" + e.service + "#" + op, "1700000000");
        return;
    }
    event(e);
}

void SimCluster::event(const scenario::Event& e) {
    using K = scenario::Event::Kind;
    switch (e.kind) {
    case K::NodeDown: return set_online(doc_, e.node, false);
    case K::NodeUp:
        if (!online(node_state(doc_, e.node))) set_online(doc_, e.node, true);
        return;
    case K::Standby: return set_node_attribute(doc_, e.node, "standby", "on");
    case K::Unstandby: return set_node_attribute(doc_, e.node, "standby", "off");
    case K::Maintenance: return set_node_attribute(doc_, e.node, "maintenance", "on");
    case K::Unmaintenance: return set_node_attribute(doc_, e.node, "maintenance", "off");
    case K::Attribute: return set_node_attribute(doc_, e.node, e.key, e.value);
    case K::Failure: {
        const model::Service* s = model_->find_service(e.service);
        const auto& where = last_.running[s ? s->resource_id() : e.service];
        if (std::find(where.begin(), where.end(), e.node) == where.end())
            throw std::invalid_argument(fmt::format("{} does not run on {} at this point (it runs on: {})", e.service,
                                                    e.node, where.empty() ? "no node" : fmt::format("{}", fmt::join(where, " "))));
        for (int i = 0; i < e.count; ++i) injections_.push_back(failure_key(*model_, e.service) + "@" + e.node + "=7");
        return;
    }
    }
}

SimState SimCluster::react() {
    Shadow shadow(to_string(doc_));
    Command c;
    c.argv = {"crm_simulate", "--xml-file", shadow.path(), "--run", "--output-as=xml", "--save-graph", shadow.dir() + "/graph.xml"};
    for (const std::string& i : injections_) c.argv.insert(c.argv.end(), {"--op-inject", i});
    if (!injections_.empty()) c.argv.insert(c.argv.end(), {"--save-output", shadow.dir() + "/out.xml"});
    c.env = {"CIB_shadow_dir=" + shadow.dir()};
    c.timeout = std::chrono::minutes(10);
    Result r = run(c);
    if (!r.ok()) throw CommandError(std::move(r), "simulating the cluster's reaction");
    if (!injections_.empty()) {
        pugi::xml_document injected;
        if (!injected.load_file((shadow.dir() + "/out.xml").c_str()))
            throw std::runtime_error("crm_simulate wrote no readable --save-output CIB");
        doc_.reset(injected);
        injections_.clear();
    }
    pugi::xml_document out;
    if (!out.load_string(r.out.c_str())) throw std::runtime_error("cannot parse crm_simulate's XML output");
    pugi::xml_document graph;
    if (!graph.load_file((shadow.dir() + "/graph.xml").c_str())) throw std::runtime_error("cannot read the transition graph");

    SimState s;
    read_current(out, s);
    // The transition's actions, executed in the order the graph's dependencies imply for one
    // resource on one node (probe, demote, stop, start, promote, recurring monitor).
    struct Op {
        pugi::xml_node xml;
        SimAction act;
        int rank;
    };
    std::vector<Op> ops;
    for (pugi::xml_node syn : graph.child("transition_graph").children("synapse"))
        for (pugi::xml_node a : syn.child("action_set").children()) {
            std::string_view kind = a.name();
            if (kind == "pseudo_event") continue;
            SimAction act{a.attribute("operation").value(), a.child("primitive").attribute("id").value(),
                          a.attribute("on_node").value(), a.child("attributes").attribute("CRM_meta_interval").as_int(0)};
            ops.push_back({a, act, kind == "rsc_op" ? rank(act.task, act.interval_ms) : 7});
            s.actions.push_back(act);
        }
    std::stable_sort(ops.begin(), ops.end(), [](const Op& a, const Op& b) { return a.rank < b.rank; });
    std::map<std::string, std::string> top = tops(doc_);
    for (const Op& op : ops) {
        const SimAction& a = op.act;
        if (op.rank == 7) {
            if (a.task == "stonith" || a.task == "do_shutdown") set_online(doc_, a.node, false);
            continue;
        }
        if (op.rank == 6) continue;  // notifications and the like leave no state behind
        pugi::xml_node prim = op.xml.child("primitive");
        pugi::xml_node state = node_state(doc_, a.node);
        pugi::xml_node lrm = child(child(state, "lrm", state.attribute("id").value()), "lrm_resources");
        pugi::xml_node rsc = lrm.find_child_by_attribute("lrm_resource", "id", a.primitive.c_str());
        if (!rsc) {
            rsc = lrm.append_child("lrm_resource");
            for (const char* at : {"id", "class", "provider", "type"})
                if (pugi::xml_attribute v = prim.attribute(at)) rsc.append_attribute(at) = v.value();
        }
        std::string op_id = a.interval_ms == 0 ? a.primitive + "_last_0" : fmt::format("{}_{}_{}", a.primitive, a.task, a.interval_ms);
        if (a.task == "stop")
            for (pugi::xml_node h = rsc.first_child(); h;) {
                pugi::xml_node next = h.next_sibling();
                if (h.attribute("interval").as_int(0) != 0) rsc.remove_child(h);
                h = next;
            }
        while (pugi::xml_node old = rsc.find_child_by_attribute("lrm_rsc_op", "id", op_id.c_str())) rsc.remove_child(old);
        std::string rc = op.xml.child("attributes").attribute("CRM_meta_op_target_rc").as_string("0");
        std::string key = fmt::format("{}:1:{}:00000000-0000-0000-0000-000000000000", ++call_id_, rc);
        pugi::xml_node h = rsc.append_child("lrm_rsc_op");
        std::pair<const char*, std::string> attrs[] = {
            {"id", op_id}, {"operation_key", fmt::format("{}_{}_{}", a.primitive, a.task, a.interval_ms)},
            {"operation", a.task}, {"crm-debug-origin", "aa-test"}, {"crm_feature_set", "3.16.1"},
            {"transition-key", key}, {"transition-magic", "0:" + rc + ";" + key}, {"exit-reason", ""},
            {"call-id", std::to_string(call_id_)}, {"rc-code", rc}, {"op-status", "0"},
            {"interval", std::to_string(a.interval_ms)}, {"last-rc-change", "1700000000"}, {"exec-time", "0"},
            {"queue-time", "0"}, {"op-digest", op_digest(op.xml.child("attributes"), a.interval_ms)}};
        for (const auto& [k, v] : attrs) h.append_attribute(k) = v.c_str();

        auto t = top.find(a.primitive);
        if (t == top.end()) {
            // An instance of a globally-unique clone ("db:1") or an orphan: count it under its base.
            auto colon = a.primitive.find(':');
            t = colon == std::string::npos ? top.end() : top.find(a.primitive.substr(0, colon));
            if (t == top.end()) continue;
        }
        if (a.task == "stop") {
            remove_one(s.running[t->second], a.node);
            remove_one(s.promoted[t->second], a.node);
        } else if (a.task == "start" || a.task == "migrate_from") {
            s.running[t->second].push_back(a.node);
        } else if (a.task == "promote") {
            s.promoted[t->second].push_back(a.node);
        } else if (a.task == "demote") {
            remove_one(s.promoted[t->second], a.node);
        }
    }
    for (auto& [id, nodes] : s.running) std::sort(nodes.begin(), nodes.end());
    for (auto& [id, nodes] : s.promoted) std::sort(nodes.begin(), nodes.end());
    last_ = s;
    return s;
}

std::vector<std::string> SimCluster::scores(const std::string& resource) const {
    Shadow shadow(to_string(doc_));
    Command c;
    c.argv = {"crm_simulate", "--xml-file", shadow.path(), "--run", "--show-scores"};
    c.env = {"CIB_shadow_dir=" + shadow.dir()};
    c.timeout = std::chrono::minutes(10);
    Result r = run(c);
    if (!r.ok()) throw CommandError(std::move(r), "asking crm_simulate for the allocation scores");
    std::vector<std::string> out;
    std::string base = resource.size() > 6 && resource.ends_with("-clone") ? resource.substr(0, resource.size() - 6) : resource;
    std::size_t start = 0;
    while (start < r.out.size()) {
        std::size_t end = r.out.find('\n', start);
        if (end == std::string::npos) end = r.out.size();
        std::string line = r.out.substr(start, end - start);
        start = end + 1;
        if (line.find("score") == std::string::npos) continue;
        if (line.find(" " + resource + " ") != std::string::npos || line.find(" " + base + " ") != std::string::npos ||
            line.find(" " + base + ":") != std::string::npos)
            out.push_back(line);
    }
    return out;
}

}  // namespace aa::runtime
