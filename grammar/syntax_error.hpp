// The signal a grammar rule throws when the parse cannot go on. It is caught inside grammar/
// (by the line-level recovery or by parse()) and turned into a Diagnostic; it never leaves parse().
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace aa::grammar {

struct SyntaxError {
    enum class Kind {
        Expected,  // E001: the message names what was expected
        Unknown,   // E002: an unknown statement or option word
        Unclosed,  // E001: a block is still open (end of file, or a top-level keyword inside it)
    };
    Kind kind = Kind::Expected;
    const char* at = nullptr;  // where the parse could not go on
    std::size_t length = 1;
    std::string message;
    std::optional<std::string> fixit;

    // An unclosed block cannot be repaired by skipping a line: recovery resumes at the top level.
    bool fatal() const { return kind == Kind::Unclosed; }
};

}  // namespace aa::grammar
