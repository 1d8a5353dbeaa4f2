// The syntax tree of a behaviour-test file (`*.aatest`, docs/testing.md), exactly as written:
// spans on every word, comments kept, so `aa fmt` prints it back and the checker points at it.
// A test is a sequence of statements whose order matters: `given` (the starting state), `when`
// (an event; the cluster reacts to each in turn), `expect` (checked against the state after the
// events before it) and `golden` (the whole placement, recorded beside the file).
#pragma once
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "compiler/lang/ast.hpp"

namespace aa::ast {

// given NAME down|standby|maintenance | given NAME attribute K = V | given SERVICE failed on NODE [count N]
// when NAME down|up|standby|unstandby|maintenance|unmaintenance | when NAME attribute K = V
// when SERVICE fails on NODE [count N]
struct StateStmt : Node {
    Ident keyword;  // given | when
    Ident subject;  // a node, or the service for failed/fails
    Ident state;    // the word after the subject
    std::optional<Ident> key;    // attribute
    std::optional<Value> value;  // attribute
    std::optional<Ident> node;   // failed/fails on NODE
    std::optional<Value> count;  // failed/fails ... count N
    std::vector<Value> words;    // every word as written, for `aa fmt`
};

struct ExpectStmt : Node {
    enum class Kind {
        On,             // expect SERVICE [ROLE] on NODE...
        NotOn,          // expect SERVICE [ROLE] not on NODE...
        Stopped,        // expect SERVICE stopped
        Count,          // expect SERVICE (at least|at most|exactly) N instances
        NothingStopped, // expect nothing stopped
        RouteReady,     // expect route SERVICE ready SERVER...
        RouteCount,     // expect route SERVICE at least N ready
        Action,         // expect [no] ACTION of SERVICE [on NODE]
    };
    Kind kind = Kind::On;
    Ident keyword;
    std::optional<Ident> service;
    std::optional<Ident> role;     // promoted | unpromoted
    std::string comparison;        // "at least" | "at most" | "exactly" (Count, RouteCount)
    std::optional<Value> count;
    bool negated = false;          // `no` before the action
    std::optional<Ident> action;   // start | stop | restart | move | promote | demote
    std::vector<Ident> names;      // nodes (On, NotOn, Action), servers (RouteReady)
    std::vector<Value> words;      // every word as written, for `aa fmt`
};

struct GoldenStmt : Node {
    Ident keyword;
};

using TestItem = std::variant<StateStmt, ExpectStmt, GoldenStmt>;

struct Test : Node {
    Ident keyword;
    Value name;  // String
    std::vector<TestItem> items;
    std::vector<Comment> end_comments;
};

struct TestFile {
    std::uint32_t source = 0;
    std::vector<Test> tests;
    std::vector<Comment> end_comments;
};

}  // namespace aa::ast
