// libFuzzer target for the front end: load_text + check + render + format_file on arbitrary bytes.
// Beyond "no crash" it checks two oracles and traps when one fails:
//   - the front end ends with a model or with at least one error, never neither or both;
//   - text that parses cleanly formats to a fixed point that still parses cleanly.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/check/check.hpp"
#include "compiler/diag/diag.hpp"
#include "compiler/format/format.hpp"
#include "compiler/lang/load.hpp"

namespace {

struct Outcome {
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::File file;
    bool has_model = false;
};

void run(Outcome& o, const std::string& text) {
    o.file = aa::load_text("fuzz.aa", text, o.sources, o.diags);
    if (o.diags.has_errors()) return;
    aa::ast::Spec spec;
    spec.files.push_back(o.file);
    o.has_model = aa::check(spec, o.sources, o.diags).has_value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    Outcome first;
    run(first, text);
    if (first.has_model == first.diags.has_errors()) __builtin_trap();
    (void)aa::render(first.diags.sorted(), first.sources);
    std::string once = aa::format_file(first.file, first.sources);
    if (first.diags.has_errors()) return 0;

    // Parsed without errors: the formatted text must parse too, and format to itself.
    aa::SourceSet sources;
    aa::Diagnostics diags;
    aa::ast::File again = aa::load_text("fuzz.aa", once, sources, diags);
    if (diags.has_errors()) __builtin_trap();
    if (aa::format_file(again, sources) != once) __builtin_trap();
    return 0;
}
