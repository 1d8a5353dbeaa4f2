#include "compiler/plan/transition.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

namespace aa::plan {
namespace {

using Kind = ResourceChange::Kind;

// The order of kinds in count lines: the disruptive ones first, as a reviewer reads them.
constexpr std::pair<Kind, std::string_view> kKinds[] = {
    {Kind::Stop, "stop"},       {Kind::Restart, "restart"}, {Kind::Move, "move"},
    {Kind::Migrate, "migrate"}, {Kind::Recover, "recover"}, {Kind::Demote, "demote"},
    {Kind::Promote, "promote"}, {Kind::Start, "start"},     {Kind::Reload, "reload"},
    {Kind::Other, "other"}};

bool moves(Kind k) { return k == Kind::Move || k == Kind::Migrate; }

}  // namespace

std::string_view kind_name(Kind k) {
    for (const auto& [kind, name] : kKinds)
        if (kind == k) return name;
    return "other";
}

std::optional<Kind> change_kind_from_name(std::string_view name) {
    for (const auto& [kind, n] : kKinds)
        if (n == name) return kind;
    return std::nullopt;
}

std::string primitive_of(std::string_view instance) {
    return std::string(instance.substr(0, std::min(instance.rfind(':'), instance.size())));
}

std::string describe(const ResourceChange& c) {
    std::string where = moves(c.kind) ? fmt::format("from {} to {}", c.node, c.to) : "on " + c.node;
    std::string_view verb = c.kind == Kind::Other ? std::string_view(c.action) : kind_name(c.kind);
    std::string out = fmt::format("{} {} {}", verb, c.instance, where);
    if (!c.reason.empty()) out += " (" + c.reason + ")";
    return out;
}

bool interrupts(const ResourceChange& c, const std::string& node) {
    if (c.node != node) return false;
    switch (c.kind) {
        case Kind::Stop: case Kind::Restart: case Kind::Recover: case Kind::Move: case Kind::Migrate:
            return true;
        default:
            return false;
    }
}

std::string count_line(const Transition& t) {
    std::map<Kind, int> counts;
    for (const ResourceChange& c : t)
        if (!c.pending) ++counts[c.kind];
    std::string out;
    for (const auto& [kind, name] : kKinds)
        if (auto it = counts.find(kind); it != counts.end())
            out += fmt::format("{}{} to {}", out.empty() ? "" : ", ", it->second, name);
    return out;
}

}  // namespace aa::plan
