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

// After a statement that could not be parsed: the next line that starts a top-level keyword, or,
// once the braces the broken statement opened are closed again, the next line that starts with a
// word in the first column (an unknown block after an unknown block is reported too). Braces in
// strings and comments do not count.
const char* resync(const char* text_begin, const char* attempt, const char* at, const char* end) {
    bool line_start = at == text_begin || at[-1] == '\n';
    if (line_start && at > attempt && starts_top_keyword(at, end)) return at;
    int depth = 0;
    bool in_string = false;
    for (const char* p = attempt; p < end; ++p) {
        char c = *p;
        if (in_string) {
            if (c == '\\' && p + 1 < end && p[1] != '\n') ++p;
            else if (c == '"' || c == '\n') in_string = false;
            if (c != '\n') continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '#') {
            const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
            if (!nl) return end;
            p = static_cast<const char*>(nl) - 1;
        } else if (c == '{') {
            ++depth;
        } else if (c == '}') {
            if (depth > 0) --depth;
        } else if (c == '\n' && p + 1 < end && p + 1 > at) {
            const char* next = p + 1;
            if (starts_top_keyword(next, end)) return next;
            if (depth == 0 && is_word_char(*next) && *next != '-' && *next != '.') return next;
        }
    }
    return end;
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
