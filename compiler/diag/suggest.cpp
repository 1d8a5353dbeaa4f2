#include "compiler/diag/suggest.hpp"

#include <algorithm>
#include <numeric>

namespace aa {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Damerau (adjacent transposition) variant: "sevrice" is one edit from "service".
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

std::optional<std::string> suggest(std::string_view word, const std::vector<std::string_view>& candidates) {
    if (word.size() > 64) return std::nullopt;  // not a typo; keep the quadratic table small
    std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
    std::optional<std::string> best;
    std::size_t best_d = limit + 1;
    for (std::string_view c : candidates) {
        if (c == word) continue;
        std::size_t dist = edit_distance(word, c);
        if (dist < best_d) {
            best_d = dist;
            best = std::string(c);
        }
    }
    return best;
}

}  // namespace aa
