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
