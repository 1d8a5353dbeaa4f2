#include "compiler/plan/drift.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "compiler/util/json_writer.hpp"

namespace aa::drift {
namespace {

using Kind = Item::Kind;

const char* kind_name(Kind k) {
    switch (k) {
        case Kind::Differs: return "differs";
        case Kind::Deleted: return "deleted";
        case Kind::NotApplied: return "not-applied";
        case Kind::Leftover: return "leftover";
        case Kind::Collides: return "collides";
    }
    return "";
}

const char* sentence(Kind k) {
    switch (k) {
        case Kind::Differs: return "changed in the cluster";
        case Kind::Deleted: return "owned by the spec but deleted from the cluster";
        case Kind::NotApplied: return "in the spec but not applied yet";
        case Kind::Leftover: return "owned, no longer in the spec, still in the cluster";
        case Kind::Collides: return "an untagged cluster object has the spec's id";
    }
    return "";
}

std::string value(const std::optional<std::string>& v) { return v ? "\"" + *v + "\"" : "(none)"; }

}  // namespace

std::vector<Item> compute(const plan::Plan& p, const std::vector<std::string>& managed) {
    std::set<std::string> owned(managed.begin(), managed.end());
    std::set<std::string> adopted(p.adopted.begin(), p.adopted.end());
    std::vector<Item> out;
    for (const std::string& id : p.adopted) out.push_back({Kind::Collides, "", id, {}});
    std::set<std::string> created;
    for (const plan::Change& c : p.changes)
        if (c.kind == plan::Change::Kind::Create) created.insert(c.id);
    // Cluster options are owned nvpair by nvpair: a missing one was never applied, not edited away.
    static const std::set<std::string> option_sets = {"cib-bootstrap-options", "rsc_defaults-meta_attributes",
                                                      "op_defaults-meta_attributes"};
    auto inside_existing = [&](const plan::Change& c) {
        return !c.parent_id.empty() && !created.count(c.parent_id) && !option_sets.count(c.parent_id);
    };
    for (const plan::Change& c : p.changes) {
        if (c.element == "obj_ref" || c.element == "tag" || c.element == "tags") continue;
        if (adopted.count(c.id)) continue;
        Kind kind = c.kind == plan::Change::Kind::Modify ? Kind::Differs
                    : owned.count(c.id)                    ? (c.kind == plan::Change::Kind::Create ? Kind::Deleted : Kind::Leftover)
                    : inside_existing(c)                   ? Kind::Differs  // an op or nvpair added/removed in an owned object
                    : c.kind == plan::Change::Kind::Delete ? Kind::Leftover
                                                           : Kind::NotApplied;
        out.push_back({kind, c.element, c.id, c.kind == plan::Change::Kind::Modify ? c.attrs : std::vector<plan::AttrChange>{}});
    }
    return out;
}

std::string render_text(const std::vector<Item>& items) {
    if (items.empty()) return "In sync: the cluster matches the spec.\n";
    std::string out;
    for (const Item& i : items) {
        out += fmt::format("{} {}{}: {}\n", kind_name(i.kind), i.element.empty() ? "" : i.element + " ", i.id, sentence(i.kind));
        for (const plan::AttrChange& a : i.attrs)
            out += fmt::format("    {}: cluster {}, spec {}\n", a.name, value(a.before), value(a.after));
    }
    return out + fmt::format("\nDrifted: {} object{}.\n", items.size(), items.size() == 1 ? "" : "s");
}

std::string render_markdown(const std::vector<Item>& items) {
    if (items.empty()) return "### aa drift: in sync\n";
    std::string out = fmt::format("### aa drift: {} object{} drifted\n\n| drift | object | id | details |\n|---|---|---|---|\n",
                                  items.size(), items.size() == 1 ? "" : "s");
    for (const Item& i : items) {
        std::string details = sentence(i.kind);
        for (const plan::AttrChange& a : i.attrs)
            details += fmt::format("<br>`{}`: cluster {}, spec {}", a.name, value(a.before), value(a.after));
        out += fmt::format("| {} | `{}` | `{}` | {} |\n", kind_name(i.kind), i.element, i.id, details);
    }
    return out;
}

std::string render_json(const std::vector<Item>& items) {
    JsonWriter w;
    w.begin_object().field("in_sync", items.empty()).key("drift").begin_array();
    for (const Item& i : items) {
        w.begin_object().field("kind", kind_name(i.kind)).field("element", i.element).field("id", i.id);
        w.key("attributes").begin_array();
        for (const plan::AttrChange& a : i.attrs) {
            w.begin_object().field("name", a.name).key("cluster");
            a.before ? w.value(*a.before) : w.null();
            w.key("spec");
            a.after ? w.value(*a.after) : w.null();
            w.end_object();
        }
        w.end_array().end_object();
    }
    w.end_array().end_object();
    return w.str();
}

}  // namespace aa::drift
