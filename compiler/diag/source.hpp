// Source files and spans: every AST node points back into the text it came from.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aa {

// A region of one source file. Lines and columns are 1-based; column counts bytes.
struct Span {
    std::uint32_t file = 0;
    std::uint32_t offset = 0;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint32_t length = 0;

    bool valid() const { return line != 0; }
    friend bool operator==(const Span&, const Span&) = default;
};

struct SourceFile {
    std::string path;
    std::string text;
    std::vector<std::uint32_t> line_starts;  // byte offset of each line

    std::string_view line_text(std::uint32_t line) const;  // without the line end
};

// All files of one spec. File index 0.. is what Span::file refers to.
class SourceSet {
public:
    std::uint32_t add(std::string path, std::string text);
    const SourceFile& file(std::uint32_t index) const { return files_.at(index); }
    std::size_t size() const { return files_.size(); }
    // A span for `length` bytes at byte `offset` of file `index`.
    Span span_at(std::uint32_t index, std::uint32_t offset, std::uint32_t length) const;

private:
    std::vector<SourceFile> files_;
};

}  // namespace aa
