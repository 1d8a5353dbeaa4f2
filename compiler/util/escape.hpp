// Control characters from a spec or a CIB never reach a terminal raw: an ESC in a cluster name
// could erase the lines of a plan a reviewer reads. Every printer (plans, diagnostics, explain,
// drift, import's notes) passes values through escape_for_terminal().
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace aa {

// C0 controls (below 0x20), DEL, and the C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F).
// The byte offset of the first one in `text` (npos when none). Tab counts: values never need one.
std::size_t first_control_char(std::string_view text);

// The control character at `at` in words, for diagnostics: "ESC (U+001B)".
std::string describe_control_char(std::string_view text, std::size_t at);

// `text` with every control character written as an escape: \n \r \t \e, \xHH for other C0
// and DEL, \u0080..\u009f for C1. Everything else (UTF-8 included) is unchanged. With
// `keep_newlines`, line ends stay (for whole multi-line texts: a plan, an explanation).
std::string escape_for_terminal(std::string_view text, bool keep_newlines = false);

// True when escape_for_terminal(text) == text, without building the copy.
inline bool printable_as_is(std::string_view text) { return first_control_char(text) == std::string_view::npos; }

}  // namespace aa
