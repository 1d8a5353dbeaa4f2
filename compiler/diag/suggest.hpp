// "Did you mean": the closest candidate by edit distance, when it is close enough to be a typo.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aa {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word`, if at most max(1, len/3) edits away (ties: the first listed).
std::optional<std::string> suggest(std::string_view word, const std::vector<std::string_view>& candidates);

template <class Range>
std::optional<std::string> suggest_from(std::string_view word, const Range& range) {
    std::vector<std::string_view> c;
    for (const auto& x : range) c.emplace_back(x);
    return suggest(word, c);
}

}  // namespace aa
