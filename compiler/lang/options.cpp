// Look-ups over the generated option table (options_table.cpp) and the value judgements by type.
#include "compiler/lang/options.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include "compiler/diag/suggest.hpp"

namespace aa::options {
namespace {

struct Key {
    Scope scope;
    std::string_view name;
    friend bool operator<(const Key& a, const Key& b) {
        return a.scope != b.scope ? a.scope < b.scope : a.name < b.name;
    }
};

// (scope, name) -> option, sorted once: the checker asks for every property, meta and op attribute.
const std::vector<const Option*>& index() {
    static const std::vector<const Option*> sorted = [] {
        std::vector<const Option*> v;
        for (const Option& o : all()) v.push_back(&o);
        std::sort(v.begin(), v.end(), [](const Option* a, const Option* b) {
            return Key{a->scope, a->name} < Key{b->scope, b->name};
        });
        return v;
    }();
    return sorted;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_integer(std::string_view s) {
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
    if (!all_digits(s)) return false;
    long long n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    return ec == std::errc() && p == s.data() + s.size();
}

bool is_infinity(std::string_view s) { return s == "INFINITY" || s == "+INFINITY" || s == "-INFINITY"; }

std::optional<std::string> near_infinity(std::string_view s) {
    if (s == "inf" || s == "+inf" || iequals(s, "infinity") || iequals(s, "+infinity")) return "INFINITY";
    if (s == "-inf" || iequals(s, "-infinity")) return "-INFINITY";
    return suggest(s, {"INFINITY", "-INFINITY"});
}

// Pacemaker's interval units (crm_get_msec), compared without case as Pacemaker does.
struct Unit {
    std::string_view name;
    long long num, den;  // milliseconds = n * num / den
};
constexpr Unit units[] = {{"ms", 1, 1},   {"msec", 1, 1},          {"us", 1, 1000},         {"usec", 1, 1000},
                          {"s", 1000, 1}, {"sec", 1000, 1},        {"m", 60000, 1},         {"min", 60000, 1},
                          {"h", 3600000, 1}, {"hr", 3600000, 1}};

const Unit* find_unit(std::string_view u) {
    for (const Unit& x : units)
        if (iequals(x.name, u)) return &x;
    return nullptr;
}

// ISO 8601 durations as Pacemaker reads them for intervals: P[nY][nM][nW][nD][T[nH][nM][nS]].
std::optional<long long> iso_duration_ms(std::string_view s) {
    if (s.size() < 3 || s.front() != 'P') return std::nullopt;
    s.remove_prefix(1);
    bool time = false, any = false;
    long long ms = 0;
    while (!s.empty()) {
        if (s.front() == 'T' && !time) {
            time = true;
            s.remove_prefix(1);
            continue;
        }
        std::size_t d = 0;
        while (d < s.size() && s[d] >= '0' && s[d] <= '9') ++d;
        if (d == 0 || d == s.size() || d > 9) return std::nullopt;
        long long n = std::stoll(std::string(s.substr(0, d)));
        char u = s[d];
        long long scale = 0;
        if (!time && u == 'Y') scale = 365LL * 86400000;
        else if (!time && u == 'M') scale = 30LL * 86400000;
        else if (!time && u == 'W') scale = 7LL * 86400000;
        else if (!time && u == 'D') scale = 86400000;
        else if (time && u == 'H') scale = 3600000;
        else if (time && u == 'M') scale = 60000;
        else if (time && u == 'S') scale = 1000;
        else return std::nullopt;
        ms += n * scale;
        any = true;
        s.remove_prefix(d + 1);
    }
    return any ? std::optional<long long>(ms) : std::nullopt;
}

// A date and time in ISO 8601 (interval-origin): digits first, then only date/time characters.
bool is_timespec(std::string_view s) {
    if (s.size() < 4 || !all_digits(s.substr(0, 4))) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || c == '-' || c == ':' || c == 'T' || c == 'W' || c == 'Z' || c == '+' ||
               c == '.' || c == ' ';
    });
}

std::string join(std::span<const std::string_view> values) {
    std::string s;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) s += i + 1 == values.size() ? " or " : ", ";
        s += values[i];
    }
    return s;
}

// The milliseconds as the shortest exact spelling: 90000 -> "90s", 1500 -> "1500ms".
std::string spell_ms(long long ms) {
    if (ms % 3600000 == 0 && ms) return std::to_string(ms / 3600000) + "h";
    if (ms % 60000 == 0 && ms) return std::to_string(ms / 60000) + "min";
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

// What a person probably meant by a duration Pacemaker would misread: "1m30s" -> "90s", "1.5s" -> "1500ms".
std::optional<std::string> repair_duration(std::string_view s) {
    long long total = 0;
    bool any = false;
    while (!s.empty()) {
        std::size_t d = 0;
        while (d < s.size() && ((s[d] >= '0' && s[d] <= '9') || s[d] == '.')) ++d;
        std::size_t u = d;
        while (u < s.size() && std::isalpha(static_cast<unsigned char>(s[u]))) ++u;
        if (d == 0 || d > 12) return std::nullopt;
        const Unit* unit = u == d ? (s.size() == d ? &units[4] : nullptr) : find_unit(s.substr(d, u - d));
        if (!unit) {
            if (auto near = suggest(s.substr(d, u - d), {"ms", "s", "sec", "min", "h", "hr"}))
                if (u == s.size()) return std::string(s.substr(0, d)) + *near;
            return std::nullopt;
        }
        std::string number(s.substr(0, d));
        double n = 0;
        try {
            n = std::stod(number);
        } catch (...) {
            return std::nullopt;
        }
        total += static_cast<long long>(n * static_cast<double>(unit->num) / static_cast<double>(unit->den) + 0.5);
        any = true;
        s.remove_prefix(u);
    }
    if (!any) return std::nullopt;
    return spell_ms(total);
}

}  // namespace

const Option* find(Scope scope, std::string_view name) {
    const auto& v = index();
    auto it = std::lower_bound(v.begin(), v.end(), Key{scope, name},
                               [](const Option* o, const Key& k) { return Key{o->scope, o->name} < k; });
    return it != v.end() && (*it)->scope == scope && (*it)->name == name ? *it : nullptr;
}

const Option* find_elsewhere(std::string_view name, Scope not_in) {
    for (Scope s : {Scope::Cluster, Scope::Resource, Scope::Clone, Scope::Promotable, Scope::Operation,
                    Scope::FenceDevice})
        if (s != not_in)
            if (const Option* o = find(s, name)) return o;
    return nullptr;
}

std::vector<std::string_view> names(Scope scope) {
    std::vector<std::string_view> v;
    for (const Option& o : all())
        if (o.scope == scope) v.push_back(o.name);
    return v;
}

std::string_view scope_name(Scope scope) {
    switch (scope) {
        case Scope::Cluster: return "cluster property";
        case Scope::FenceDevice: return "fence device parameter";
        case Scope::Resource: return "resource meta attribute";
        case Scope::Clone: return "clone meta attribute";
        case Scope::Promotable: return "promotable clone meta attribute";
        case Scope::Operation: return "operation attribute";
    }
    return {};
}

std::string_view type_name(Type type) {
    switch (type) {
        case Type::Boolean: return "boolean";
        case Type::Integer: return "integer";
        case Type::Score: return "score";
        case Type::Duration: return "duration";
        case Type::Enum: return "enum";
        case Type::Percentage: return "percentage";
        case Type::TimeSpec: return "timespec";
        case Type::String: return "string";
    }
    return {};
}

std::optional<long long> duration_ms(std::string_view s) {
    if (auto iso = iso_duration_ms(s)) return iso;
    std::size_t d = 0;
    while (d < s.size() && s[d] >= '0' && s[d] <= '9') ++d;
    if (d == 0 || d > 15) return std::nullopt;
    long long n = std::stoll(std::string(s.substr(0, d)));
    if (d == s.size()) return n * 1000;  // no unit: seconds
    const Unit* u = find_unit(s.substr(d));
    if (!u) return std::nullopt;
    return n * u->num / u->den;
}

bool is_false(std::string_view value) {
    for (std::string_view w : {"false", "no", "off", "n", "0"})
        if (iequals(value, w)) return true;
    return false;
}

Verdict judge(const Option& option, std::string_view value) {
    Verdict v;
    switch (option.type) {
        case Type::Boolean: {
            for (std::string_view w : {"true", "false", "yes", "no", "on", "off", "y", "n", "1", "0"})
                if (iequals(value, w)) return v;
            v.expected = "true or false (Pacemaker also reads yes/no, on/off, y/n and 1/0)";
            v.suggestion = suggest(value, {"true", "false"});
            break;
        }
        case Type::Integer:
        case Type::Score: {
            if (is_integer(value) || is_infinity(value)) return v;
            v.expected = option.type == Type::Score ? "a score (an integer, INFINITY or -INFINITY)"
                                                    : "an integer (or INFINITY, -INFINITY)";
            v.suggestion = near_infinity(value);
            break;
        }
        case Type::Duration: {
            if (duration_ms(value)) return v;
            v.expected = "a duration, a whole number with one unit, like 500ms, 30s, 5min or 2h (units ms, msec, "
                         "us, usec, s, sec, m, min, h, hr; no unit means seconds), or ISO 8601 like PT90S";
            v.suggestion = repair_duration(value);
            break;
        }
        case Type::Enum: {
            for (std::string_view w : option.values)
                if (iequals(value, w)) return v;
            v.expected = "one of " + join(option.values);
            v.suggestion = suggest(value, {option.values.begin(), option.values.end()});
            break;
        }
        case Type::Percentage: {
            if (value.size() > 1 && value.back() == '%' && all_digits(value.substr(0, value.size() - 1))) return v;
            v.expected = "a percentage, like 80%";
            if (all_digits(value)) v.suggestion = std::string(value) + "%";
            break;
        }
        case Type::TimeSpec: {
            if (is_timespec(value)) return v;
            v.expected = "an ISO 8601 date and time, like 2026-01-01T02:00:00";
            break;
        }
        case Type::String: return v;
    }
    v.ok = false;
    return v;
}

}  // namespace aa::options
