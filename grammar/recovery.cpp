// Where parsing resumes after a syntax error: the line-level skip inside a block
// (rules::skip_broken_item) and the statement-level resync of parse(). Both only move
// forward and look at each byte a bounded number of times: broken input stays linear.
#include "grammar/recovery.hpp"

#include <cstring>
#include <string_view>

#include "compiler/lang/vocabulary.hpp"
#include "grammar/rules.hpp"

namespace aa::grammar {
namespace {

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
           c == '-';
}

const char* next_line(const char* p, const char* end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    return nl ? static_cast<const char*>(nl) + 1 : end;
}

}  // namespace

bool starts_top_keyword(const char* p, const char* end) {
    const char* q = p;
    while (q != end && is_word_char(*q)) ++q;
    std::string_view word(p, static_cast<std::size_t>(q - p));
    for (std::string_view k : vocab::top_level)
        if (word == k) return true;
    return false;
}

const char* resync(const char* text_begin, const char* attempt, const char* at, const char* end) {
    bool line_start = at == text_begin || at[-1] == '\n';
    if (line_start && at > attempt && starts_top_keyword(at, end)) return at;
    const char* p = next_line(at, end);
    while (p != end && !starts_top_keyword(p, end)) p = next_line(p, end);
    return p;
}

// After a broken block item: skip the rest of its line, and the whole block it opened if its
// line has an unmatched `{`. Stops before a `}` that closes the enclosing block, and at a line
// starting with a top-level keyword (the enclosing block then reports its missing `}`).
const char* rules::skip_broken_item(const char* item_begin, const char* error_at, const char* end) {
    int depth = 0;
    for (const char* p = item_begin; p < error_at; ++p) {
        if (*p == '{') ++depth;
        else if (*p == '}' && depth > 0) --depth;
    }
    for (const char* p = error_at; p < end; ++p) {
        if (*p == '{') {
            ++depth;
        } else if (*p == '}') {
            if (depth == 0) return p;
            --depth;
        } else if (*p == '\n') {
            if (depth == 0 || (p + 1 != end && starts_top_keyword(p + 1, end))) return p + 1;
        }
    }
    return end;
}

}  // namespace aa::grammar
