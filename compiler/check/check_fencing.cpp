// Fencing: the levels of `fencing { }` (E160-E164), and what the spec's fencing covers: a cluster
// that requires fencing and has no device (W050), a node no device or level can fence (W054).
#include <regex>

#include "compiler/check/check_context.hpp"
#include "compiler/diag/suggest.hpp"
#include "compiler/lang/options.hpp"
#include "compiler/lower/lower.hpp"

namespace aa::checker {
namespace {

const model::NvPair* property(const Context& cx, std::string_view name) {
    for (const model::NvPair& p : cx.model.properties)
        if (p.name == name) return &p;
    return nullptr;
}

bool has_device(const Context& cx) {
    for (const model::Service& s : cx.model.services)
        if (s.agent_class == "stonith" || s.fence()) return true;
    return false;
}

const model::Service* require_device(Context& cx, const ast::Ident& name, const std::string& level) {
    const model::Service* s = cx.service(name.text);
    if (s && s->agent_class == "stonith") return s;
    std::string message = level + " names " + q(name.text) + ", which is ";
    message += s ? "a service, not a fence device" : "not a fence device of the spec";
    auto& d = cx.diags.error("E161", name.span, message + "; declare it with `fence " + name.text + " { agent stonith:TYPE }`");
    std::vector<std::string_view> devices;
    for (const model::Service& f : cx.model.services)
        if (f.agent_class == "stonith") devices.emplace_back(f.name);
    if (auto sug = suggest(name.text, devices)) d.fixit = FixIt{*sug};
    return nullptr;
}

// The target in the words pcs uses for the level's id (`fl-TARGET-N`) and in messages.
std::string target_words(const ast::LevelStmt& l) {
    using T = ast::LevelStmt::Target;
    if (l.target == T::Pattern) return "pattern " + l.pattern->raw;
    if (l.target == T::Attribute) return "attribute " + l.attribute->text + " = " + l.attribute_value->raw;
    return l.node.text;
}

constexpr std::size_t kMaxPattern = 256;

bool read_target(Context& cx, const ast::LevelStmt& l, const std::string& what, model::FencingLevel& out) {
    using T = ast::LevelStmt::Target;
    if (l.target == T::Node) {
        out.target = l.node.text;
        return require_node(cx, l.node, {"fencing `level`", {}, {}});
    }
    if (l.target == T::Attribute) {
        out.target_attribute = l.attribute->text;
        out.target_value = l.attribute_value->text;
        return check_no_control_chars(cx, *l.attribute_value, what);
    }
    out.target_pattern = l.pattern->text;
    // std::regex compiles and matches by recursion: a pattern far longer than any node name could
    // take the checker's stack with it, and no node name needs one.
    if (out.target_pattern.size() > kMaxPattern) {
        cx.diags.error("E163", l.pattern->span,
                       what.substr(0, 40) + "...` has a pattern of " + std::to_string(out.target_pattern.size()) +
                           " characters; node patterns are at most " + std::to_string(kMaxPattern));
        return false;
    }
    try {
        std::regex re(out.target_pattern, std::regex::extended);
    } catch (const std::regex_error&) {
        cx.diags.error("E163", l.pattern->span,
                       what + " has a pattern that is not a POSIX extended regular expression (Pacemaker reads "
                              "target-pattern as one)");
        return false;
    }
    return check_no_control_chars(cx, *l.pattern, what);
}

void check_level(Context& cx, const ast::LevelStmt& l, SeenOnce<std::string>& seen, std::unordered_set<std::string>& ids) {
    const std::string what = "`level " + l.index.raw + " " + target_words(l) + "`";
    model::FencingLevel out;
    out.span = l.span;
    bool ok = true;
    // Pacemaker's schema allows 1-9: the fencer tries the levels in that order.
    std::optional<int> index = read_count(cx, l.index, {"the number of a fencing `level`", {}, {}});
    if (index && *index > 9) {
        cx.diags.error("E160", l.index.span, what + ": Pacemaker numbers fencing levels 1 to 9");
        ok = false;
    }
    ok = index && ok;
    if (index) out.index = *index;
    ok = read_target(cx, l, what, out) && ok;
    SeenOnce<std::string_view> devices;
    for (const ast::Ident& d : l.devices) {
        if (!devices.add(cx, d.text, d.span, [&] { return what + " lists device " + q(d.text) + " twice"; })) continue;
        ok = require_device(cx, d, what) && ok;
        out.devices.push_back(d.text);
    }
    if (!ok) return;
    const std::string key = std::to_string(out.index) + "\n" + out.target + "\n" + out.target_pattern + "\n" +
                            out.target_attribute + "\n" + out.target_value;
    if (!seen.add(cx, key, l.index.span, [&] { return "fencing level " + what + " is declared twice"; })) return;
    out.id = read_explicit_id(cx, l.id).value_or("");
    if (out.id.empty()) {
        // pcs: find_unique_id(sanitize_id("fl-" + target + "-" + N)) against what exists so far.
        const std::string& part = !out.target.empty() ? out.target : !out.target_pattern.empty() ? out.target_pattern
                                                                                                  : out.target_attribute;
        out.id = lower::unique_id(lower::sanitize_id("fl-" + part + "-" + std::to_string(out.index)), ids);
    }
    ids.insert(out.id);
    cx.add_id({out.id}, l.id ? l.id->span : l.keyword.span, IdOwner::FencingLevel, {},
              cx.arena.join({l.index.raw, " ", target_words(l)}));
    cx.model.fencing_levels.push_back(std::move(out));
}

// Static host lists of one device, as Pacemaker splits them; nullopt when the device has none
// (Pacemaker asks the device itself which nodes it can fence: it may fence any).
std::optional<std::vector<std::string>> static_hosts(const model::Service& s) {
    std::optional<std::vector<std::string>> hosts;
    for (const model::NvPair& p : s.params) {
        if (p.name != "pcmk_host_list" && p.name != "pcmk_host_map") continue;
        if (!hosts) hosts.emplace();
        std::string word;
        for (char c : p.value + ";") {
            if (c == ';' || c == ',' || c == ' ' || c == '\t') {
                if (!word.empty()) hosts->push_back(word.substr(0, p.name == "pcmk_host_map" ? word.find(':') : word.npos));
                word.clear();
            } else {
                word += c;
            }
        }
    }
    return hosts;
}

bool covered(const Context& cx, const std::string& node) {
    for (const model::FencingLevel& l : cx.model.fencing_levels) {
        if (l.target == node || !l.target_attribute.empty()) return true;  // attributes are the cluster's: not judged
        if (!l.target_pattern.empty() && std::regex_search(node, std::regex(l.target_pattern, std::regex::extended)))
            return true;
    }
    for (const model::Service& s : cx.model.services) {
        if (s.agent_class != "stonith") continue;
        std::optional<std::vector<std::string>> hosts = static_hosts(s);
        if (!hosts || contains(*hosts, node)) return true;
    }
    return false;
}

void check_coverage(Context& cx) {
    if (!cx.have_cluster) return;
    const model::NvPair* enabled = property(cx, "stonith-enabled");
    if (enabled && options::is_false(enabled->value)) return;
    if (!has_device(cx)) {
        const std::string why = enabled ? "stonith-enabled is " + enabled->value
                                        : "stonith-enabled is true (Pacemaker's default)";
        cx.diags.warning("W050", enabled ? enabled->span : cx.cluster_span,
                         why + " and the spec declares no fence device: Pacemaker starts no resource until the "
                               "cluster has one; declare it with `fence NAME { agent stonith:TYPE ... }` unless the "
                               "cluster has its own (aa plan looks)");
        return;
    }
    for (const std::string& node : cx.model.nodes)
        if (!covered(cx, node))
            cx.diags.warning("W054", cx.nodes.at(node),
                             "no fence device or fencing level of the spec can fence node " + q(node) +
                                 ": no device lists it in `hosts` or `host-map` and no level targets it");
}

}  // namespace

void check_fencing(Context& cx, const std::vector<const ast::Fencing*>& blocks) {
    SeenOnce<std::string> seen;
    std::unordered_set<std::string> ids;
    for (const ast::Fencing* f : blocks)
        for (const ast::LevelStmt& l : f->items) check_level(cx, l, seen, ids);
    check_coverage(cx);
}

}  // namespace aa::checker
