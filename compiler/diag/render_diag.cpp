// The one place diagnostics become text.
#include <fmt/format.h>

#include "compiler/diag/diag.hpp"
#include "compiler/util/escape.hpp"

namespace aa {
namespace {

struct Style {
    bool on;
    std::string paint(std::string_view code, std::string_view text) const {
        return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
    }
};

// Printable form of one source line: tabs become a space so carets line up; other control
// characters are escaped (escape_for_terminal), and `start`/`len` (the caret) move with them.
std::string printable(std::string_view line, std::size_t& start, std::size_t& len) {
    std::string out;
    std::size_t new_start = start, new_len = len;
    for (std::size_t i = 0; i < line.size();) {
        std::size_t next = i + 1;
        if (line[i] == '\t') {
            out += ' ';
        } else {
            bool c1 = static_cast<unsigned char>(line[i]) == 0xc2 && i + 1 < line.size() &&
                      first_control_char(line.substr(i, 2)) == 0;
            if (c1) next = i + 2;
            std::string shown = escape_for_terminal(line.substr(i, next - i));
            out += shown;
            std::size_t grow = shown.size() - (next - i);
            if (i < start) new_start += grow;
            else if (i < start + len) new_len += grow;
        }
        i = next;
    }
    start = new_start;
    len = new_len;
    return out;
}

void render_snippet(std::string& out, const Diagnostic& d, const SourceSet& sources, const Style& st,
                    std::string_view caret_color) {
    const SourceFile& f = sources.file(d.span.file);
    std::string_view line = f.line_text(d.span.line);
    std::string gutter = std::to_string(d.span.line);
    std::string pad(gutter.size(), ' ');
    // Very long lines are cut around the span so the caret stays readable.
    std::size_t col = d.span.column - 1;
    std::size_t cut = 0;
    if (line.size() > 200 && col > 80) cut = col - 40;
    std::size_t start = col - cut;
    std::size_t len = std::max<std::size_t>(1, d.span.length);
    std::string shown = printable(line.substr(std::min(cut, line.size()), 200), start, len);
    // A span that runs past the end of its first line is underlined to the line end.
    if (start + len > shown.size()) len = shown.size() > start ? shown.size() - start : 1;
    out += fmt::format("{} {}\n", pad, st.paint("1;34", "|"));
    out += fmt::format("{} {} {}\n", st.paint("1;34", gutter), st.paint("1;34", "|"), shown);
    out += fmt::format("{} {} {}{}\n", pad, st.paint("1;34", "|"), std::string(start, ' '),
                       st.paint(caret_color, std::string(len, '^')));
}

}  // namespace

std::string render(const std::vector<Diagnostic>& diags, const SourceSet& sources, RenderOptions opts) {
    Style st{opts.color};
    std::string out;
    for (const Diagnostic& d : diags) {
        bool err = d.severity == Severity::Error;
        std::string_view color = err ? "1;31" : "1;33";
        std::string where;
        if (d.span.valid())
            where = fmt::format("{}:{}:{}: ", sources.file(d.span.file).path, d.span.line, d.span.column);
        else if (!d.path.empty())
            where = d.path + ": ";
        std::string head = fmt::format("{}[{}]", err ? "error" : "warning", d.code);
        out += fmt::format("{}{}: {}\n", st.paint("1", escape_for_terminal(where)), st.paint(color, head),
                           st.paint("1", escape_for_terminal(d.message)));
        if (d.span.valid()) render_snippet(out, d, sources, st, color);
        for (const Note& n : d.notes) {
            if (n.span.valid())
                out += fmt::format("  {}: {} ({}:{}:{})\n", st.paint("1;36", "note"), escape_for_terminal(n.message),
                                   escape_for_terminal(sources.file(n.span.file).path), n.span.line, n.span.column);
            else
                out += fmt::format("  {}: {}\n", st.paint("1;36", "note"), escape_for_terminal(n.message));
        }
        if (d.fixit) out += fmt::format("  {}: did you mean `{}`?\n", st.paint("1;32", "help"), escape_for_terminal(d.fixit->replacement));
    }
    return out;
}

}  // namespace aa
