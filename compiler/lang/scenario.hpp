// A checked behaviour test: every name resolved against the spec's model. Produced by
// check_tests() (compiler/check/check_scenario.hpp), run by runtime/scenario_run.hpp.
#pragma once
#include <string>
#include <vector>

#include "compiler/diag/source.hpp"

namespace aa::scenario {

// A change to the cluster: a starting condition (`given`) or an event (`when`).
struct Event {
    enum class Kind { NodeDown, NodeUp, Standby, Unstandby, Maintenance, Unmaintenance, Attribute, Failure };
    Kind kind = Kind::NodeDown;
    std::string node;     // the node (for Failure: where the service fails)
    std::string service;  // Failure: the service (primitive id)
    std::string key, value;  // Attribute
    int count = 1;           // Failure: how many failures
    std::string text;        // the statement as written, for reports
    Span span;
};

struct Expectation {
    enum class Kind { On, NotOn, Stopped, Count, NothingStopped, RouteReady, RouteCount, Action };
    Kind kind = Kind::On;
    std::string service;      // primitive id
    std::string resource;     // top-level CIB id (the clone's when cloned)
    std::string role;         // "", "promoted", "unpromoted"
    std::string comparison;   // "at least" | "at most" | "exactly"
    int count = 0;
    bool negated = false;
    std::string action;       // start stop restart move promote demote
    std::vector<std::string> names;  // nodes; RouteReady: servers
    std::string text;         // the statement as written (canonical spacing)
    Span span;
};

// What happens between two events: the event (none for the first stage: the cluster settling
// into its starting state), then the expectations written after it.
struct Stage {
    bool has_event = false;
    Event event;
    std::vector<Expectation> expectations;
};

struct Scenario {
    std::string name;
    std::string file;  // the .aatest path
    Span span;         // the `test` header
    std::vector<Event> given;
    std::vector<Stage> stages;  // stages[0] has no event
    bool golden = false;
    Span golden_span;
};

}  // namespace aa::scenario
