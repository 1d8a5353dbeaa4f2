// Spec generators for property tests, fuzz seeds and benchmarks.
//
// gen_valid_spec_text() produces specs the checker must accept without errors: one cluster
// (1-5 nodes), optional defaults, 0-6 services (unit or agent; params only on agents), monitors
// with distinct intervals and timeouts no longer than the interval, clones whose max fits the
// nodes left after `avoid`, prefer/avoid on distinct nodes, orders along one random ranking of
// the services (so never a cycle), colocations on distinct pairs, and routes for cloned
// services that name a server on every node. Free layout: statements inside blocks in random
// order, random whitespace, comments, blank lines, sometimes CRLF line ends.
#pragma once
#include <string>

#include <rapidcheck.h>

namespace aa::test {

struct SpecGenOptions {
    // Emit exactly the layout `aa fmt` prints (canonical order, single spaces, blank lines only
    // between top-level statements), so the AST of the text equals the AST of its formatting.
    bool canonical = false;
};

rc::Gen<std::string> gen_valid_spec_text(SpecGenOptions options = {});

// One of examples/*.aa with 1-6 random byte edits: insert, delete, replace or duplicate a span.
rc::Gen<std::string> gen_mutated_example();

// Deterministic spec of `services` cloned services with monitors, chained by order and colocate
// constraints (about 100 bytes per service); for benchmarks.
std::string generate_large_spec(int services);

}  // namespace aa::test
