#include "compiler/diag/source.hpp"

#include <algorithm>

namespace aa {

std::string_view SourceFile::line_text(std::uint32_t line) const {
    if (line == 0 || line > line_starts.size()) return {};
    std::size_t begin = line_starts[line - 1];
    std::size_t end = line < line_starts.size() ? line_starts[line] : text.size();
    std::string_view s(text.data() + begin, end - begin);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::uint32_t SourceSet::add(std::string path, std::string text) {
    SourceFile f{std::move(path), std::move(text), {0}};
    for (std::uint32_t i = 0; i < f.text.size(); ++i)
        if (f.text[i] == '\n') f.line_starts.push_back(i + 1);
    // A trailing newline does not open a new line worth reporting on.
    if (f.line_starts.size() > 1 && f.line_starts.back() == f.text.size()) f.line_starts.pop_back();
    files_.push_back(std::move(f));
    return static_cast<std::uint32_t>(files_.size() - 1);
}

Span SourceSet::span_at(std::uint32_t index, std::uint32_t offset, std::uint32_t length) const {
    const SourceFile& f = files_.at(index);
    auto it = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
    auto line = static_cast<std::uint32_t>(it - f.line_starts.begin());
    if (line == 0) line = 1;
    return Span{index, offset, line, offset - f.line_starts[line - 1] + 1, length};
}

}  // namespace aa
