#include "compiler/plan/plan_file.hpp"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <optional>
#include <sstream>

#include "compiler/plan/actions.hpp"
#include "compiler/util/sha256.hpp"
#include "compiler/cib/xml_text.hpp"

namespace aa::plan {
namespace {

void save_placement(pugi::xml_node parent, const char* name, const Placement& pl) {
    pugi::xml_node p = parent.append_child(name);
    for (const auto& [rsc, nodes] : pl) {
        pugi::xml_node r = p.append_child("resource");
        r.append_attribute("id") = rsc.c_str();
        for (const std::string& n : nodes) r.append_child("node").append_attribute("name") = n.c_str();
    }
}

Placement load_placement(const pugi::xml_node& p) {
    Placement out;
    for (pugi::xml_node r : p.children("resource")) {
        auto& nodes = out[r.attribute("id").value()];
        for (pugi::xml_node n : r.children("node")) nodes.emplace_back(n.attribute("name").value());
    }
    return out;
}

std::string_view via_name(model::Route::Via v) {
    switch (v) {
        case model::Route::Via::Haproxy: return "haproxy";
        case model::Route::Via::Command: return "command";
        case model::Route::Via::Dns: return "dns";
        case model::Route::Via::Nginx: return "nginx";
    }
    return "haproxy";
}

model::Route::Via via_from_name(std::string_view v) {
    if (v == "command") return model::Route::Via::Command;
    if (v == "dns") return model::Route::Via::Dns;
    if (v == "nginx") return model::Route::Via::Nginx;
    return model::Route::Via::Haproxy;
}

void save_model(pugi::xml_node parent, const model::Model& m) {
    pugi::xml_node x = parent.append_child("model");
    x.append_attribute("cluster") = m.cluster.c_str();
    for (const std::string& n : m.nodes) x.append_child("node").append_attribute("name") = n.c_str();
    for (const model::Service& s : m.services) {
        pugi::xml_node e = x.append_child("service");
        e.append_attribute("name") = s.name.c_str();
        e.append_attribute("class") = s.agent_class.c_str();
        e.append_attribute("unit") = s.unit.c_str();
        e.append_attribute("cloned") = s.clone.has_value();
    }
    for (const model::Route& r : m.routes) {
        pugi::xml_node e = x.append_child("route");
        e.append_attribute("service") = r.service.c_str();
        e.append_attribute("via") = std::string(via_name(r.via)).c_str();
        e.append_attribute("backend") = r.backend.c_str();
        e.append_attribute("socket") = r.socket.c_str();
        e.append_attribute("address") = r.address.c_str();
        e.append_attribute("drain-cmd") = r.drain_cmd.c_str();
        e.append_attribute("ready-cmd") = r.ready_cmd.c_str();
        if (r.via == model::Route::Via::Dns) {
            e.append_attribute("zone") = r.zone.c_str();
            e.append_attribute("dns-server") = r.dns_server.c_str();
            e.append_attribute("key-file") = r.key_file.c_str();
            e.append_attribute("ttl-s") = static_cast<unsigned long long>(r.ttl_s);
        }
        if (r.via == model::Route::Via::Nginx) {
            e.append_attribute("upstream-file") = r.upstream_file.c_str();
            e.append_attribute("nginx-config") = r.nginx_config.c_str();
        }
        e.append_attribute("drain") = r.drain.c_str();
        e.append_attribute("drain-ms") = static_cast<unsigned long long>(r.drain_ms);
        for (const model::Server& s : r.servers) {
            pugi::xml_node se = e.append_child("server");
            se.append_attribute("node") = s.node.c_str();
            se.append_attribute("name") = s.name.c_str();
        }
    }
}

model::Model load_model(const pugi::xml_node& x) {
    model::Model m;
    m.cluster = x.attribute("cluster").value();
    for (pugi::xml_node n : x.children("node")) m.nodes.emplace_back(n.attribute("name").value());
    for (pugi::xml_node e : x.children("service")) {
        model::Service s;
        s.name = e.attribute("name").value();
        s.agent_class = e.attribute("class").value();
        s.unit = e.attribute("unit").value();
        if (e.attribute("cloned").as_bool()) s.clone = model::Clone{};
        m.services.push_back(std::move(s));
    }
    for (pugi::xml_node e : x.children("route")) {
        model::Route r;
        r.service = e.attribute("service").value();
        r.via = via_from_name(e.attribute("via").value());
        r.zone = e.attribute("zone").value();
        r.dns_server = e.attribute("dns-server").value();
        r.key_file = e.attribute("key-file").value();
        r.ttl_s = e.attribute("ttl-s").as_ullong();
        r.upstream_file = e.attribute("upstream-file").value();
        r.nginx_config = e.attribute("nginx-config").value();
        r.backend = e.attribute("backend").value();
        r.socket = e.attribute("socket").value();
        r.address = e.attribute("address").value();
        r.drain_cmd = e.attribute("drain-cmd").value();
        r.ready_cmd = e.attribute("ready-cmd").value();
        r.drain = e.attribute("drain").value();
        r.drain_ms = e.attribute("drain-ms").as_ullong();
        for (pugi::xml_node se : e.children("server"))
            r.servers.push_back({se.attribute("node").value(), se.attribute("name").value()});
        m.routes.push_back(std::move(r));
    }
    return m;
}

void save_actions(pugi::xml_node parent, const std::vector<Action>& actions) {
    pugi::xml_node x = parent.append_child("actions");
    for (const Action& a : actions) {
        pugi::xml_node e = x.append_child("action");
        e.append_attribute("kind") = std::string(actions::kind_name(a.kind)).c_str();
        for (auto [k, v] : {std::pair{"node", &a.node}, {"service", &a.service}, {"unit", &a.unit},
                            {"server", &a.server}, {"backend", &a.backend}})
            if (!v->empty()) e.append_attribute(k) = v->c_str();
        for (const std::string& w : a.argv) e.append_child("arg").text() = w.c_str();
    }
}

bool load_actions(const pugi::xml_node& x, std::vector<Action>& out, std::string& error) {
    for (pugi::xml_node e : x.children("action")) {
        auto kind = actions::kind_from_name(e.attribute("kind").value());
        if (!kind) {
            error = fmt::format("unknown action kind `{}`", e.attribute("kind").value());
            return false;
        }
        Action a;
        a.kind = *kind;
        a.node = e.attribute("node").value();
        a.service = e.attribute("service").value();
        a.unit = e.attribute("unit").value();
        a.server = e.attribute("server").value();
        a.backend = e.attribute("backend").value();
        for (pugi::xml_node w : e.children("arg")) a.argv.emplace_back(w.text().get());
        out.push_back(std::move(a));
    }
    return true;
}

// The reviewer's view of the patch, so that `aa apply` can show the whole plan again.
void save_changes(pugi::xml_node parent, const std::vector<Change>& changes) {
    pugi::xml_node x = parent.append_child("changes");
    for (const Change& c : changes) {
        pugi::xml_node e = x.append_child("change");
        e.append_attribute("kind") = c.kind == Change::Kind::Create ? "create" : c.kind == Change::Kind::Modify ? "modify" : "delete";
        e.append_attribute("element") = c.element.c_str();
        e.append_attribute("id") = c.id.c_str();
        if (!c.parent_id.empty()) e.append_attribute("parent") = c.parent_id.c_str();
        for (const AttrChange& a : c.attrs) {
            pugi::xml_node at = e.append_child("attr");
            at.append_attribute("name") = a.name.c_str();
            if (a.before) at.append_attribute("before") = a.before->c_str();
            if (a.after) at.append_attribute("after") = a.after->c_str();
        }
        for (const std::string& line : c.contents) e.append_child("line").text() = line.c_str();
    }
}

std::optional<std::string> optional_attr(const pugi::xml_node& e, const char* name) {
    pugi::xml_attribute a = e.attribute(name);
    if (!a) return std::nullopt;
    return std::string(a.value());
}

std::vector<Change> load_changes(const pugi::xml_node& x) {
    std::vector<Change> out;
    for (pugi::xml_node e : x.children("change")) {
        Change c;
        std::string_view kind = e.attribute("kind").value();
        c.kind = kind == "create" ? Change::Kind::Create : kind == "modify" ? Change::Kind::Modify : Change::Kind::Delete;
        c.element = e.attribute("element").value();
        c.id = e.attribute("id").value();
        c.parent_id = e.attribute("parent").value();
        for (pugi::xml_node at : e.children("attr")) c.attrs.push_back({at.attribute("name").value(), optional_attr(at, "before"), optional_attr(at, "after")});
        for (pugi::xml_node l : e.children("line")) c.contents.emplace_back(l.text().get());
        out.push_back(std::move(c));
    }
    return out;
}

void save_transition(pugi::xml_node parent, const Transition& t) {
    pugi::xml_node x = parent.append_child("transition");
    for (const ResourceChange& c : t) {
        pugi::xml_node e = x.append_child("resource-change");
        e.append_attribute("action") = c.action.empty() ? std::string(kind_name(c.kind)).c_str() : c.action.c_str();
        for (auto [k, v] : {std::pair{"instance", &c.instance}, {"resource", &c.resource}, {"node", &c.node}, {"to", &c.to},
                            {"reason", &c.reason}})
            if (!v->empty()) e.append_attribute(k) = v->c_str();
        if (c.pending) e.append_attribute("pending") = "true";
    }
}

Transition load_transition(const pugi::xml_node& x) {
    Transition out;
    for (pugi::xml_node e : x.children("resource-change")) {
        ResourceChange c;
        c.action = e.attribute("action").value();
        c.kind = change_kind_from_name(c.action).value_or(ResourceChange::Kind::Other);
        c.instance = e.attribute("instance").value();
        c.resource = e.attribute("resource").value();
        c.node = e.attribute("node").value();
        c.to = e.attribute("to").value();
        c.reason = e.attribute("reason").value();
        c.pending = e.attribute("pending").as_bool();
        out.push_back(std::move(c));
    }
    return out;
}

pugi::xml_node save_lines(pugi::xml_node parent, const char* list, const char* item, const std::vector<std::string>& lines) {
    pugi::xml_node x = parent.append_child(list);
    for (const std::string& s : lines) x.append_child(item).text() = s.c_str();
    return x;
}

std::vector<std::string> load_lines(const pugi::xml_node& x, const char* item) {
    std::vector<std::string> out;
    for (pugi::xml_node s : x.children(item)) out.emplace_back(s.text().get());
    return out;
}

void set_version(pugi::xml_node e, const Version& v) {
    e.append_attribute("admin_epoch") = v.admin_epoch;
    e.append_attribute("epoch") = v.epoch;
    e.append_attribute("num_updates") = v.num_updates;
}

// The body the integrity hash covers: everything except the hash attribute itself.
std::string body_hash(pugi::xml_node root) {
    pugi::xml_attribute h = root.attribute("integrity");
    std::string saved = h ? h.value() : "";
    if (h) root.remove_attribute(h);
    std::string digest = sha256_hex(xml_text(root));
    if (!saved.empty()) root.append_attribute("integrity") = saved.c_str();
    return digest;
}

}  // namespace

std::string save_model_text(const model::Model& m) {
    pugi::xml_document doc;
    save_model(doc.append_child("plan"), m);
    return xml_text(doc.document_element());
}

std::string save(const Plan& p) {
    pugi::xml_document doc;
    pugi::xml_node root = doc.append_child("aa-plan");
    root.append_attribute("format-version") = p.format_version;
    pugi::xml_node base = root.append_child("base");
    base.append_attribute("source") = p.base_source.c_str();
    set_version(base, p.base_version);
    base.append_attribute("config-hash") = p.base_config_hash.c_str();
    pugi::xml_node spec = root.append_child("spec");
    spec.append_attribute("hash") = p.spec_hash.c_str();
    for (const std::string& f : p.spec_files) spec.append_child("file").append_attribute("path") = f.c_str();
    save_model(root, p.model);
    for (const std::string& id : p.adopted) root.append_child("adopted").append_attribute("id") = id.c_str();
    save_placement(root, "placement-before", p.placement_before);
    save_placement(root, "placement", p.placement);
    pugi::xml_node problems = save_lines(root, "problems", "problem", p.problems);
    if (p.accepted_new_problems) problems.append_attribute("accepted") = "true";
    save_lines(root, "already", "problem", p.already);
    save_lines(root, "warnings", "warning", p.warnings);
    pugi::xml_node outage = save_lines(root, "outage", "route", p.outage);
    if (p.accepted_outage) outage.append_attribute("accepted") = "true";
    save_changes(root, p.changes);
    save_transition(root, p.transition);
    save_actions(root, p.actions);
    pugi::xml_node patch = root.append_child("patch");
    if (!p.patch_xml.empty()) {
        pugi::xml_document pd;
        pd.load_string(p.patch_xml.c_str());
        patch.append_copy(pd.document_element());
    }
    root.append_attribute("integrity") = body_hash(root).c_str();
    return "<?xml version=\"1.0\"?>\n" + xml_text(root);
}

bool load(const std::string& text, Plan& out, std::string& error) {
    pugi::xml_document doc;
    pugi::xml_parse_result r = doc.load_string(text.c_str());
    if (!r) {
        error = fmt::format("not a readable plan file (truncated or not XML: {} at byte {})", r.description(), r.offset);
        return false;
    }
    pugi::xml_node root = doc.child("aa-plan");
    if (!root) {
        error = "not an aa plan file (no <aa-plan> element)";
        return false;
    }
    int version = root.attribute("format-version").as_int(-1);
    if (version > Plan::kFormatVersion) {
        error = fmt::format("plan format version {} is newer than this aa understands ({}); upgrade aa", version, Plan::kFormatVersion);
        return false;
    }
    if (version < 1) {
        error = "plan file has no valid format-version";
        return false;
    }
    if (body_hash(root) != root.attribute("integrity").value()) {
        error = "plan file does not match its integrity hash: it was edited or damaged after `aa plan`; re-plan";
        return false;
    }
    Plan p;
    p.format_version = version;
    pugi::xml_node base = root.child("base");
    p.base_source = base.attribute("source").value();
    p.base_version = {base.attribute("admin_epoch").as_llong(), base.attribute("epoch").as_llong(),
                      base.attribute("num_updates").as_llong()};
    p.base_config_hash = base.attribute("config-hash").value();
    p.spec_hash = root.child("spec").attribute("hash").value();
    for (pugi::xml_node f : root.child("spec").children("file")) p.spec_files.emplace_back(f.attribute("path").value());
    p.model = load_model(root.child("model"));
    for (pugi::xml_node a : root.children("adopted")) p.adopted.emplace_back(a.attribute("id").value());
    p.placement_before = load_placement(root.child("placement-before"));
    p.placement = load_placement(root.child("placement"));
    p.problems = load_lines(root.child("problems"), "problem");
    p.accepted_new_problems = root.child("problems").attribute("accepted").as_bool();
    p.already = load_lines(root.child("already"), "problem");
    p.warnings = load_lines(root.child("warnings"), "warning");
    p.outage = load_lines(root.child("outage"), "route");
    p.accepted_outage = root.child("outage").attribute("accepted").as_bool();
    p.changes = load_changes(root.child("changes"));
    p.transition = load_transition(root.child("transition"));
    if (!load_actions(root.child("actions"), p.actions, error)) return false;
    if (pugi::xml_node diff = root.child("patch").first_child()) p.patch_xml = xml_text(diff);
    out = std::move(p);
    return true;
}

}  // namespace aa::plan
