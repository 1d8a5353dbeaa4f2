#include "compiler/diag/diag.hpp"

#include <algorithm>
#include <tuple>

namespace aa {

Diagnostic& Diagnostics::error(std::string code, Span span, std::string message) {
    return add(Diagnostic{Severity::Error, std::move(code), span, std::move(message), {}, {}, {}});
}

Diagnostic& Diagnostics::warning(std::string code, Span span, std::string message) {
    return add(Diagnostic{Severity::Warning, std::move(code), span, std::move(message), {}, {}, {}});
}

Diagnostic& Diagnostics::add(Diagnostic d) {
    ++(d.severity == Severity::Error ? errors_ : warnings_);
    if (items_.size() >= max_kept) {
        ++dropped_;
        discarded_ = std::move(d);
        return discarded_;
    }
    items_.push_back(std::move(d));
    return items_.back();
}

std::vector<Diagnostic> Diagnostics::sorted() const {
    std::vector<Diagnostic> out = items_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        // Diagnostics without a location (missing file, missing cluster) come first.
        return std::tuple(a.span.valid(), a.span.file, a.span.offset, a.code) <
               std::tuple(b.span.valid(), b.span.file, b.span.offset, b.code);
    });
    return out;
}

std::string summary(const Diagnostics& diags) {
    auto plural = [](std::size_t n, const char* word) {
        return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
    };
    std::string out;
    if (diags.error_count()) out = plural(diags.error_count(), "error");
    if (diags.warning_count()) out += (out.empty() ? "" : ", ") + plural(diags.warning_count(), "warning");
    if (diags.dropped())
        out += " (" + plural(diags.dropped(), "diagnostic") + " not shown: the first " +
               std::to_string(Diagnostics::max_kept) + " are)";
    return out;
}

}  // namespace aa
