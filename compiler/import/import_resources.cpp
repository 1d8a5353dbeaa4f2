// <resources> -> services: primitives of any class with params, monitor/start/stop ops and meta,
// and clones of primitives. Groups, bundles, templates and promotable clones are reported.
#include <algorithm>
#include <initializer_list>
#include <optional>
#include <set>

#include "compiler/import/import_build.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/lang/vocabulary.hpp"

namespace aa::import_detail {
namespace {

bool has(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Set and nvpair ids have no spelling: lowering gives the pcs ones, so other ids would change.
void report_set_ids(Context& ctx, const pugi::xml_node& set, const std::string& expected, const std::vector<Pair>& pairs) {
    bool same = expected == set.attribute("id").value();
    for (const Pair& p : pairs) same = same && p.id == expected + "-" + p.name;
    if (!same) ctx.skip(set, set.name(), "its ids are not the pcs ids " + expected + "[-NAME]");
}

// A resource is one unit of ownership: an adopting plan replaces it whole, so any part of it the
// language cannot say would be lost. Such a resource is left out whole, its parts as the reason.
bool expressible(Context& ctx, std::size_t mark, const pugi::xml_node& resource) {
    std::vector<Unsupported>& list = ctx.result.unsupported;
    if (list.size() == mark) return true;
    std::string why;
    for (std::size_t i = mark; i < list.size(); ++i)
        why += (why.empty() ? "" : "; ") + list[i].kind + (list[i].id.empty() ? "" : " " + list[i].id) + ": " + list[i].detail;
    list.resize(mark);
    ctx.skip(resource, resource.name(), "holds what the language cannot say: " + why);
    return false;
}

// Attributes and children of a resource element other than the ones the spec writes.
void report_extras(Context& ctx, const pugi::xml_node& r, std::initializer_list<std::string_view> attributes,
                   std::initializer_list<std::string_view> children) {
    for (pugi::xml_attribute a : r.attributes())
        if (std::find(attributes.begin(), attributes.end(), std::string_view(a.name())) == attributes.end())
            ctx.skip(r, "attribute", std::string(a.name()) + " has no spelling in the language");
    for (pugi::xml_node c : r.children())
        if (c.type() == pugi::node_element &&
            std::find(children.begin(), children.end(), std::string_view(c.name())) == children.end())
            ctx.skip(c, c.name(), "no spelling in the language");
}

// The agent as a `unit` or `agent` statement that lowers back to the same class/provider/type.
ast::ServiceItem agent_stmt(const pugi::xml_node& prim) {
    std::string cls = prim.attribute("class").value(), provider = prim.attribute("provider").value(),
                type = prim.attribute("type").value();
    if (cls == "systemd" && !has(type, ".service")) {
        // `unit app.service` and `unit app.socket` lower to types `app` and `app.socket`.
        bool suffixed = type.find('.') != std::string::npos && !has(type, "@");
        ast::UnitStmt u;
        u.keyword = ident("unit");
        u.unit = value(suffixed ? type : type + ".service");
        return u;
    }
    ast::AgentStmt a;
    a.keyword = ident("agent");
    a.agent = value(cls + ":" + (provider.empty() ? "" : provider + ":") + type);
    return a;
}

// One <op>, or nullopt (reported) when the language has no way to say it.
std::optional<ast::ServiceItem> op_stmt(Context& ctx, const std::string& rsc, const pugi::xml_node& op) {
    std::string name = op.attribute("name").value(), interval = op.attribute("interval").value();
    for (pugi::xml_attribute a : op.attributes()) {
        std::string_view n = a.name();
        if (n != "id" && n != "name" && n != "interval" && n != "timeout" && n != "on-fail" && n != "role") {
            ctx.skip(op, "op", "attribute " + std::string(n) + " has no spelling in the language");
            return std::nullopt;
        }
    }
    if (op.first_child()) {
        ctx.skip(op, "op", "attributes inside an op (e.g. OCF_CHECK_LEVEL)");
        return std::nullopt;
    }
    pugi::xml_attribute timeout = op.attribute("timeout"), on_fail = op.attribute("on-fail"), role = op.attribute("role");
    if (role && (name != "monitor" ||
                 std::find(vocab::monitor_roles.begin(), vocab::monitor_roles.end(), role.value()) ==
                     vocab::monitor_roles.end())) {
        ctx.skip(op, "op", std::string("role ") + role.value() + " (only monitors of role Promoted or Unpromoted)");
        return std::nullopt;
    }
    if (timeout && !is_duration(timeout.value())) {
        ctx.skip(op, "op", std::string("timeout ") + timeout.value() + " is not a duration with a unit (ms, s, m, h)");
        return std::nullopt;
    }
    model::Op as_lowered{name, name == "monitor" ? interval : "0s", {}, {}, {}, {}};
    std::optional<ast::Value> id;
    if (lower::op_id(rsc, as_lowered) != op.attribute("id").value()) id = quoted(op.attribute("id").value());

    if (name == "monitor") {
        if (!is_duration(interval)) {
            ctx.skip(op, "op", "monitor interval " + interval + " is not a duration with a unit (ms, s, m, h)");
            return std::nullopt;
        }
        auto known = std::find(vocab::on_fail_actions.begin(), vocab::on_fail_actions.end(), on_fail.value());
        if (on_fail && known == vocab::on_fail_actions.end()) {
            ctx.skip(op, "op", std::string("on-fail ") + on_fail.value() + " is not a Pacemaker action");
            return std::nullopt;
        }
        ast::MonitorStmt m;
        m.keyword = ident("monitor");
        m.interval = value(interval);
        if (timeout) m.timeout = value(timeout.value());
        if (on_fail) m.on_fail = ident(on_fail.value());
        if (role) m.role = ident(role.value());
        m.id = id;
        return m;
    }
    // `start|stop timeout D` lowers with interval="0s"; another spelling of zero would change.
    if ((name == "start" || name == "stop") && interval == "0s" && timeout && !on_fail) {
        ast::OpTimeoutStmt o;
        o.op = ident(name);
        o.timeout = value(timeout.value());
        o.id = id;
        return o;
    }
    ctx.skip(op, "op " + name, name == "start" || name == "stop" ? "only `start|stop timeout D` (interval 0s) can be written"
                                                                  : "only monitor, start and stop ops can be written");
    return std::nullopt;
}

template <class Stmt>
Stmt key_value(const char* keyword, const Pair& p) {
    Stmt s;
    s.keyword = ident(keyword);
    s.key = ident(p.name);
    s.value = value(p.value);
    return s;
}

// Splits `text` at `sep`; empty when an entry is empty (the join would not give the text back).
std::vector<std::string> split_exact(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t at; (at = text.find(sep, start)) != std::string::npos; start = at + 1) out.push_back(text.substr(start, at - start));
    out.push_back(text.substr(start));
    for (const std::string& part : out)
        if (part.empty()) return {};
    return out;
}

// `delay-max` takes a positive duration (E061): 0s stays a param.
bool positive_duration(const std::string& v) {
    if (!is_duration(v) || v.front() == '-') return false;
    const std::string digits = v.substr(0, v.find_first_not_of("0123456789"));
    return digits.find_first_not_of('0') != std::string::npos;
}

bool known_node(const Context& ctx, const std::string& n) { return is_identifier(n) && ctx.nodes.count(n); }

// pcmk_host_list, pcmk_host_map and pcmk_delay_max in the fence block's own words when they lower
// back to the same text; else they stay `param`s, which lower the same.
std::optional<ast::ServiceItem> fence_statement(const Context& ctx, const Pair& p) {
    if (p.name == "pcmk_host_list") {
        std::vector<std::string> hosts = split_exact(p.value, ' ');
        if (hosts.empty() || !std::all_of(hosts.begin(), hosts.end(), [&](const std::string& h) { return known_node(ctx, h); }) ||
            std::set<std::string>(hosts.begin(), hosts.end()).size() != hosts.size())
            return std::nullopt;
        ast::HostsStmt h;
        h.keyword = ident("hosts");
        for (const std::string& n : hosts) h.hosts.push_back(ident(n));
        return h;
    }
    if (p.name == "pcmk_delay_max" && positive_duration(p.value)) {
        ast::DelayMaxStmt d;
        d.keyword = ident("delay-max");
        d.delay = value(p.value);
        return d;
    }
    return std::nullopt;
}

// host-map lines for `node-01:1;node-02:2`, or nothing when the map is written another way.
std::vector<ast::HostMapStmt> host_map_statements(const Context& ctx, const Pair& p) {
    std::vector<ast::HostMapStmt> out;
    std::set<std::string> seen;
    for (const std::string& entry : split_exact(p.value, ';')) {
        std::size_t colon = entry.find(':');
        if (colon == std::string::npos || entry.find(':', colon + 1) != std::string::npos) return {};
        std::string node = entry.substr(0, colon), port = entry.substr(colon + 1);
        if (!known_node(ctx, node) || port.empty() || port.find_first_of(", \t") != std::string::npos || !seen.insert(node).second)
            return {};
        ast::HostMapStmt m;
        m.keyword = ident("host-map");
        m.node = ident(node);
        m.port = value(port);
        out.push_back(std::move(m));
    }
    return out;
}

void add_fence_params(Context& ctx, ast::Service& s, const std::vector<Pair>& pairs) {
    for (const Pair& p : pairs) {
        if (p.name == "pcmk_host_map") {
            std::vector<ast::HostMapStmt> map = host_map_statements(ctx, p);
            if (!map.empty()) {
                for (ast::HostMapStmt& m : map) s.items.push_back(std::move(m));
                continue;
            }
        } else if (std::optional<ast::ServiceItem> stmt = fence_statement(ctx, p)) {
            s.items.push_back(std::move(*stmt));
            continue;
        }
        s.items.push_back(key_value<ast::ParamStmt>("param", p));
    }
}

bool is_count(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }); }

std::optional<ast::Service> service_of(Context& ctx, const pugi::xml_node& prim, bool top_level = true) {
    std::string id = prim.attribute("id").value();
    if (!is_identifier(id)) {
        ctx.skip(prim, "primitive", "id is not a name the language accepts");
        return std::nullopt;
    }
    if (prim.attribute("template")) {
        ctx.skip(prim, "primitive from template", "templates have no spelling in the language");
        return std::nullopt;
    }
    const bool fence = std::string_view(prim.attribute("class").value()) == "stonith";
    if (fence && !top_level) {
        ctx.skip(prim, "fence device", "inside a group or a clone, where the language never puts a fence device");
        return std::nullopt;
    }
    ast::Service s;
    s.keyword = ident(fence ? "fence" : "service");
    s.name = ident(id);
    s.items.push_back(agent_stmt(prim));
    bool systemd = std::string_view(prim.attribute("class").value()) == "systemd";
    if (pugi::xml_node set = single_set(ctx, prim, "instance_attributes")) {
        std::vector<Pair> pairs = nvpairs(ctx, set);
        report_set_ids(ctx, set, id + "-instance_attributes", pairs);
        if (fence) add_fence_params(ctx, s, pairs);
        else
            for (const Pair& p : pairs)
                if (systemd) ctx.skip(p.id, "param", "systemd resources take no params");
                else s.items.push_back(key_value<ast::ParamStmt>("param", p));
    }
    for (pugi::xml_node ops : prim.children("operations"))
        if (ops.first_attribute() || ops != prim.child("operations") || !ops.child("op"))
            ctx.skip(ops, "operations", "an id, an empty or a second <operations> has no spelling in the language");
    for (pugi::xml_node op : prim.child("operations").children("op"))
        if (auto item = op_stmt(ctx, id, op)) s.items.push_back(*item);
    if (pugi::xml_node set = single_set(ctx, prim, "meta_attributes")) {
        std::vector<Pair> pairs = nvpairs(ctx, set);
        report_set_ids(ctx, set, id + "-meta_attributes", pairs);
        for (const Pair& p : pairs) s.items.push_back(key_value<ast::MetaStmt>("meta", p));
    }
    if (pugi::xml_node set = fence ? pugi::xml_node() : single_set(ctx, prim, "utilization")) {
        std::vector<Pair> pairs = nvpairs(ctx, set);
        report_set_ids(ctx, set, id + "-utilization", pairs);
        for (const Pair& p : pairs)
            if (is_count(p.value) && p.value.size() <= 18) s.items.push_back(key_value<ast::MetaStmt>("utilization", p));
            else ctx.skip(p.id, "utilization", "value " + p.value + " is not a non-negative integer");
    }
    if (fence)
        report_extras(ctx, prim, {"id", "class", "provider", "type"}, {"instance_attributes", "operations", "meta_attributes"});
    else
        report_extras(ctx, prim, {"id", "class", "provider", "type"},
                      {"instance_attributes", "operations", "meta_attributes", "utilization"});
    return s;
}


// At least 1 (clone counts below 1 do not check, E033).
bool is_positive_count(std::string_view s) {
    return is_count(s) && s.find_first_not_of('0') != std::string_view::npos;
}

ast::CloneItem clone_item(ast::CloneItem::Kind kind, std::string keyword, std::string val = {}, std::string key = {}) {
    ast::CloneItem c;
    c.kind = kind;
    c.keyword = ident(std::move(keyword));
    if (!val.empty()) c.value = value(std::move(val));
    if (!key.empty()) c.key = ident(std::move(key));
    return c;
}

// The clone's meta as clone statement items: max, per-node, flags set to "true", then other meta.
bool is_promotable(const pugi::xml_node& clone);

// promotable=true is what `promotable` says; promoted-max/-node-max are its counts.
bool promotable_item(ast::CloneStmt& c, const Pair& p) {
    using K = ast::CloneItem::Kind;
    if (!c.promotable()) return false;
    if (p.name == "promotable") return p.value == "true";
    if ((p.name == "promoted-max" || p.name == "promoted-node-max") && is_positive_count(p.value)) {
        c.items.push_back(clone_item(p.name == "promoted-max" ? K::PromotedMax : K::PromotedPerNode,
                                     p.name == "promoted-max" ? "promoted-max" : "promoted-per-node", p.value));
        return true;
    }
    return false;
}

ast::CloneStmt clone_stmt(Context& ctx, const pugi::xml_node& clone, const std::string& prim_id) {
    using K = ast::CloneItem::Kind;
    ast::CloneStmt c;
    c.keyword = ident(is_promotable(clone) ? "promotable" : "clone");
    bool max = false, per_node = false, meta = false;
    if (pugi::xml_node set = single_set(ctx, clone, "meta_attributes")) {
        std::vector<Pair> pairs = nvpairs(ctx, set);
        report_set_ids(ctx, set, prim_id + "-clone-meta_attributes", pairs);
        for (const Pair& p : pairs) {
            bool flag = std::find(vocab::clone_flags.begin(), vocab::clone_flags.end(), p.name) != vocab::clone_flags.end();
            if (promotable_item(c, p)) {
                if (p.name != "promotable") meta = true;  // the inline form reads better with the counts only
            } else if ((p.name == "clone-max" || p.name == "clone-node-max") && !is_positive_count(p.value)) {
                ctx.skip(p.id, p.name, p.value + " (the language takes a count of at least 1)");
            } else if (p.name == "clone-max" && is_count(p.value)) {
                c.items.push_back(clone_item(K::Max, "max", p.value));
                max = true;
            } else if (p.name == "clone-node-max" && is_count(p.value)) {
                c.items.push_back(clone_item(K::PerNode, "per-node", p.value));
                per_node = true;
            } else if (flag && p.value == "true") {
                c.items.push_back(clone_item(K::Flag, p.name));
            } else {
                c.items.push_back(clone_item(K::Meta, "meta", p.value, p.name));
                meta = true;
            }
        }
    }
    // The inline form needs both counts and has no room for meta.
    c.block = !(max && per_node && !meta);
    return c;
}

bool is_promotable(const pugi::xml_node& clone) {
    for (pugi::xml_node set : clone.children("meta_attributes"))
        for (pugi::xml_node p : set.children("nvpair"))
            if (std::string_view(p.attribute("name").value()) == "promotable" &&
                std::string_view(p.attribute("value").value()) == "true")
                return true;
    return false;
}

void add_service(Context& ctx, ast::Service s, const std::string& rsc_id) {
    ctx.service_by_rsc[rsc_id] = ctx.services.size();
    ctx.services.push_back(std::move(s));
}

void import_group(Context& ctx, const pugi::xml_node& group, const pugi::xml_node& clone);

void import_clone(Context& ctx, const pugi::xml_node& clone) {
    pugi::xml_node prim = clone.child("primitive");
    if (pugi::xml_node group = clone.child("group"); group && !prim) return import_group(ctx, group, clone);
    if (!prim) {
        ctx.skip(clone, "clone", "only clones of one primitive or one group can be written");
        return;
    }
    const bool promotable = is_promotable(clone);
    std::size_t mark = ctx.result.unsupported.size();
    std::optional<ast::Service> s = service_of(ctx, prim, false);
    if (!s) return;
    std::string expected = s->name.text + "-clone";
    if (expected != clone.attribute("id").value()) ctx.skip(clone, "clone id", "not the pcs id " + expected);
    report_extras(ctx, clone, {"id"}, {"primitive", "meta_attributes"});
    if (!promotable) {  // a promotable clone's agent coordinates its instances (docs/decisions.md)
        ast::ParallelSafeStmt ps;
        ps.keyword = ident("parallel-safe");
        s->items.push_back(ps);
    }
    s->items.push_back(clone_stmt(ctx, clone, s->name.text));
    if (!expressible(ctx, mark, clone)) return;
    if (promotable) ctx.promotable_rsc.insert({clone.attribute("id").value(), s->name.text});
    add_service(ctx, std::move(*s), clone.attribute("id").value());
}

// A group (optionally inside `clone`): its primitives become services, then `group NAME { members ... }`.
void import_group(Context& ctx, const pugi::xml_node& group, const pugi::xml_node& clone) {
    const pugi::xml_node whole = clone ? clone : group;
    std::string id = group.attribute("id").value();
    if (!is_identifier(id)) {
        ctx.skip(group, "group", "id is not a name the language accepts");
        return;
    }
    // The lowering writes a group's members before its meta_attributes, as pcs does: a group written
    // the other way round would be rewritten by an adopting plan, so it is left out whole.
    for (pugi::xml_node child = group.first_child(); child; child = child.next_sibling()) {
        if (std::string_view(child.name()) == "primitive") break;
        if (std::string_view(child.name()) == "meta_attributes") {
            ctx.skip(group, "group", "meta_attributes before the members (aa writes them after)");
            return;
        }
    }
    std::size_t mark = ctx.result.unsupported.size();
    ast::Group g;
    g.keyword = ident("group");
    g.name = ident(id);
    ast::MembersStmt members;
    members.keyword = ident("members");
    std::vector<ast::Service> services;
    for (pugi::xml_node prim : group.children("primitive")) {
        std::optional<ast::Service> s = service_of(ctx, prim, false);
        if (!s) continue;
        if (clone && !is_promotable(clone)) {
            ast::ParallelSafeStmt ps;
            ps.keyword = ident("parallel-safe");
            s->items.push_back(ps);
        }
        members.members.push_back(ident(s->name.text));
        services.push_back(std::move(*s));
    }
    if (members.members.empty()) {
        ctx.skip(group, "group", "no primitive the language can write");
        return;
    }
    g.items.push_back(members);
    if (pugi::xml_node set = single_set(ctx, group, "meta_attributes")) {
        std::vector<Pair> pairs = nvpairs(ctx, set);
        report_set_ids(ctx, set, id + "-meta_attributes", pairs);
        for (const Pair& p : pairs) g.items.push_back(key_value<ast::MetaStmt>("meta", p));
    }
    report_extras(ctx, group, {"id"}, {"primitive", "meta_attributes"});
    if (clone) {
        std::string expected = id + "-clone";
        if (expected != clone.attribute("id").value()) ctx.skip(clone, "clone id", "not the pcs id " + expected);
        report_extras(ctx, clone, {"id"}, {"group", "meta_attributes"});
        g.items.push_back(clone_stmt(ctx, clone, id));
    }
    if (!expressible(ctx, mark, whole)) return;
    if (clone && is_promotable(clone)) ctx.promotable_rsc.insert({clone.attribute("id").value(), id});
    for (ast::Service& s : services) {
        const std::string name = s.name.text;
        add_service(ctx, std::move(s), name);
    }
    ctx.group_by_rsc[whole.attribute("id").value()] = ctx.groups.size();
    if (clone) ctx.group_by_rsc[id] = ctx.groups.size();
    ctx.group_after.push_back(ctx.services.size() - 1);
    ctx.groups.push_back(std::move(g));
}

}  // namespace

void import_resources(Context& ctx, const pugi::xml_node& resources) {
    for (pugi::xml_node r : resources.children()) {
        if (r.type() != pugi::node_element) continue;
        std::string_view kind = r.name();
        if (!ctx.wanted(r.attribute("id").value())) continue;
        if (std::string_view(r.attribute("id").value()) == "aa-default-fencing") {
            // The stand-in fencing device of aa's default base (runtime/planner.hpp), not the operator's.
            ctx.skip(r, "primitive", "aa's placeholder fencing device of the default base; never owned by a spec");
            continue;
        }
        if (kind == "primitive") {
            std::size_t mark = ctx.result.unsupported.size();
            std::optional<ast::Service> s = service_of(ctx, r);
            if (s && expressible(ctx, mark, r)) add_service(ctx, std::move(*s), r.attribute("id").value());
        } else if (kind == "clone") {
            import_clone(ctx, r);
        } else if (kind == "group") {
            import_group(ctx, r, pugi::xml_node());
        } else if (kind == "master") {
            ctx.skip(r, "promotable clone", "promotion has no spelling in the language");
        } else {
            ctx.skip(r, std::string(kind), "no spelling in the language");
        }
    }
}

}  // namespace aa::import_detail
