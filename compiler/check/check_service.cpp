// One service: its agent (unit or agent), params, operations and meta; then clone and locations.
#include <algorithm>
#include <cctype>

#include "compiler/check/check_context.hpp"
#include "compiler/lower/lower.hpp"
#include "compiler/diag/suggest.hpp"
#include "compiler/lang/vocabulary.hpp"

namespace aa::checker {
namespace {

// The statements of one service, sorted by kind (written order kept within a kind).
struct Parts {
    std::vector<const ast::UnitStmt*> units;
    std::vector<const ast::AgentStmt*> agents;
    std::vector<const ast::ParamStmt*> params;
    std::vector<const ast::MonitorStmt*> monitors;
    std::vector<const ast::OpTimeoutStmt*> starts, stops;
    std::vector<const ast::MetaStmt*> metas;
    std::vector<const ast::MetaStmt*> utilizations;  // `utilization K = V` shares the meta statement's shape
    std::vector<const ast::ParallelSafeStmt*> parallel_safe;
    std::vector<const ast::CloneStmt*> clones;
    std::vector<const ast::LocationStmt*> locations;
    std::vector<const ast::HostsStmt*> hosts;
    std::vector<const ast::HostMapStmt*> host_maps;
    std::vector<const ast::DelayMaxStmt*> delay_maxes;
};

void sort_parts(const ast::Service& s, Parts& p) {
    p.units.clear();
    p.agents.clear();
    p.params.clear();
    p.monitors.clear();
    p.starts.clear();
    p.stops.clear();
    p.metas.clear();
    p.utilizations.clear();
    p.parallel_safe.clear();
    p.clones.clear();
    p.locations.clear();
    p.hosts.clear();
    p.host_maps.clear();
    p.delay_maxes.clear();
    for (const ast::ServiceItem& item : s.items) {
        std::visit(
            [&](const auto& st) {
                using T = std::decay_t<decltype(st)>;
                if constexpr (std::is_same_v<T, ast::UnitStmt>) p.units.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::AgentStmt>) p.agents.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::ParamStmt>) p.params.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::MonitorStmt>) p.monitors.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::OpTimeoutStmt>) (st.op.text == "stop" ? p.stops : p.starts).push_back(&st);
                else if constexpr (std::is_same_v<T, ast::MetaStmt>) (st.keyword.text == "utilization" ? p.utilizations : p.metas).push_back(&st);
                else if constexpr (std::is_same_v<T, ast::ParallelSafeStmt>) p.parallel_safe.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::CloneStmt>) p.clones.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::LocationStmt>) p.locations.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::HostsStmt>) p.hosts.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::HostMapStmt>) p.host_maps.push_back(&st);
                else if constexpr (std::is_same_v<T, ast::DelayMaxStmt>) p.delay_maxes.push_back(&st);
            },
            item);
    }
}

// A statement that may appear once per service: E014 for every repetition.
template <class T>
const T* only_one(Context& cx, const std::vector<const T*>& v, const ast::Service& s, const std::string& what) {
    for (std::size_t i = 1; i < v.size(); ++i)
        cx.diags.error("E014", v[i]->keyword.span, s.keyword.text + " " + q(s.name.text) + " has a second " + what)
            .notes.push_back(note_at("first " + what + " here", v[0]->keyword.span));
    return v.empty() ? nullptr : v[0];
}

inline constexpr std::array<std::string_view, 11> unit_suffixes = {
    "service", "socket", "device", "mount", "automount", "swap", "target", "path", "timer", "slice", "scope"};

bool unit_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '-' ||
           c == '_' || c == '.' || c == '\\' || c == '@';
}

// systemd unit naming (systemd.unit(5)): `app`, `app.service` -> type app; other suffixes stay in the type.
void resolve_unit(Context& cx, const ast::Value& v, model::Service& out) {
    const std::string& name = v.text;
    auto malformed = [&](const std::string& why) {
        cx.diags.error("E025", v.span, "unit " + q(name) + " of service " + q(out.name) + " is not a valid unit name: " + why);
    };
    if (name.empty()) return malformed("it is empty");
    if (name.size() > 255) return malformed("it is longer than 255 characters");
    // A unit name reaches systemctl's argv: one that starts like an option would be read as one.
    if (name.front() == '-') return malformed("it starts with `-`, which systemctl would read as an option");
    if (name.front() == '.') return malformed("it starts with `.`");
    for (char c : name)
        if (!unit_char(c)) return malformed(std::string("`") + c + "` is not allowed in unit names");
    std::size_t dot = name.rfind('.');
    std::string suffix = dot == std::string::npos ? "" : name.substr(dot + 1);
    bool known_suffix = contains(unit_suffixes, suffix);
    if (!known_suffix && !suffix.empty()) {
        // Pacemaker appends ".service" to a name without a unit type; a near-miss is probably a typo.
        if (auto s = suggest_from(suffix, unit_suffixes)) {
            auto& d = cx.diags.warning("W010", v.span,
                                       "unit " + q(name) + " has no unit type suffix; systemd will look for " +
                                           q(name + ".service"));
            d.fixit = FixIt{name.substr(0, dot + 1) + *s};
        }
    }
    std::string base = known_suffix ? name.substr(0, dot) : name;
    if (base.empty()) return malformed("the name before `." + suffix + "` is empty");
    std::size_t at = base.find('@');
    if (at != std::string::npos) {
        if (at == 0) return malformed("the name before `@` is empty");
        if (base.find('@', at + 1) != std::string::npos) return malformed("it holds more than one `@`");
        if (at + 1 == base.size()) {
            cx.diags.error("E024", v.span,
                           "unit " + q(name) + " of service " + q(out.name) +
                               " is a template; name an instance, e.g. " +
                               q(base + "NAME" + (known_suffix ? "." + suffix : "")));
            return;
        }
    }
    out.agent_class = "systemd";
    out.type = suffix == "service" ? base : name;
    out.unit = known_suffix ? name : name + ".service";
}

// An agent's provider and type become a path under /usr/lib/ocf/resource.d or /etc/init.d and an
// argument of crm_resource: letters, digits, `_`, `-`, `.` and `+`, starting with a letter, a digit
// or `_`, never `..`. Empty when `part` is a plain name, else why not.
std::string plain_name_problem(const std::string& part) {
    auto first = static_cast<unsigned char>(part.front());
    if (!std::isalnum(first) && first != '_') return "it starts with `" + std::string(1, part.front()) + "`";
    if (part.find("..") != std::string::npos) return "it holds `..`";
    for (char c : part)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.' && c != '+')
            return "`" + std::string(1, c) + "` is not allowed (letters, digits, `_`, `-`, `.`, `+`)";
    return {};
}

// Two forms Pacemaker itself accepts keep a `/`: cluster-glue fence plugins (`stonith:external/sbd`)
// and LSB scripts by absolute path (`lsb:/usr/share/x/LSBDummy`); each segment is still a plain name.
std::string agent_part_problem(const std::string& cls, const std::string& part) {
    std::string rest = part;
    if (cls == "stonith" && rest.rfind("external/", 0) == 0) rest = rest.substr(9);
    else if (cls == "lsb" && rest.size() > 1 && rest.front() == '/') {
        if (rest.find("//") != std::string::npos || rest.back() == '/') return "it is not a clean absolute path";
        for (std::size_t start = 1; start < rest.size();) {
            std::size_t slash = std::min(rest.find('/', start), rest.size());
            if (std::string why = plain_name_problem(rest.substr(start, slash - start)); !why.empty()) return why;
            start = slash + 1;
        }
        return {};
    }
    if (rest.empty()) return "it is empty";
    return plain_name_problem(rest);
}

void resolve_agent(Context& cx, const ast::Value& v, model::Service& out) {
    const std::string& text = v.text;
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t colon; (colon = text.find(':', start)) != std::string::npos; start = colon + 1)
        parts.push_back(text.substr(start, colon - start));
    parts.push_back(text.substr(start));
    const std::string& cls = parts[0];
    auto malformed = [&](const std::string& why) -> Diagnostic& {
        return cx.diags.error("E022", v.span, "agent " + q(text) + " of service " + q(out.name) + " is malformed: " + why);
    };
    if (!contains(agent_classes, cls)) {
        auto& d = malformed("unknown class " + q(cls) + " (known: ocf, lsb, systemd, service, stonith, nagios, upstart)");
        if (auto s = suggest_from(cls, agent_classes)) d.fixit = FixIt{*s + text.substr(cls.size())};
        return;
    }
    bool ocf = cls == "ocf";
    std::size_t want = ocf ? 3 : 2;
    bool empty_part = std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); });
    if (parts.size() != want || empty_part) {
        malformed(ocf ? "write ocf:PROVIDER:TYPE, e.g. ocf:pacemaker:Dummy" : "write " + cls + ":TYPE");
        return;
    }
    if (cls == "systemd") {
        ast::Value unit = v;
        unit.text = parts[1];
        resolve_unit(cx, unit, out);
        return;
    }
    for (std::size_t i = 1; i < parts.size(); ++i)
        if (std::string why = agent_part_problem(cls, parts[i]); !why.empty()) {
            cx.diags.error("E095", v.span,
                           std::string(ocf && i == 1 ? "provider " : "type ") + q(parts[i]) + " of agent " + q(text) +
                               " of service " + q(out.name) + " is not a plain name: " + why);
            return;
        }
    out.agent_class = cls;
    out.provider = ocf ? parts[1] : "";
    out.type = parts.back();
}

void check_agent(Context& cx, const ast::Service& s, const Parts& p, model::Service& out, ServiceFacts& facts) {
    const ast::UnitStmt* unit = only_one(cx, p.units, s, "`unit`");
    const ast::AgentStmt* agent = only_one(cx, p.agents, s, "`agent`");
    if (unit && agent) {
        bool unit_first = unit->span.offset < agent->span.offset;
        const ast::Ident& later = unit_first ? agent->keyword : unit->keyword;
        const ast::Ident& earlier = unit_first ? unit->keyword : agent->keyword;
        cx.diags.error("E020", later.span, "service " + q(s.name.text) + " has both `unit` and `agent`; keep one")
            .notes.push_back(note_at("`" + earlier.text + "` given here", earlier.span));
        return;
    }
    if (!agent && s.fence()) {
        cx.diags.error("E150", s.name.span,
                       "fence device " + q(s.name.text) + " has no `agent`; name its stonith agent, e.g. "
                                                          "`agent stonith:fence_ipmilan`");
        return;
    }
    if (!unit && !agent) {
        cx.diags.error("E021", s.name.span,
                       "service " + q(s.name.text) + " has neither `unit` nor `agent`; say what runs it, e.g. `unit " +
                           s.name.text + ".service`");
        return;
    }
    if (unit) {
        resolve_unit(cx, unit->unit, out);
        facts.agent_span = unit->keyword.span;
    } else {
        resolve_agent(cx, agent->agent, out);
        facts.agent_span = agent->keyword.span;
    }
    facts.agent_class = out.agent_class;
    if (s.fence() && !out.agent_class.empty() && out.agent_class != "stonith")
        cx.diags.error("E151", agent->agent.span,
                       "fence device " + q(s.name.text) + " runs agent " + q(agent->agent.text) +
                           ", which is not a fence agent; write `agent stonith:TYPE` (a service runs other agents)");
    if (!s.fence() && out.agent_class == "stonith")
        cx.diags.warning("W051", facts.agent_span,
                         "service " + q(s.name.text) + " runs a stonith agent; declare it as `fence " + s.name.text +
                             " { }` so its hosts and levels are checked and it is never cloned, grouped or routed");
}

void check_params(Context& cx, const ast::Service& s, const Parts& p, model::Service& out, const ServiceFacts& facts) {
    SeenOnce<std::string_view> seen;
    // The contract forbids `param` for systemd; lsb, service and upstart ignore them too, which
    // deserves a warning (an operator may be mid-migration to an OCF agent).
    bool systemd = out.agent_class == "systemd";
    bool paramless = contains(paramless_classes, out.agent_class);
    for (const ast::ParamStmt* st : p.params) {
        if (paramless) {
            std::string message = "service " + q(s.name.text) + " runs through class " + out.agent_class +
                                  ", which takes no `param` (Pacemaker passes parameters only to ocf, stonith and "
                                  "nagios agents)";
            auto& d = systemd ? cx.diags.error("E023", st->keyword.span, message)
                              : cx.diags.warning("W011", st->keyword.span, message);
            d.notes.push_back(note_at("the agent is given here", facts.agent_span));
            if (systemd) continue;
        }
        if (!seen.add(cx, st->key.text, st->key.span, [&] {
                return "param " + q(st->key.text) + " of " + s.keyword.text + " " + q(s.name.text) + " is set twice";
            }))
            continue;
        // pcmk_* parameters are Pacemaker's own (the fencer reads them); the rest are the agent's.
        if (out.agent_class == "stonith" && st->key.text.rfind("pcmk_", 0) == 0)
            check_option(cx, Where::FenceParam, st->key, st->value, "fence device " + q(s.name.text));
        out.params.push_back({st->key.text, st->value.text, std::nullopt, st->key.span});
        cx.add_id({s.name.text, "-instance_attributes-", st->key.text}, st->key.span, IdOwner::Param, s.name.text,
                  st->key.text);
    }
    if (!out.params.empty())
        cx.add_id({s.name.text, "-instance_attributes"}, p.params.front()->keyword.span, IdOwner::ParamSet, s.name.text);
}

// `role Promoted|Unpromoted`: Pacemaker 2.1's names; the old Master/Slave are refused with the new word.
void check_role(Context& cx, const ast::Ident& role, std::string_view service, model::Op& op, ServiceFacts& facts) {
    if (!facts.role_span) facts.role_span = role.span;
    if (contains(vocab::monitor_roles, role.text)) {
        op.role = role.text;
        return;
    }
    std::string_view modern = role.text == "Master" ? "Promoted" : role.text == "Slave" ? "Unpromoted" : "";
    auto& d = cx.diags.error("E138", role.span,
                             "unknown role " + q(role.text) + " of a monitor of service " + q(service) +
                                 (modern.empty() ? " (known: Promoted, Unpromoted)"
                                                 : "; Pacemaker 2.1 calls it " + std::string(modern)));
    if (!modern.empty()) d.fixit = FixIt{std::string(modern)};
    else if (auto sug = suggest_from(role.text, vocab::monitor_roles)) d.fixit = FixIt{*sug};
}

void check_monitors(Context& cx, const ast::Service& s, const Parts& p, model::Service& out, ServiceFacts& facts) {
    SeenOnce<std::int64_t> intervals;
    const std::string_view name = s.name.text;
    for (const ast::MonitorStmt* m : p.monitors) {
        model::Op op{"monitor", m->interval.text, std::nullopt, std::nullopt, std::nullopt, m->span};
        std::optional<std::int64_t> every = read_duration(cx, m->interval, {"monitor interval", "service", name});
        std::optional<std::int64_t> timeout;
        if (m->timeout) {
            timeout = read_duration(cx, *m->timeout, {"monitor timeout", "service", name});
            op.timeout = m->timeout->text;
        }
        if (every && timeout && *timeout > *every)
            cx.diags.warning("W003", m->timeout->span,
                             "monitor timeout " + m->timeout->text + " of service " + q(name) +
                                 " is longer than its interval " + m->interval.text +
                                 "; a check that hangs goes unnoticed for longer than the interval");
        if (m->on_fail) {
            if (!contains(vocab::on_fail_actions, m->on_fail->text)) {
                auto& d = cx.diags.error("E063", m->on_fail->span,
                                         "unknown on-fail action " + q(m->on_fail->text) + " of service " + q(name) +
                                             " (known: ignore, block, demote, stop, restart, standby, fence, "
                                             "restart-container)");
                if (auto sug = suggest_from(m->on_fail->text, vocab::on_fail_actions)) d.fixit = FixIt{*sug};
            }
            op.on_fail = m->on_fail->text;
        }
        if (m->role) check_role(cx, *m->role, name, op, facts);
        op.id = read_explicit_id(cx, m->id);
        // Pacemaker tells operations apart by name and interval: 60s and 1m are the same monitor.
        if (every && !intervals.add(cx, *every, m->interval.span, [&] {
                return "service " + q(name) + " has two monitors every " + m->interval.text;
            }))
            continue;
        cx.add_id({lower::op_id(out.name, op)}, m->id ? m->id->span : m->keyword.span, IdOwner::Monitor, name,
                  m->interval.text);
        out.ops.push_back(std::move(op));
    }
}

void check_op_timeouts(Context& cx, const ast::Service& s, const std::vector<const ast::OpTimeoutStmt*>& v,
                       model::Service& out) {
    for (std::size_t i = 0; i < v.size(); ++i) {
        const ast::OpTimeoutStmt& st = *v[i];
        if (i > 0) {
            cx.diags.error("E014", st.op.span, "service " + q(s.name.text) + " has a second `" + st.op.text + " timeout`")
                .notes.push_back(note_at("first given here", v[0]->op.span));
            continue;
        }
        read_duration(cx, st.timeout, {st.op.text == "stop" ? "stop timeout" : "start timeout", "service", s.name.text});
        model::Op op{st.op.text, "0s", st.timeout.text, std::nullopt, read_explicit_id(cx, st.id), st.span};
        cx.add_id({lower::op_id(out.name, op)}, st.id ? st.id->span : st.op.span, IdOwner::OpTimeout, s.name.text,
                  st.op.text);
        out.ops.push_back(std::move(op));
    }
}

void check_meta(Context& cx, const ast::Service& s, const Parts& p, model::Service& out) {
    SeenOnce<std::string_view> seen;
    for (const ast::MetaStmt* st : p.metas) {
        const std::string& key = st->key.text;
        if (!seen.add(cx, key, st->key.span,
                      [&] { return "meta " + q(key) + " of service " + q(s.name.text) + " is set twice"; }))
            continue;
        check_option(cx, Where::PrimitiveMeta, st->key, st->value, "service " + q(s.name.text));
        out.meta.push_back({key, st->value.text, std::nullopt});
        cx.add_id({s.name.text, "-meta_attributes-", key}, st->key.span, IdOwner::Meta, s.name.text, key);
    }
    if (!out.meta.empty())
        cx.add_id({s.name.text, "-meta_attributes"}, p.metas.front()->keyword.span, IdOwner::MetaSet, s.name.text);
}

// Utilization values are what Pacemaker adds up against a node's capacity: non-negative integers
// (E146). Pacemaker reads them only with a placement-strategy other than `default` (W058, said once).
void check_utilization(Context& cx, const ast::Service& s, const Parts& p, model::Service& out) {
    SeenOnce<std::string_view> seen;
    for (const ast::MetaStmt* st : p.utilizations) {
        const std::string& key = st->key.text;
        if (!seen.add(cx, key, st->key.span,
                      [&] { return "utilization " + q(key) + " of service " + q(s.name.text) + " is set twice"; }))
            continue;
        const std::string& v = st->value.text;
        const bool integer = !v.empty() && v.size() <= 18 && v.find_first_not_of("0123456789") == std::string::npos;
        if (!integer) {
            cx.diags.error("E146", st->value.span,
                           "utilization " + q(key) + " of service " + q(s.name.text) + " is " + q(v) +
                               "; Pacemaker adds utilization up as non-negative integers (like cpu = 2, memory = 512)");
            continue;
        }
        out.utilization.push_back({key, v, std::nullopt, st->key.span});
        cx.add_id({s.name.text, "-utilization-", key}, st->key.span, IdOwner::Utilization, s.name.text, key);
    }
    if (out.utilization.empty()) return;
    cx.add_id({s.name.text, "-utilization"}, p.utilizations.front()->keyword.span, IdOwner::UtilizationSet, s.name.text);
    if (cx.warned_utilization) return;
    for (const model::NvPair& prop : cx.model.properties)
        if (prop.name == "placement-strategy" && prop.value != "default") return;
    cx.warned_utilization = true;
    cx.diags.warning("W058", p.utilizations.front()->keyword.span,
                     "service " + q(s.name.text) + " declares utilization, but the spec leaves placement-strategy at "
                     "`default`, where Pacemaker ignores utilization; set `property placement-strategy = balanced` "
                     "(or utilization, minimal) in the cluster block");
}

// `hosts`, `host-map` and `delay-max` are spellings of pcmk_host_list, pcmk_host_map and
// pcmk_delay_max: each becomes one param, joined the way Pacemaker reads it.
void add_fence_param(Context& cx, const ast::Service& s, model::Service& out, const char* name, std::string value,
                     const ast::Ident& keyword) {
    for (const model::NvPair& p : out.params)
        if (p.name == name) {
            cx.diags.error("E152", keyword.span,
                           "`" + keyword.text + "` and `param " + name + "` both set " + name + " of fence device " +
                               q(s.name.text) + "; keep `" + keyword.text + "`")
                .notes.push_back(note_at("the param is here", p.span));
            return;
        }
    if (out.params.empty()) cx.add_id({s.name.text, "-instance_attributes"}, keyword.span, IdOwner::ParamSet, s.name.text);
    out.params.push_back({name, std::move(value), std::nullopt, keyword.span});
    cx.add_id({s.name.text, "-instance_attributes-", name}, keyword.span, IdOwner::Param, s.name.text, name);
}

void check_fence_hosts(Context& cx, const ast::Service& s, const Parts& p, model::Service& out) {
    const Place where{"`hosts`", "fence device", s.name.text};
    if (const ast::HostsStmt* h = only_one(cx, p.hosts, s, "`hosts`")) {
        SeenOnce<std::string_view> seen;
        std::string list;
        for (const ast::Ident& n : h->hosts) {
            require_node(cx, n, where);
            if (!seen.add(cx, n.text, n.span, [&] { return "node " + q(n.text) + " is listed twice in `hosts`"; }))
                continue;
            list += (list.empty() ? "" : " ") + n.text;
        }
        add_fence_param(cx, s, out, "pcmk_host_list", list, h->keyword);
    }
    if (!p.host_maps.empty()) {
        SeenOnce<std::string_view> seen;
        std::string map;
        for (const ast::HostMapStmt* m : p.host_maps) {
            require_node(cx, m->node, {"`host-map`", "fence device", s.name.text});
            if (!seen.add(cx, m->node.text, m->node.span, [&] { return "node " + q(m->node.text) + " is mapped twice"; }))
                continue;
            // Pacemaker splits the map at `;`, `,` and spaces, and each entry at `:`.
            const std::string& port = m->port.text;
            if (port.empty() || port.find_first_of(";:, \t\n") != std::string::npos) {
                cx.diags.error("E153", m->port.span,
                               "port " + q(port) + " of node " + q(m->node.text) + " in fence device " + q(s.name.text) +
                                   " is empty or holds `;`, `:`, `,` or a space, which pcmk_host_map cannot carry");
                continue;
            }
            check_no_control_chars(cx, m->port, "the port of node " + q(m->node.text));
            map += (map.empty() ? "" : ";") + m->node.text + ":" + port;
        }
        if (!map.empty()) add_fence_param(cx, s, out, "pcmk_host_map", map, p.host_maps.front()->keyword);
    }
    if (const ast::DelayMaxStmt* d = only_one(cx, p.delay_maxes, s, "`delay-max`")) {
        read_duration(cx, d->delay, {"delay-max", "fence device", s.name.text});
        add_fence_param(cx, s, out, "pcmk_delay_max", d->delay.text, d->keyword);
    }
}

// `pcs stonith create` adds the agent's default monitor (60s for the fence agents); aa writes only
// what the spec says, so a CIB without a monitor imports and round-trips as it is, and says why
// one is wanted here.
void warn_unmonitored_device(Context& cx, const ast::Service& s, const model::Service& out) {
    for (const model::Op& op : out.ops)
        if (op.name == "monitor") return;
    cx.diags.warning("W055", s.name.span,
                     "fence device " + q(out.name) + " has no monitor: a broken device goes unnoticed until a node "
                     "must be fenced; add `monitor every 60s` (what `pcs stonith create` adds)");
}

}  // namespace

model::Service check_service(Context& cx, const ast::Service& s, ServiceFacts& facts) {
    model::Service out;
    out.name = s.name.text;
    out.span = s.span;
    facts.name_span = s.name.span;
    cx.add_id({s.name.text}, s.name.span, IdOwner::Service, s.name.text);

    // One scratch Parts reused for every service: 10,000 services need no 90,000 small vectors.
    thread_local Parts p;
    sort_parts(s, p);
    check_agent(cx, s, p, out, facts);
    check_params(cx, s, p, out, facts);
    if (s.fence()) {
        out.kind = model::Kind::Fence;
        check_fence_hosts(cx, s, p, out);
    }
    check_monitors(cx, s, p, out, facts);
    if (s.fence()) warn_unmonitored_device(cx, s, out);
    check_op_timeouts(cx, s, p.starts, out);
    check_op_timeouts(cx, s, p.stops, out);
    check_meta(cx, s, p, out);
    check_utilization(cx, s, p, out);

    const ast::ParallelSafeStmt* safe = only_one(cx, p.parallel_safe, s, "`parallel-safe`");
    out.parallel_safe = safe != nullptr;
    const ast::CloneStmt* clone = only_one(cx, p.clones, s, "`clone`");
    if (clone && s.fence()) {
        cx.diags.error("E155", clone->keyword.span,
                       "fence device " + q(out.name) + " is cloned; a fence device runs once and Pacemaker fences "
                       "through it from any node: drop `" + clone->keyword.text + "`");
        clone = nullptr;
    }
    if (clone) out.clone = check_clone(cx, "service", s.name, *clone, facts, out.parallel_safe);
    else if (safe && !cx.in_cloned_group.count(s.name.text))
        cx.diags.warning("W005", safe->keyword.span,
                         "service " + q(out.name) + " is declared parallel-safe but not cloned; it runs on one node");
    if (facts.role_span && !(out.clone && out.clone->promotable))
        cx.diags.error("E139", *facts.role_span,
                       "a monitor of service " + q(out.name) +
                           " has a role, but only instances of a promotable clone have roles; clone it with "
                           "`promotable` or drop the role");
    facts.resource_id = out.resource_id();
    check_locations(cx, "service", s.name, p.locations, out.locations, facts);
    check_clone_capacity(cx, "service", out.name, out.clone, facts);
    return out;
}

}  // namespace aa::checker
