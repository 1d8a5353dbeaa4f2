// The PEGTL grammar of behaviour-test files (`*.aatest`, docs/testing.md). It shares the lexical
// rules, the keyword template, the "unknown word" and line-recovery rules of rules.hpp, and the
// word lists of compiler/lang/vocabulary.hpp; what each must<> point is called in an error
// message lives in scenario_errors.hpp. Same shape as the spec grammar: a statement is a line,
// after its keyword the rest is must<>, and the depth is fixed (file > test block).
#pragma once
#include "grammar/rules.hpp"

namespace aa::grammar::scenario_rules {

using namespace tao::pegtl;
using rules::eos;
using rules::gap_line;
using rules::kw;
using rules::name;
using rules::recover_line;
using rules::unknown_word;
using rules::ws;

// ---- keywords (those a must<> names are structs: each has its own error message) ----
using kw_test = kw<TAO_PEGTL_STRING("test")>;
using kw_given = kw<TAO_PEGTL_STRING("given")>;
using kw_when = kw<TAO_PEGTL_STRING("when")>;
using kw_expect = kw<TAO_PEGTL_STRING("expect")>;
using kw_golden = kw<TAO_PEGTL_STRING("golden")>;
using kw_down = kw<TAO_PEGTL_STRING("down")>;
using kw_up = kw<TAO_PEGTL_STRING("up")>;
using kw_standby = kw<TAO_PEGTL_STRING("standby")>;
using kw_unstandby = kw<TAO_PEGTL_STRING("unstandby")>;
using kw_maintenance = kw<TAO_PEGTL_STRING("maintenance")>;
using kw_unmaintenance = kw<TAO_PEGTL_STRING("unmaintenance")>;
using kw_attribute = kw<TAO_PEGTL_STRING("attribute")>;
using kw_failed = kw<TAO_PEGTL_STRING("failed")>;
using kw_fails = kw<TAO_PEGTL_STRING("fails")>;
struct kw_on : kw<TAO_PEGTL_STRING("on")> {};
using kw_count = kw<TAO_PEGTL_STRING("count")>;
using kw_nothing = kw<TAO_PEGTL_STRING("nothing")>;
struct kw_stopped : kw<TAO_PEGTL_STRING("stopped")> {};
using kw_route = kw<TAO_PEGTL_STRING("route")>;
struct kw_ready : kw<TAO_PEGTL_STRING("ready")> {};
using kw_at = kw<TAO_PEGTL_STRING("at")>;
struct kw_least : kw<TAO_PEGTL_STRING("least")> {};
using kw_most = kw<TAO_PEGTL_STRING("most")>;
using kw_exactly = kw<TAO_PEGTL_STRING("exactly")>;
struct kw_instances : sor<kw<TAO_PEGTL_STRING("instances")>, kw<TAO_PEGTL_STRING("instance")>> {};
using kw_no = kw<TAO_PEGTL_STRING("no")>;
struct kw_of : kw<TAO_PEGTL_STRING("of")> {};
using kw_not = kw<TAO_PEGTL_STRING("not")>;
using kw_promoted = kw<TAO_PEGTL_STRING("promoted")>;
using kw_unpromoted = kw<TAO_PEGTL_STRING("unpromoted")>;
using kw_start = kw<TAO_PEGTL_STRING("start")>;
using kw_stop = kw<TAO_PEGTL_STRING("stop")>;
using kw_restart = kw<TAO_PEGTL_STRING("restart")>;
using kw_move = kw<TAO_PEGTL_STRING("move")>;
using kw_promote = kw<TAO_PEGTL_STRING("promote")>;
using kw_demote = kw<TAO_PEGTL_STRING("demote")>;

// ---- word lists for "unknown ..." (E002) ----
struct top_words {
    static constexpr std::string_view what = "statement", where = " in a test file (use `test \"NAME\" { ... }`)";
    static constexpr const auto& list = vocab::test_top_level;
};
struct test_words {
    static constexpr std::string_view what = "statement", where = " in `test` (use given, when, expect or golden)";
    static constexpr const auto& list = vocab::test_items;
};
struct given_words {
    static constexpr std::string_view what = "starting state",
                                      where = " (use down, standby, maintenance, attribute K = V, or failed on NODE)";
    static constexpr const auto& list = vocab::given_states;
};
struct when_words {
    static constexpr std::string_view what = "event", where = " (use down, up, standby, unstandby, maintenance, "
                                                              "unmaintenance, attribute K = V, or fails on NODE)";
    static constexpr const auto& list = vocab::when_events;
};
struct expect_words {
    static constexpr std::string_view what = "expectation", where = " after the service";
    static constexpr const auto& list = vocab::expect_service_forms;
};
struct action_words {
    static constexpr std::string_view what = "action", where = " (use start, stop, restart, move, promote or demote)";
    static constexpr const auto& list = vocab::transition_actions;
};

// ---- given / when ----
struct attr_key : name {};
struct attr_equals : one<'='> {};
struct attr_value : sor<rules::string_lit, rules::word_value> {};
struct attribute_tail : seq<kw_attribute, ws, must<attr_key>, ws, must<attr_equals>, ws, must<attr_value>> {};
struct fail_node : name {};
struct fail_count : rules::count {};
struct count_clause : seq<kw_count, ws, must<fail_count>> {};
struct failure_tail : seq<ws, must<kw_on>, ws, must<fail_node>, opt<ws, count_clause>> {};

struct given_state : sor<kw_down, kw_standby, kw_maintenance, attribute_tail, seq<kw_failed, failure_tail>,
                         unknown_word<given_words>> {};
struct given_subject : name {};
struct given_body : seq<kw_given, ws, must<given_subject>, ws, must<given_state>> {};
struct given_stmt : seq<given_body, ws, must<eos>> {};

struct when_event : sor<kw_down, kw_up, kw_standby, kw_unstandby, kw_maintenance, kw_unmaintenance, attribute_tail,
                        seq<kw_fails, failure_tail>, unknown_word<when_words>> {};
struct when_subject : name {};
struct when_body : seq<kw_when, ws, must<when_subject>, ws, must<when_event>> {};
struct when_stmt : seq<when_body, ws, must<eos>> {};

// ---- expect ----
struct nothing_stopped : seq<kw_nothing, ws, must<kw_stopped>> {};

struct route_service : name {};
struct server_word : name {};
struct ready_count : rules::count {};
struct route_ready : seq<kw_ready, ws, must<server_word>, star<ws, server_word>> {};
struct route_at_least : seq<kw_at, ws, must<kw_least>, ws, must<ready_count>, ws, must<kw_ready>> {};
struct route_form : sor<route_ready, route_at_least> {};
struct expect_route : seq<kw_route, ws, must<route_service>, ws, must<route_form>> {};

struct action_kind : sor<kw_start, kw_stop, kw_restart, kw_move, kw_promote, kw_demote> {};
struct negated_action : sor<action_kind, unknown_word<action_words>> {};
struct action_service : name {};
struct action_node : name {};
struct action_tail : seq<ws, must<kw_of>, ws, must<action_service>, opt<ws, kw_on, ws, must<action_node>>> {};
struct expect_no_action : seq<kw_no, ws, must<negated_action>, action_tail> {};
struct expect_action : seq<action_kind, action_tail> {};

struct place_node : name {};
struct on_nodes : seq<kw_on, ws, must<place_node>, star<ws, place_node>> {};
struct not_on_nodes : seq<kw_not, ws, must<kw_on>, ws, must<place_node>, star<ws, place_node>> {};
struct role_place : sor<on_nodes, not_on_nodes> {};
struct role_form : seq<sor<kw_promoted, kw_unpromoted>, ws, must<role_place>> {};
struct instance_count : rules::count {};
struct least_or_most : sor<kw_least, kw_most> {};
struct count_form : sor<seq<kw_at, ws, must<least_or_most>>, kw_exactly> {};
struct count_tail : seq<count_form, ws, must<instance_count>, ws, must<kw_instances>> {};
struct service_form : sor<on_nodes, not_on_nodes, role_form, kw_stopped, count_tail, unknown_word<expect_words>> {};
struct expect_subject : name {};
struct expect_service : seq<expect_subject, ws, must<service_form>> {};

struct expect_what : sor<nothing_stopped, expect_route, expect_no_action, expect_action, expect_service> {};
struct expect_body : seq<kw_expect, ws, must<expect_what>> {};
struct expect_stmt : seq<expect_body, ws, must<eos>> {};

struct golden_body : seq<kw_golden> {};
struct golden_stmt : seq<golden_body, ws, must<eos>> {};

// ---- test "NAME" { ... } ----
struct test_unclosed : seq<at<kw_test>, raise<rules::block_unclosed>> {};
struct test_item_expected : success {};
struct test_item : sor<given_stmt, when_stmt, expect_stmt, golden_stmt, test_unclosed, unknown_word<test_words>,
                       raise<test_item_expected>> {};
struct test_name : rules::string_lit {};
struct test_open : one<'{'> {};
struct test_head : seq<kw_test, ws, must<test_name>, ws, must<test_open>> {};
struct test_close : seq<ws, one<'}'>> {};
struct test_block : seq<test_head, ws, must<eos>, until<test_close, sor<gap_line, recover_line<seq<ws, test_item>>>>> {};
struct test_stmt : seq<test_block, ws, must<eos>> {};

struct top_expected : success {};
struct top_item : sor<test_stmt, unknown_word<top_words>, raise<top_expected>> {};
struct top_line : sor<gap_line, seq<ws, top_item>> {};
struct file : until<seq<ws, eof>, top_line> {};

}  // namespace aa::grammar::scenario_rules
