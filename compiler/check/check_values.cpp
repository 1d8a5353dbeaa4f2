// Reading typed values out of the AST: durations, scores, counts and explicit ids.
#include <algorithm>
#include <charconv>
#include <limits>

#include "compiler/check/check_context.hpp"
#include "compiler/lang/duration.hpp"
#include "compiler/diag/suggest.hpp"

namespace aa::checker {
namespace {

bool is_name_start(unsigned char c) {
    // Bytes >= 0x80 belong to UTF-8 letters, which XML names allow.
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c >= 0x80;
}
bool is_name_char(unsigned char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

}  // namespace

std::string Place::str() const {
    return kind.empty() ? std::string(what) : std::string(what) + " of " + std::string(kind) + " " + q(owner);
}

std::optional<std::int64_t> read_duration(Context& cx, const ast::Value& v, const Place& where) {
    if (v.kind == ast::ValueKind::Integer || is_bare_integer(v.text)) {
        auto& d = cx.diags.error("E060", v.span,
                                 where.str() + " is the bare number " + v.text + "; a duration needs a unit (ms, s, m, h)");
        d.fixit = FixIt{v.text + "s"};
        return std::nullopt;
    }
    std::optional<std::int64_t> ms = duration_ms(v.text);
    if (!ms) {
        cx.diags.error("E065", v.span,
                       where.str() + " `" + v.raw + "` is not a duration; write an integer with a unit: 500ms, 30s, 2m, 1h");
        return std::nullopt;
    }
    if (*ms <= 0) {
        cx.diags.error("E061", v.span, where.str() + " must be longer than zero, not " + v.text);
        return std::nullopt;
    }
    return ms;
}

std::optional<std::string> read_score(Context& cx, const ast::Value& v, const Place& where) {
    const std::string& t = v.text;
    if (t == "INFINITY" || t == "+INFINITY" || t == "-INFINITY") return t;
    // Pacemaker reads only the spelled-out forms; "inf" would silently become 0.
    if (t == "inf" || t == "+inf") return std::string("INFINITY");
    if (t == "-inf") return std::string("-INFINITY");
    if (is_bare_integer(t)) {
        long long n = 0;
        auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
        if (ec == std::errc() && p == t.data() + t.size()) {
            // Pacemaker clamps scores to +-1000000 (INFINITY); say so rather than let it surprise.
            if (n > 1000000 || n < -1000000)
                cx.diags.warning("W006", v.span,
                                 where.str() + " " + t + " is beyond INFINITY (1000000); Pacemaker treats it as " +
                                     (n > 0 ? "INFINITY" : "-INFINITY"));
            return std::to_string(n);
        }
    }
    auto& d = cx.diags.error("E062", v.span,
                             where.str() + " `" + v.raw + "` is not a score; use an integer, INFINITY or -INFINITY");
    if (auto s = suggest(t, {"INFINITY", "-INFINITY", "+INFINITY"})) d.fixit = FixIt{*s};
    return std::nullopt;
}

std::optional<int> read_count(Context& cx, const ast::Value& v, const Place& where) {
    const std::string& t = v.text;
    int n = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (t.empty() || ec != std::errc() || p != t.data() + t.size()) {
        bool too_big = is_bare_integer(t) && ec == std::errc::result_out_of_range;
        cx.diags.error("E064", v.span,
                       where.str() + " `" + v.raw + "` is " + (too_big ? "too large" : "not a whole number"));
        return std::nullopt;
    }
    if (n < 1) {
        cx.diags.error("E033", v.span, where.str() + " must be at least 1, not " + t);
        return std::nullopt;
    }
    return n;
}

bool valid_xml_id(std::string_view id) {
    if (id.empty() || !is_name_start(static_cast<unsigned char>(id.front()))) return false;
    for (char c : id)
        if (!is_name_char(static_cast<unsigned char>(c))) return false;
    return true;
}

std::optional<std::string> read_explicit_id(Context& cx, const Maybe<ast::Value>& v) {
    if (!v) return std::nullopt;
    if (!valid_xml_id(v->text)) {
        cx.diags.error("E071", v->span,
                       "id " + q(v->text) +
                           " is not a valid XML id: it must start with a letter or `_` and hold only letters, "
                           "digits, `_`, `-` and `.`");
        return std::nullopt;
    }
    return v->text;
}

bool require_node(Context& cx, const ast::Ident& node, const Place& where) {
    if (!cx.have_cluster || cx.nodes.count(node.text)) return true;
    auto& d = cx.diags.error("E040", node.span, where.str() + " names node " + q(node.text) +
                                                    ", which is not a node of cluster " + q(cx.model.cluster));
    if (auto s = suggest_from(node.text, cx.model.nodes)) d.fixit = FixIt{*s};
    return false;
}

const model::Service* require_service(Context& cx, const ast::Ident& name, std::string_view statement) {
    if (const model::Service* s = cx.service(name.text)) return s;
    auto& d = cx.diags.error("E041", name.span, std::string(statement) + " names service " + q(name.text) +
                                                    ", which is not declared");
    std::vector<std::string_view> names;
    names.reserve(cx.model.services.size());
    for (const model::Service& s : cx.model.services) names.emplace_back(s.name);
    if (auto s = suggest(name.text, names)) d.fixit = FixIt{*s};
    return nullptr;
}

std::string_view Arena::join(std::initializer_list<std::string_view> parts) {
    std::size_t size = 0;
    for (std::string_view p : parts) size += p.size();
    if (size > left_) {
        std::size_t chunk = std::max<std::size_t>(size, 64 * 1024);
        chunks_.push_back(std::make_unique<char[]>(chunk));
        next_ = chunks_.back().get();
        left_ = chunk;
    }
    char* start = next_;
    for (std::string_view p : parts) {
        std::copy(p.begin(), p.end(), next_);
        next_ += p.size();
    }
    left_ -= size;
    return {start, size};
}

std::string describe(const IdDecl& d) {
    const std::string of = " of service " + q(d.service);
    const std::string detail(d.detail);
    switch (d.owner) {
        case IdOwner::Service: return "service " + q(d.service);
        case IdOwner::Clone: return "the clone" + of;
        case IdOwner::CloneMetaSet: return "the clone meta attributes" + of;
        case IdOwner::CloneMeta: return "clone meta " + q(d.detail) + of;
        case IdOwner::ParamSet: return "the params" + of;
        case IdOwner::Param: return "param " + q(d.detail) + of;
        case IdOwner::MetaSet: return "the meta attributes" + of;
        case IdOwner::Meta: return "meta " + q(d.detail) + of;
        case IdOwner::Monitor: return "`monitor every " + detail + "`" + of;
        case IdOwner::OpTimeout: return "`" + detail + " timeout`" + of;
        case IdOwner::Location: return "the location of node " + q(d.detail) + of;
        case IdOwner::Order: return "`order " + std::string(d.service) + " then " + detail + "`";
        case IdOwner::Colocation: return "`colocate " + std::string(d.service) + " with " + detail + "`";
        case IdOwner::Property: return "property " + q(d.detail);
        case IdOwner::Default: return std::string(d.service) + " default " + q(d.detail);
        case IdOwner::Group: return "group " + q(d.service);
        case IdOwner::GroupMetaSet: return "the meta attributes of group " + q(d.service);
        case IdOwner::GroupMeta: return "meta " + q(d.detail) + " of group " + q(d.service);
        case IdOwner::FencingLevel: return "fencing `level " + detail + "`";
        case IdOwner::SetConstraint: return "`" + detail + "`";
        case IdOwner::RuleLocation: return "`" + detail + "`" + of;
        case IdOwner::UtilizationSet: return "the utilization" + of;
        case IdOwner::Utilization: return "utilization " + q(d.detail) + of;
    }
    return {};
}

}  // namespace aa::checker
