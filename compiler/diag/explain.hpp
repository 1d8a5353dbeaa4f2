// Long explanations of diagnostic codes, embedded from docs/errors/*.md at build time.
#pragma once
#include <optional>
#include <string_view>
#include <vector>

namespace aa {

struct ExplainEntry {
    std::string_view code;
    std::string_view text;
};

const std::vector<ExplainEntry>& explain_table();

inline std::optional<std::string_view> explain(std::string_view code) {
    for (const ExplainEntry& e : explain_table())
        if (e.code == code) return e.text;
    return std::nullopt;
}

}  // namespace aa
