// Diagnostics are values: collected during a run, sorted, and rendered in one place (render.cpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/source.hpp"

namespace aa {

enum class Severity { Error, Warning };

// A secondary location or remark attached to a diagnostic ("note: first declared here").
struct Note {
    std::string message;
    Span span;  // may be invalid: then the note has no location
};

// A suggested replacement for the primary span ("did you mean `parallel-safe`?").
struct FixIt {
    std::string replacement;
};

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;  // "E030", "W001"; documented in docs/errors/CODE.md
    Span span;         // invalid span: the diagnostic is about a whole file or the run
    std::string message;
    std::vector<Note> notes;
    std::optional<FixIt> fixit;
    std::string path;  // only for diagnostics without a span (file not found, ...)
};

// Keeps the first `max_kept` diagnostics and counts the rest: a hostile spec with one error per
// line must not hold (and print) hundreds of thousands of messages.
class Diagnostics {
public:
    static constexpr std::size_t max_kept = 1000;

    Diagnostic& error(std::string code, Span span, std::string message);
    Diagnostic& warning(std::string code, Span span, std::string message);
    Diagnostic& add(Diagnostic d);

    bool has_errors() const { return errors_ > 0; }
    std::size_t error_count() const { return errors_; }
    std::size_t warning_count() const { return warnings_; }
    // Counted but not kept, beyond max_kept.
    std::size_t dropped() const { return dropped_; }
    bool empty() const { return items_.empty(); }
    const std::vector<Diagnostic>& items() const { return items_; }
    // Sorted by file, then position, then code; stable for equal keys.
    std::vector<Diagnostic> sorted() const;

private:
    std::vector<Diagnostic> items_;
    std::size_t errors_ = 0;
    std::size_t warnings_ = 0;
    std::size_t dropped_ = 0;
    Diagnostic discarded_;  // what error() returns once max_kept are kept: notes added to it go nowhere
};

struct RenderOptions {
    bool color = false;
};

// FILE:LINE:COL: error[E0NN]: message, the source line, a caret line under the span, notes.
std::string render(const std::vector<Diagnostic>& diags, const SourceSet& sources, RenderOptions opts = {});
// "2 errors, 1 warning" or "" when there are none.
std::string summary(const Diagnostics& diags);

}  // namespace aa
