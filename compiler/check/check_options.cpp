// Pacemaker options written in a spec (`property`, `defaults`, `meta`, clone `meta`), judged by the
// option table generated from Pacemaker's metadata (compiler/lang/options.hpp): known where it is
// written (E090 unknown property, W004 unknown meta), in the place it has an effect (E092), not a
// clone-kind switch (E093), a value of its type (E091), no control characters (E098), and not a
// deprecated alias (W030).
#include "compiler/check/check_context.hpp"
#include "compiler/diag/suggest.hpp"
#include "compiler/lang/options.hpp"
#include "compiler/lang/vocabulary.hpp"
#include "compiler/util/escape.hpp"

namespace aa::checker {
namespace {

using options::Scope;

std::vector<Scope> scopes_of(Where w) {
    switch (w) {
        case Where::Property: return {Scope::Cluster};
        case Where::ResourceDefault: return {Scope::Resource, Scope::Clone, Scope::Promotable};
        case Where::OpDefault: return {Scope::Operation};
        case Where::PrimitiveMeta: return {Scope::Resource};
        case Where::CloneMeta: return {Scope::Resource, Scope::Clone};
        case Where::FenceParam: return {Scope::FenceDevice};
    }
    return {};
}

std::string_view where_words(Where w) {
    switch (w) {
        case Where::Property: return "cluster property";
        case Where::ResourceDefault: return "resource default";
        case Where::OpDefault: return "op default";
        case Where::PrimitiveMeta: return "meta attribute";
        case Where::CloneMeta: return "clone meta attribute";
        case Where::FenceParam: return "fence device parameter";
    }
    return {};
}

bool language_has_promotable() { return contains(vocab::service_items, "promotable"); }

// How the language spells a clone attribute: clone-max is `clone max N`, not `meta clone-max`.
std::string clone_spelling(std::string_view key) {
    if (key == "clone-max") return "`clone max N`";
    if (key == "clone-node-max") return "`clone per-node N`";
    if (contains(vocab::clone_flags, key)) return "`clone { " + std::string(key) + " }`";
    return "`clone { meta " + std::string(key) + " = VALUE }`";
}

// Where an option found in another scope has its effect, in the language's words.
std::string belongs(const options::Option& o) {
    const std::string k(o.name);
    switch (o.scope) {
        case Scope::Cluster: return "it is a cluster property: set it in the cluster block as `property " + k + " = VALUE`";
        case Scope::Resource:
            return "it is a resource meta attribute: set it in a service as `meta " + k +
                   " = VALUE`, or for every resource as `resource " + k + " = VALUE` in `defaults`";
        case Scope::Clone:
            return "it is a clone attribute and has an effect only on a clone: write " + clone_spelling(o.name) +
                   " in the service";
        case Scope::Promotable:
            return language_has_promotable()
                       ? "it belongs to a promotable clone: write `promotable { ... }` in place of `clone { ... }`"
                       : "it belongs to a promotable clone, which this version of the language cannot declare";
        case Scope::Operation:
            return "it is an operation attribute: give it on the operation (`monitor every 30s timeout 10s`, "
                   "`start timeout 60s`), or for every operation as `op " + k + " = VALUE` in `defaults`";
        case Scope::FenceDevice: return "it is a parameter of a fence device: give it as `param " + k + " = VALUE` in `fence NAME { }`";
    }
    return {};
}

const options::Option* find_in(const std::vector<Scope>& scopes, std::string_view key) {
    for (Scope s : scopes)
        if (const options::Option* o = options::find(s, key)) return o;
    return nullptr;
}

std::vector<std::string_view> names_in(const std::vector<Scope>& scopes) {
    std::vector<std::string_view> v;
    for (Scope s : scopes) {
        auto n = options::names(s);
        v.insert(v.end(), n.begin(), n.end());
    }
    return v;
}

}  // namespace

bool check_no_control_chars(Context& cx, const ast::Value& value, const std::string& what) {
    std::size_t at = first_control_char(value.text);
    if (at == std::string::npos) return true;
    cx.diags.error("E098", value.span,
                   what + " holds the control character " + describe_control_char(value.text, at) +
                       "; values may not hold control characters (they would reach terminals and the CIB raw)");
    return false;
}

void check_option(Context& cx, Where where, const ast::Ident& key, const ast::Value& value, const std::string& owner) {
    const std::string what = std::string(where_words(where)) + " " + q(key.text) + (owner.empty() ? "" : " of " + owner);
    if (where != Where::Property && key.text == "promotable") {
        cx.diags.error("E093", key.span,
                       what + " would turn the clone into a promotable clone behind the language's back; " +
                           (language_has_promotable()
                                ? std::string("write `promotable { ... }` in place of `clone { ... }`")
                                : std::string("this version of the language cannot declare promotable clones")));
        return;
    }
    const std::vector<Scope> scopes = scopes_of(where);
    const options::Option* option = find_in(scopes, key.text);
    if (!option) {
        if (const options::Option* elsewhere = options::find_elsewhere(key.text, scopes.front())) {
            cx.diags.error("E092", key.span, what + " has no effect here; " + belongs(*elsewhere));
            return;
        }
        auto known = names_in(scopes);
        if (where == Where::Property) {
            auto& d = cx.diags.error("E090", key.span,
                                     "unknown cluster property " + q(key.text) + "; Pacemaker " +
                                         std::string(options::pacemaker_version()) + " has no such option");
            if (auto s = suggest(key.text, known)) d.fixit = FixIt{*s};
        } else {
            auto& d = cx.diags.warning("W004", key.span, "unknown " + what);
            if (auto s = suggest(key.text, known)) d.fixit = FixIt{*s};
        }
        check_no_control_chars(cx, value, what);
        return;
    }
    if (!option->alias_of.empty()) {
        auto& d = cx.diags.warning("W030", key.span,
                                   what + " is a deprecated name; Pacemaker still reads it, but its name is " +
                                       q(option->alias_of));
        d.fixit = FixIt{std::string(option->alias_of)};
    }
    if (!check_no_control_chars(cx, value, what)) return;
    options::Verdict v = options::judge(*option, value.text);
    if (v.ok) return;
    auto& d = cx.diags.error("E091", value.span, what + " takes " + v.expected + ", not `" + value.raw + "`");
    if (v.suggestion) d.fixit = FixIt{*v.suggestion};
}

}  // namespace aa::checker
