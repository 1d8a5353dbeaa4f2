#include "compiler/plan/plan_render.hpp"

#include <fmt/format.h>

#include "compiler/plan/actions.hpp"
#include "compiler/util/json_writer.hpp"
#include "compiler/util/escape.hpp"

namespace aa::plan {
namespace {

char sign(Change::Kind k) { return k == Change::Kind::Create ? '+' : k == Change::Kind::Modify ? '~' : '-'; }
const char* verb(Change::Kind k) {
    return k == Change::Kind::Create ? "create" : k == Change::Kind::Modify ? "modify" : "delete";
}

std::string quoted(const std::optional<std::string>& v) { return v ? fmt::format("\"{}\"", *v) : "(none)"; }

// "class=systemd type=app" — every attribute but the id, as written in the CIB.
std::string attribute_list(const Change& c) {
    std::string out;
    for (const AttrChange& a : c.attrs) {
        if (a.name == "id") continue;
        const auto& v = c.kind == Change::Kind::Delete ? a.before : a.after;
        out += fmt::format("{}{}={}", out.empty() ? "" : " ", a.name, v.value_or(""));
    }
    return out;
}

std::string change_lines(const Change& c) {
    std::string where = c.parent_id.empty() ? "" : fmt::format(" (in {})", c.parent_id);
    std::string head = fmt::format("  {} {} {} {}{}", sign(c.kind), verb(c.kind), c.element, c.id, where);
    if (c.kind != Change::Kind::Modify) {
        std::string attrs = attribute_list(c);
        std::string out = head + (attrs.empty() ? "" : ": " + attrs) + "\n";
        for (const std::string& line : c.contents) out += fmt::format("      {} {}\n", sign(c.kind), line);
        return out;
    }
    std::string out = head + "\n";
    for (const AttrChange& a : c.attrs) out += fmt::format("      {}: {} → {}\n", a.name, quoted(a.before), quoted(a.after));
    return out;
}

bool is_ownership(const Change& c) { return c.element == "obj_ref" || c.element == "tag" || c.element == "tags"; }

// The aa-managed tag's bookkeeping in one line: which ids the spec starts or stops owning.
std::string ownership_line(const Plan& p) {
    std::string added, removed;
    for (const Change& c : p.changes) {
        if (c.element == "obj_ref") (c.kind == Change::Kind::Create ? added : removed) += " " + c.id;
        if (c.element == "tag")
            for (const std::string& line : c.contents)
                if (line.rfind("obj_ref ", 0) == 0) (c.kind == Change::Kind::Create ? added : removed) += " " + line.substr(8);
    }
    std::string out;
    if (!added.empty()) out += "  ~ aa-managed tag: now owns" + added + "\n";
    if (!removed.empty()) out += "  ~ aa-managed tag: no longer owns" + removed + "\n";
    return out;
}

// "[W020] text" -> "warning[W020]: text"; lines without a code get the bare level.
std::string coded(const char* level, const std::string& line) {
    if (line.size() > 7 && line[0] == '[' && line[5] == ']')
        return fmt::format("{}{}: {}", level, line.substr(0, 6), line.substr(7));
    return fmt::format("{}: {}", level, line);
}

bool any_pending(const Plan& p) {
    for (const ResourceChange& c : p.transition)
        if (c.pending) return true;
    return false;
}

// The transition, the plan's own changes first (in execution order), then what the cluster
// does anyway. `bullet` starts each line.
std::string transition_lines(const Plan& p, const std::string& bullet) {
    std::string out;
    for (const ResourceChange& c : p.transition)
        if (!c.pending) out += bullet + describe(c) + "\n";
    if (any_pending(p)) {
        out += bullet + "pending in the cluster already (not caused by this plan):\n";
        for (const ResourceChange& c : p.transition)
            if (c.pending) out += bullet + "  " + describe(c) + "\n";
    }
    return out;
}

// What must be read before anything else: the problems the operator accepted.
std::string accepted_lines(const Plan& p, const std::string& bullet) {
    std::string out;
    if (p.accepted_new_problems)
        out += bullet + "ACCEPTED (--accept-new-problems): this change adds problems the cluster does not have now; see below\n";
    if (p.accepted_outage)
        out += bullet + "ACCEPTED (--accept-outage): a route has no server while this change runs; see below\n";
    return out;
}

std::string nodes_list(const std::vector<std::string>& nodes) {
    std::string out;
    for (const std::string& n : nodes) out += n + " ";
    return out;
}

}  // namespace

std::string summary_counts(const Plan& p) {
    std::string out = p.adopted.empty() ? "" : fmt::format("{} to adopt, ", p.adopted.size());
    out += fmt::format("{} to create, {} to change, {} to destroy", p.creates(), p.modifies(), p.deletes());
    if (std::string running = count_line(p.transition); !running.empty()) out += "; running resources: " + running;
    return out;
}

std::string summary_line(const Plan& p) {
    if (!p.has_changes()) return "No changes.";
    return "Plan: " + summary_counts(p) + ".";
}

std::string render_placement(const Placement& placement) {
    std::string out;
    for (const auto& [rsc, nodes] : placement) {
        if (nodes.empty())
            out += fmt::format("{}: Stopped\n", rsc);
        else
            out += fmt::format("{}: Started [ {}]\n", rsc, nodes_list(nodes));
    }
    return out;
}

namespace {
std::string indented(const std::string& text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        out += "  " + text.substr(start, end - start) + "\n";
        start = end + 1;
    }
    return out;
}
}  // namespace

std::string render_actions(const Plan& p) {
    std::string out;
    int i = 0;
    for (const Action& a : p.actions) out += fmt::format("{:>3}. {}\n", ++i, actions::describe(a));
    return out;
}

std::string render_text(const Plan& p) {
    std::string out = fmt::format("Base: {} (admin_epoch {}, epoch {}, num_updates {})\n", p.base_source,
                                  p.base_version.admin_epoch, p.base_version.epoch, p.base_version.num_updates);
    out += accepted_lines(p, "! ");
    if (!p.adopted.empty()) {
        out += "\nAdopted (existing objects now owned by the spec):\n";
        for (const std::string& id : p.adopted) out += "  " + id + "\n";
    }
    if (p.has_changes()) {
        out += "\nCIB changes:\n";
        for (const Change& c : p.changes)
            if (!is_ownership(c)) out += change_lines(c);
        out += ownership_line(p);
    }
    if (!p.transition.empty())
        out += "\nRunning resources (Pacemaker's transition, in execution order):\n" + transition_lines(p, "  ");
    if (!p.actions.empty()) out += "\nHost actions:\n" + render_actions(p);
    out += "\nPredicted placement:\n";
    std::string placement = indented(render_placement(p.placement));
    out += placement.empty() ? "  (no resources)\n" : placement;
    if (!p.outage.empty()) {
        out += "\nOutage:\n";
        for (const std::string& s : p.outage) out += "  ! " + s + "\n";
        if (!p.accepted_outage) out += "  `aa apply` refuses this plan without --accept-outage\n";
    }
    if (!p.problems.empty()) {
        out += "\nNew problems (accepted with --accept-new-problems):\n";
        for (const std::string& s : p.problems) out += "  ! " + s + "\n";
    }
    if (!p.already.empty()) {
        out += "\nAlready in the cluster (not caused by this plan):\n";
        for (const std::string& s : p.already) out += "  ! " + s + "\n";
    }
    for (const std::string& w : p.warnings) out += "\n" + coded("warning", w) + "\n";
    return escape_for_terminal(out + "\n" + summary_line(p) + "\n", true);
}

namespace {

// The markdown table's details cell of one change: attribute changes, or the attributes and the
// nested objects of a created or deleted one.
std::string markdown_details(const Change& c) {
    std::string details;
    if (c.kind == Change::Kind::Modify) {
        for (const AttrChange& a : c.attrs)
            details += fmt::format("{}`{}`: {} → {}", details.empty() ? "" : "<br>", a.name, quoted(a.before), quoted(a.after));
        return details;
    }
    details = attribute_list(c);
    for (const std::string& line : c.contents) {
        std::size_t depth = line.find_first_not_of(' ');
        details += fmt::format("{}{}`{}`", details.empty() ? "" : "<br>", std::string(depth == std::string::npos ? 0 : depth, '.'),
                               line.substr(depth == std::string::npos ? 0 : depth));
    }
    return details;
}

// A table cell holds no `|` or line break of its own.
std::string cell(std::string s) {
    std::string out;
    for (char ch : s) out += ch == '|' ? std::string("\\|") : ch == '\n' ? std::string(" ") : std::string(1, ch);
    return out;
}

std::string markdown_list(const char* heading, const std::vector<std::string>& lines) {
    if (lines.empty()) return "";
    std::string out = fmt::format("**{}**\n\n", heading);
    for (const std::string& s : lines) out += "- " + cell(s) + "\n";
    return out + "\n";
}

}  // namespace

std::string render_markdown(const Plan& p) {
    std::string out = fmt::format("### aa plan: {}\n\n", p.has_changes() ? summary_counts(p) : "no changes");
    out += accepted_lines(p, "> ");
    if (p.accepted_new_problems || p.accepted_outage) out += "\n";
    out += fmt::format("Base: `{}` (admin_epoch {}, epoch {}, num_updates {})\n\n", p.base_source,
                       p.base_version.admin_epoch, p.base_version.epoch, p.base_version.num_updates);
    if (!p.adopted.empty()) {
        out += "**Adopted** (existing objects now owned by the spec)\n\n";
        for (const std::string& id : p.adopted) out += "- `" + id + "`\n";
        out += "\n";
    }
    if (p.has_changes() && !p.changes.empty()) {
        out += "| | object | id | details |\n|---|---|---|---|\n";
        for (const Change& c : p.changes) {
            if (is_ownership(c)) continue;
            out += fmt::format("| {} {} | `{}` | `{}` | {} |\n", sign(c.kind), verb(c.kind), c.element, c.id, cell(markdown_details(c)));
        }
        std::string tag = ownership_line(p);
        out += "\n" + (tag.empty() ? "" : tag + "\n");
    }
    if (!p.transition.empty())
        out += "**Running resources** (Pacemaker's transition, in execution order)\n\n```text\n" + transition_lines(p, "") + "```\n\n";
    if (!p.actions.empty()) out += "**Host actions**\n\n```text\n" + render_actions(p) + "```\n\n";
    out += "**Predicted placement**\n\n```text\n" + render_placement(p.placement) + "```\n\n";
    out += markdown_list("Outage", p.outage);
    out += markdown_list("New problems (accepted with --accept-new-problems)", p.problems);
    out += markdown_list("Already in the cluster (not caused by this plan)", p.already);
    std::vector<std::string> warnings;
    for (const std::string& w : p.warnings) warnings.push_back(coded("warning", w));
    out += markdown_list("Warnings", warnings);
    if (!p.patch_xml.empty())
        out += "<details><summary>CIB patch (format 2)</summary>\n\n```xml\n" + p.patch_xml + "```\n\n</details>\n";
    return escape_for_terminal(out, true);
}

std::string render_json(const Plan& p) {
    JsonWriter w;
    w.begin_object();
    w.field("format_version", p.format_version);
    w.field("summary", summary_line(p));
    w.field("changes_pending", p.has_changes());
    w.key("counts").begin_object().field("adopt", static_cast<int>(p.adopted.size())).field("create", p.creates())
        .field("change", p.modifies()).field("destroy", p.deletes()).end_object();
    w.key("base").begin_object().field("source", p.base_source).field("admin_epoch", p.base_version.admin_epoch)
        .field("epoch", p.base_version.epoch).field("num_updates", p.base_version.num_updates)
        .field("config_hash", p.base_config_hash).end_object();
    w.field("spec_hash", p.spec_hash);
    w.key("changes").begin_array();
    for (const Change& c : p.changes) {
        w.begin_object().field("operation", verb(c.kind)).field("element", c.element).field("id", c.id).field("parent_id", c.parent_id);
        w.key("attributes").begin_array();
        for (const AttrChange& a : c.attrs) {
            w.begin_object().field("name", a.name);
            w.key("before");
            a.before ? w.value(*a.before) : w.null();
            w.key("after");
            a.after ? w.value(*a.after) : w.null();
            w.end_object();
        }
        w.end_array();
        w.key("contents").strings(c.contents).end_object();
    }
    w.end_array();
    w.key("transition").begin_array();
    for (const ResourceChange& c : p.transition)
        w.begin_object().field("action", kind_name(c.kind) == "other" ? c.action : std::string(kind_name(c.kind)))
            .field("instance", c.instance).field("resource", c.resource).field("node", c.node).field("to", c.to)
            .field("reason", c.reason).field("pending", c.pending).field("description", describe(c)).end_object();
    w.end_array();
    w.key("actions").begin_array();
    for (const Action& a : p.actions) {
        w.begin_object().field("kind", actions::kind_name(a.kind)).field("description", actions::describe(a)).field("node", a.node).field("service", a.service)
            .field("unit", a.unit).field("server", a.server).field("backend", a.backend);
        w.key("argv").strings(a.argv).end_object();
    }
    w.end_array();
    auto placement = [&](const char* key, const Placement& pl) {
        w.key(key).begin_object();
        for (const auto& [rsc, nodes] : pl) w.key(rsc).strings(nodes);
        w.end_object();
    };
    placement("placement_before", p.placement_before);
    placement("placement", p.placement);
    w.key("problems").strings(p.problems);
    w.field("accepted_new_problems", p.accepted_new_problems);
    w.key("already").strings(p.already);
    w.key("outage").strings(p.outage);
    w.field("accepted_outage", p.accepted_outage);
    w.key("warnings").strings(p.warnings);
    w.key("adopted").strings(p.adopted);
    w.field("patch", p.patch_xml);
    w.end_object();
    return w.str();
}

}  // namespace aa::plan
