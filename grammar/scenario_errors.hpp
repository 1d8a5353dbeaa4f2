// What each must<> point of the test-file grammar expected, in words (the E001 messages of
// `*.aatest` files). Same mechanism as errors.hpp: a must<> target without an entry does not compile.
#pragma once
#include "grammar/errors.hpp"
#include "grammar/scenario_rules.hpp"

namespace aa::grammar {

#define AA_SCENARIO_EXPECT(RULE, TEXT, CLOSES)           \
    template <>                                          \
    struct error_message<RULE> {                         \
        static constexpr std::string_view text = TEXT;   \
        static constexpr bool closes_block = CLOSES;     \
    }

namespace s = scenario_rules;

AA_SCENARIO_EXPECT(s::top_expected, "expected a test: test \"NAME\" { ... }", false);
AA_SCENARIO_EXPECT(s::test_name, "expected the test's name in quotes after `test`, like test \"node-02 down\"", false);
AA_SCENARIO_EXPECT(s::test_open, "expected `{` after the test's name", false);
AA_SCENARIO_EXPECT(s::test_item_expected, "expected `given`, `when`, `expect`, `golden` or `}` in the test", true);

AA_SCENARIO_EXPECT(s::given_subject, "expected a node (or a service, for `failed on NODE`) after `given`", false);
AA_SCENARIO_EXPECT(s::given_state, "expected a starting state: down, standby, maintenance, attribute K = V, or failed on NODE", false);
AA_SCENARIO_EXPECT(s::when_subject, "expected a node (or a service, for `fails on NODE`) after `when`", false);
AA_SCENARIO_EXPECT(s::when_event, "expected an event: down, up, standby, unstandby, maintenance, unmaintenance, "
                                  "attribute K = V, or fails on NODE", false);
AA_SCENARIO_EXPECT(s::attr_key, "expected an attribute name after `attribute`, like attribute rack = a", false);
AA_SCENARIO_EXPECT(s::attr_equals, "expected `=` after the attribute name", false);
AA_SCENARIO_EXPECT(s::attr_value, "expected a value after `=` (a word or a \"string\")", false);
AA_SCENARIO_EXPECT(s::kw_on, "expected `on NODE`", false);
AA_SCENARIO_EXPECT(s::fail_node, "expected the node the failure happens on", false);
AA_SCENARIO_EXPECT(s::fail_count, "expected a number after `count`, like count 3", false);

AA_SCENARIO_EXPECT(s::expect_what, "expected an expectation: SERVICE on NODE..., SERVICE at least N instances, "
                                   "nothing stopped, route SERVICE ready SERVER..., or [no] ACTION of SERVICE", false);
AA_SCENARIO_EXPECT(s::kw_stopped, "expected `stopped` after `nothing`", false);
AA_SCENARIO_EXPECT(s::route_service, "expected the routed service after `route`", false);
AA_SCENARIO_EXPECT(s::route_form, "expected `ready SERVER...` or `at least N ready` after the service", false);
AA_SCENARIO_EXPECT(s::server_word, "expected a server name of the route after `ready`", false);
AA_SCENARIO_EXPECT(s::kw_least, "expected `least` after `at`", false);
AA_SCENARIO_EXPECT(s::ready_count, "expected a number after `at least`, like at least 2 ready", false);
AA_SCENARIO_EXPECT(s::kw_ready, "expected `ready` after the number", false);
AA_SCENARIO_EXPECT(s::negated_action, "expected an action after `no`: start, stop, restart, move, promote or demote", false);
AA_SCENARIO_EXPECT(s::kw_of, "expected `of SERVICE` after the action, like no restart of api", false);
AA_SCENARIO_EXPECT(s::action_service, "expected a service name after `of`", false);
AA_SCENARIO_EXPECT(s::action_node, "expected a node name after `on`", false);
AA_SCENARIO_EXPECT(s::place_node, "expected a node name", false);
AA_SCENARIO_EXPECT(s::role_place, "expected `on NODE...` or `not on NODE...` after the role", false);
AA_SCENARIO_EXPECT(s::least_or_most, "expected `least` or `most` after `at`", false);
AA_SCENARIO_EXPECT(s::instance_count, "expected a number of instances, like at least 2 instances", false);
AA_SCENARIO_EXPECT(s::kw_instances, "expected `instances` after the number", false);
AA_SCENARIO_EXPECT(s::service_form, "expected what to expect of the service: on NODE..., not on NODE..., "
                                    "promoted on NODE..., stopped, at least/at most/exactly N instances", false);

#undef AA_SCENARIO_EXPECT

}  // namespace aa::grammar
