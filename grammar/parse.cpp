// The driver: runs the grammar over a file; after a syntax error, reports it, keeps what the
// open block had, and runs the grammar again from the next top-level statement.
#include "grammar/parse.hpp"

#include <exception>

#include "grammar/builder.hpp"
#include "grammar/recovery.hpp"

namespace aa::grammar {

ast::File parse(const SourceSet& sources, std::uint32_t source, Diagnostics& diags) {
    ast::File file;
    file.source = source;
    try {
        Builder b(sources, source, diags, file);
        const std::string& text = sources.file(source).text;
        const char* begin = text.data();
        const char* end = begin + text.size();
        const char* cur = begin;
        if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) cur += 3;  // a UTF-8 byte order mark is not content
        while (cur != end) {
            try {
                run_grammar(cur, end, b);
                break;
            } catch (const SyntaxError& e) {
                b.report(e);
                b.close_open_blocks(e.at);
                cur = resync(begin, cur, e.at, end);
            }
        }
        b.finish();
    } catch (const Builder::TooManyErrors&) {
        // Reported by the builder; the statements parsed so far stay in `file`.
    } catch (const std::exception& e) {
        // Only resource exhaustion gets here; say so rather than crash.
        diags.error("E001", Span{}, std::string("the parser stopped: ") + e.what()).path = sources.file(source).path;
    }
    return file;
}

}  // namespace aa::grammar
