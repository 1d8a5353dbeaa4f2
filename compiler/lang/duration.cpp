#include "compiler/lang/duration.hpp"

#include <limits>

namespace aa {
namespace {

std::optional<std::int64_t> unit_ms(std::string_view unit) {
    if (unit == "ms") return 1;
    if (unit == "s") return 1000;
    if (unit == "m") return 60 * 1000;
    if (unit == "h") return 60 * 60 * 1000;
    return std::nullopt;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_bare_integer(std::string_view text) {
    if (!text.empty() && text.front() == '-') text.remove_prefix(1);
    if (text.empty()) return false;
    for (char c : text)
        if (!is_digit(c)) return false;
    return true;
}

std::optional<std::int64_t> duration_ms(std::string_view text) {
    bool negative = !text.empty() && text.front() == '-';
    if (negative) text.remove_prefix(1);
    std::size_t digits = 0;
    while (digits < text.size() && is_digit(text[digits])) ++digits;
    if (digits == 0) return std::nullopt;
    std::optional<std::int64_t> scale = unit_ms(text.substr(digits));
    if (!scale) return std::nullopt;
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    std::int64_t n = 0;
    for (char c : text.substr(0, digits)) {
        if (n > (max - (c - '0')) / 10) return std::nullopt;
        n = n * 10 + (c - '0');
    }
    if (n > max / *scale) return std::nullopt;
    n *= *scale;
    return negative ? -n : n;
}

}  // namespace aa

namespace aa {
namespace {

std::optional<double> unit_of(std::string_view u) {
    std::string l;
    for (char c : u) l += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (l == "ms" || l == "msec" || l == "msecs") return 1;
    if (l == "s" || l == "sec" || l == "secs" || l == "second" || l == "seconds") return 1000;
    if (l == "m" || l == "min" || l == "mins" || l == "minute" || l == "minutes") return 60000;
    if (l == "h" || l == "hr" || l == "hrs" || l == "hour" || l == "hours") return 3600000;
    return std::nullopt;
}

}  // namespace

std::optional<std::string> repair_duration(std::string_view s) {
    double total = 0;
    bool any = false;
    while (!s.empty()) {
        std::size_t d = 0;
        while (d < s.size() && ((s[d] >= '0' && s[d] <= '9') || s[d] == '.')) ++d;
        std::size_t u = d;
        while (u < s.size() && ((s[u] >= 'a' && s[u] <= 'z') || (s[u] >= 'A' && s[u] <= 'Z'))) ++u;
        if (d == 0 || d > 12 || u == d) return std::nullopt;
        std::optional<double> scale = unit_of(s.substr(d, u - d));
        if (!scale) return std::nullopt;
        double n = 0;
        try {
            n = std::stod(std::string(s.substr(0, d)));
        } catch (...) {
            return std::nullopt;
        }
        total += n * *scale;
        any = true;
        s.remove_prefix(u);
    }
    if (!any || total > 9e15) return std::nullopt;
    auto ms = static_cast<long long>(total + 0.5);
    if (ms != 0 && ms % 3600000 == 0) return std::to_string(ms / 3600000) + "h";
    if (ms != 0 && ms % 60000 == 0) return std::to_string(ms / 60000) + "m";
    if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

}  // namespace aa
