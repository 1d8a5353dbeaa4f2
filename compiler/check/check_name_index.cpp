// NameIndex: the checker's name -> index table (open addressing, linear probing, views as keys).
#include <functional>

#include "compiler/check/check_context.hpp"

namespace aa::checker {

void NameIndex::reserve(std::size_t n) {
    while (slots_.size() < 2 * n) grow();
}

std::size_t NameIndex::slot_of(std::string_view name) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = std::hash<std::string_view>{}(name) & mask;
    while (slots_[at].second != 0 && slots_[at].first != name) at = (at + 1) & mask;
    return at;
}

std::optional<std::size_t> NameIndex::find(std::string_view name) const {
    if (slots_.empty()) return std::nullopt;
    const auto& slot = slots_[slot_of(name)];
    if (slot.second == 0) return std::nullopt;
    return slot.second - 1;
}

std::size_t NameIndex::insert(std::string_view name, std::size_t index) {
    if (2 * (used_ + 1) > slots_.size()) grow();
    auto& slot = slots_[slot_of(name)];
    if (slot.second != 0) return slot.second - 1;
    slot = {name, static_cast<std::uint32_t>(index + 1)};
    ++used_;
    return index;
}

void NameIndex::grow() {
    std::vector<std::pair<std::string_view, std::uint32_t>> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(16, old.size() * 2), {std::string_view{}, 0});
    for (const auto& s : old)
        if (s.second != 0) slots_[slot_of(s.first)] = s;
}

}  // namespace aa::checker
