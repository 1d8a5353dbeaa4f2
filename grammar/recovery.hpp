// Where parsing resumes after a syntax error. Internal to grammar/.
#pragma once

namespace aa::grammar {

// Does the text at `p` (a line start) begin with a top-level keyword?
bool starts_top_keyword(const char* p, const char* end);

// Where the top level resumes after an error at `at` (the parse attempt began at `attempt`):
// the next line that starts with a top-level keyword, or `at` itself when an unclosed block
// ran into such a line. Always after `attempt`, so the parse makes progress.
const char* resync(const char* text_begin, const char* attempt, const char* at, const char* end);

}  // namespace aa::grammar
