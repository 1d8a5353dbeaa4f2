// The PEGTL grammar of `.aa` (spec sections 2 and 3). Rules only: what each must<> point is
// called in an error message lives in errors.hpp, what the AST gets lives in build_ast.cpp.
//
// Shape: a file is a sequence of lines; a statement ends at the end of its line (or before the
// `}` that closes its block). Every statement starts with a keyword; once the keyword matched,
// the rest is must<>, so an error is reported where the parse stopped, not where it backtracked
// to. The grammar has a fixed depth (file > block > clone block): no input can make it recurse.
#pragma once
#include <array>
#include <string>
#include <string_view>

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include "compiler/diag/suggest.hpp"
#include "compiler/lang/vocabulary.hpp"
#include "grammar/syntax_error.hpp"

namespace aa::grammar::rules {

using namespace tao::pegtl;

// ---- tags: the token class of a rule, which decides the action that records it ----
struct keyword_tag {};   // pushes an Ident token (the keyword itself)
struct name_tag {};      // pushes an Ident token
struct value_tag {};     // pushes a bare-word Value, classified (Word, Integer, Duration, Score)
struct string_tag {};    // pushes a String Value (decoded)
struct duration_tag {};  // pushes a Duration Value (Integer when the unit is missing)
struct score_tag {};     // pushes a Score Value (Integer for plain numbers)
struct count_tag {};     // pushes an Integer Value

// ---- lexical rules (spec section 2) ----
struct ws : star<blank> {};
struct ident_char : sor<alnum, one<'_', '.', '-'>> {};
struct ident : seq<sor<alpha, one<'_'>>, star<ident_char>> {};

// A keyword is its exact text not followed by an identifier character (`unitx` is not `unit`).
template <class Str>
struct kw : seq<Str, not_at<ident_char>>, keyword_tag {};

// Names (services, nodes, keys, ...): one rule per position so each has its own error message.
struct name : ident, name_tag {};

// `#` to the end of the line; a `\r` before the `\n` is dropped by the action.
struct comment : seq<one<'#'>, star<not_one<'\n'>>> {};

// Strings: "..." with \" \\ \n \t; a string does not span lines.
struct escape_char : one<'"', '\\', 'n', 't'> {};
struct escape : seq<one<'\\'>, must<escape_char>> {};
struct string_char : sor<escape, not_one<'\n', '\r', '"', '\\'>> {};
struct string_close : one<'"'> {};
struct string_lit : seq<one<'"'>, star<string_char>, must<string_close>>, string_tag {};

// A bare value: anything up to a space, `#`, `{`, `}`, `"` or `=`.
struct bare_word : plus<not_one<' ', '\t', '\r', '\n', '#', '{', '}', '"', '='>> {};
struct word_value : bare_word, value_tag {};

struct digits : seq<opt<one<'-'>>, plus<digit>> {};
struct duration_unit : sor<TAO_PEGTL_STRING("ms"), one<'s', 'm', 'h'>> {};
struct duration_end : not_at<ident_char> {};
struct duration : seq<digits, opt<duration_unit>, must<duration_end>>, duration_tag {};

struct infinity : sor<seq<opt<one<'+', '-'>>, TAO_PEGTL_STRING("INFINITY")>, seq<opt<one<'-'>>, TAO_PEGTL_STRING("inf")>> {};
struct score : seq<sor<infinity, digits>, not_at<ident_char>>, score_tag {};
struct count : seq<digits, not_at<ident_char>>, count_tag {};

// End of a statement: optional trailing comment, then the line end (or the `}` of the block).
struct eos : seq<ws, opt<comment>, sor<eol, eof, at<one<'}'>>>> {};

// Lines between statements.
struct blank_line : seq<ws, eol> {};
struct comment_line : seq<ws, comment, eolf> {};
struct gap_line : sor<blank_line, comment_line> {};

// ---- keywords ----
using kw_cluster = kw<TAO_PEGTL_STRING("cluster")>;
using kw_defaults = kw<TAO_PEGTL_STRING("defaults")>;
using kw_service = kw<TAO_PEGTL_STRING("service")>;
using kw_order = kw<TAO_PEGTL_STRING("order")>;
using kw_colocate = kw<TAO_PEGTL_STRING("colocate")>;
using kw_route = kw<TAO_PEGTL_STRING("route")>;
using kw_nodes = kw<TAO_PEGTL_STRING("nodes")>;
using kw_property = kw<TAO_PEGTL_STRING("property")>;
using kw_resource = kw<TAO_PEGTL_STRING("resource")>;
using kw_op = kw<TAO_PEGTL_STRING("op")>;
using kw_unit = kw<TAO_PEGTL_STRING("unit")>;
using kw_agent = kw<TAO_PEGTL_STRING("agent")>;
using kw_param = kw<TAO_PEGTL_STRING("param")>;
using kw_monitor = kw<TAO_PEGTL_STRING("monitor")>;
using kw_every = kw<TAO_PEGTL_STRING("every")>;
using kw_timeout = kw<TAO_PEGTL_STRING("timeout")>;
using kw_on_fail = kw<TAO_PEGTL_STRING("on-fail")>;
using kw_id = kw<TAO_PEGTL_STRING("id")>;
using kw_start = kw<TAO_PEGTL_STRING("start")>;
using kw_stop = kw<TAO_PEGTL_STRING("stop")>;
using kw_meta = kw<TAO_PEGTL_STRING("meta")>;
using kw_parallel_safe = kw<TAO_PEGTL_STRING("parallel-safe")>;
using kw_max = kw<TAO_PEGTL_STRING("max")>;
using kw_per_node = kw<TAO_PEGTL_STRING("per-node")>;
using kw_interleave = kw<TAO_PEGTL_STRING("interleave")>;
using kw_ordered = kw<TAO_PEGTL_STRING("ordered")>;
using kw_notify = kw<TAO_PEGTL_STRING("notify")>;
using kw_globally_unique = kw<TAO_PEGTL_STRING("globally-unique")>;
using kw_prefer = kw<TAO_PEGTL_STRING("prefer")>;
using kw_avoid = kw<TAO_PEGTL_STRING("avoid")>;
using kw_score = kw<TAO_PEGTL_STRING("score")>;
using kw_then = kw<TAO_PEGTL_STRING("then")>;
using kw_optional = kw<TAO_PEGTL_STRING("optional")>;
using kw_serialize = kw<TAO_PEGTL_STRING("serialize")>;
using kw_with = kw<TAO_PEGTL_STRING("with")>;
using kw_via = kw<TAO_PEGTL_STRING("via")>;
using kw_haproxy = kw<TAO_PEGTL_STRING("haproxy")>;
using kw_command = kw<TAO_PEGTL_STRING("command")>;
using kw_backend = kw<TAO_PEGTL_STRING("backend")>;
using kw_socket = kw<TAO_PEGTL_STRING("socket")>;
using kw_address = kw<TAO_PEGTL_STRING("address")>;
using kw_drain = kw<TAO_PEGTL_STRING("drain")>;
using kw_ready = kw<TAO_PEGTL_STRING("ready")>;
using kw_server = kw<TAO_PEGTL_STRING("server")>;
using kw_group = kw<TAO_PEGTL_STRING("group")>;
using kw_members = kw<TAO_PEGTL_STRING("members")>;
using kw_role = kw<TAO_PEGTL_STRING("role")>;
using kw_promoted_max = kw<TAO_PEGTL_STRING("promoted-max")>;
using kw_promote = kw<TAO_PEGTL_STRING("promote")>;
using kw_demote = kw<TAO_PEGTL_STRING("demote")>;
using kw_started = kw<TAO_PEGTL_STRING("started")>;
using kw_promoted = kw<TAO_PEGTL_STRING("promoted")>;
using kw_unpromoted = kw<TAO_PEGTL_STRING("unpromoted")>;
using kw_promoted_per_node = kw<TAO_PEGTL_STRING("promoted-per-node")>;
using kw_dns = kw<TAO_PEGTL_STRING("dns")>;
using kw_zone = kw<TAO_PEGTL_STRING("zone")>;
using kw_name = kw<TAO_PEGTL_STRING("name")>;
using kw_key = kw<TAO_PEGTL_STRING("key")>;
using kw_ttl = kw<TAO_PEGTL_STRING("ttl")>;
using kw_nginx = kw<TAO_PEGTL_STRING("nginx")>;
using kw_upstream = kw<TAO_PEGTL_STRING("upstream")>;
using kw_file = kw<TAO_PEGTL_STRING("file")>;
using kw_config = kw<TAO_PEGTL_STRING("config")>;
using kw_fence = kw<TAO_PEGTL_STRING("fence")>;
using kw_hosts = kw<TAO_PEGTL_STRING("hosts")>;
using kw_host_map = kw<TAO_PEGTL_STRING("host-map")>;
using kw_delay_max = kw<TAO_PEGTL_STRING("delay-max")>;
using kw_fencing = kw<TAO_PEGTL_STRING("fencing")>;
using kw_level = kw<TAO_PEGTL_STRING("level")>;
using kw_pattern = kw<TAO_PEGTL_STRING("pattern")>;
using kw_attribute = kw<TAO_PEGTL_STRING("attribute")>;
using kw_parallel = kw<TAO_PEGTL_STRING("parallel")>;
using kw_utilization = kw<TAO_PEGTL_STRING("utilization")>;
using kw_where = kw<TAO_PEGTL_STRING("where")>;
using kw_score_attribute = kw<TAO_PEGTL_STRING("score-attribute")>;
using kw_and = kw<TAO_PEGTL_STRING("and")>;
using kw_or = kw<TAO_PEGTL_STRING("or")>;
using kw_defined = kw<TAO_PEGTL_STRING("defined")>;
using kw_not_defined = kw<TAO_PEGTL_STRING("not_defined")>;
using kw_eq = kw<TAO_PEGTL_STRING("eq")>;
using kw_ne = kw<TAO_PEGTL_STRING("ne")>;
using kw_lt = kw<TAO_PEGTL_STRING("lt")>;
using kw_gt = kw<TAO_PEGTL_STRING("gt")>;
using kw_lte = kw<TAO_PEGTL_STRING("lte")>;
using kw_gte = kw<TAO_PEGTL_STRING("gte")>;
using kw_type_string = kw<TAO_PEGTL_STRING("string")>;
using kw_type_integer = kw<TAO_PEGTL_STRING("integer")>;
using kw_type_number = kw<TAO_PEGTL_STRING("number")>;
using kw_type_version = kw<TAO_PEGTL_STRING("version")>;
using kw_any = kw<TAO_PEGTL_STRING("any")>;

// `clone` has its own rule: its action opens the clone under construction.
struct kw_clone : kw<TAO_PEGTL_STRING("clone")> {};
struct kw_promotable : kw<TAO_PEGTL_STRING("promotable")> {};

struct top_keyword
    : sor<kw_cluster, kw_defaults, kw_service, kw_group, kw_fencing, kw_fence, kw_order, kw_colocate, kw_route> {};

// ---- word lists for "unknown statement/option" (E002) ----
inline constexpr std::array<std::string_view, 4> monitor_options = {"timeout", "on-fail", "role", "id"};
inline constexpr std::array<std::string_view, 1> id_option = {"id"};
// `prefer NODE` takes score and id; `prefer where RULE` also score-attribute, role and the joiners.
inline constexpr std::array<std::string_view, 6> prefer_options = {"score", "id", "score-attribute", "role", "and", "or"};
inline constexpr std::array<std::string_view, 4> avoid_options = {"id", "role", "and", "or"};
inline constexpr std::array<std::string_view, 6> order_options = {"then", "optional", "serialize", "id", "parallel", "any"};
inline constexpr std::array<std::string_view, 4> colocate_options = {"with", "score", "id", "parallel"};

struct top_words {
    static constexpr std::string_view what = "statement", where = "";
    static constexpr const auto& list = vocab::top_level;
};
struct cluster_words {
    static constexpr std::string_view what = "statement", where = " in `cluster`";
    static constexpr const auto& list = vocab::cluster_items;
};
struct defaults_words {
    static constexpr std::string_view what = "statement", where = " in `defaults` (use `resource K = V` or `op K = V`)";
    static constexpr const auto& list = vocab::defaults_scopes;
};
struct service_words {
    static constexpr std::string_view what = "statement", where = " in `service`";
    static constexpr const auto& list = vocab::service_items;
};
struct group_words {
    static constexpr std::string_view what = "statement", where = " in `group`";
    static constexpr const auto& list = vocab::group_items;
};
struct fence_words {
    static constexpr std::string_view what = "statement", where = " in `fence`";
    static constexpr const auto& list = vocab::fence_items;
};
struct fencing_words {
    static constexpr std::string_view what = "statement", where = " in `fencing` (use `level N TARGET DEVICE...`)";
    static constexpr const auto& list = vocab::fencing_items;
};
struct level_words {
    static constexpr std::string_view what = "option", where = " for `level`";
    static constexpr const auto& list = id_option;
};
struct clone_words {
    static constexpr std::string_view what = "option", where = " for `clone`";
    static constexpr const auto& list = vocab::clone_items;
};
struct route_words {
    static constexpr std::string_view what = "statement", where = " in `route`";
    static constexpr const auto& list = vocab::route_items;
};
struct router_words {
    static constexpr std::string_view what = "router", where = " after `via` (use `haproxy`, `dns`, `nginx` or `command`)";
    static constexpr const auto& list = vocab::routers;
};
struct monitor_words {
    static constexpr std::string_view what = "option", where = " for `monitor`";
    static constexpr const auto& list = monitor_options;
};
struct op_timeout_words {
    static constexpr std::string_view what = "option", where = " for `start`/`stop`";
    static constexpr const auto& list = id_option;
};
struct prefer_words {
    static constexpr std::string_view what = "option", where = " for `prefer`";
    static constexpr const auto& list = prefer_options;
};
struct avoid_words {
    static constexpr std::string_view what = "option", where = " for `avoid`";
    static constexpr const auto& list = avoid_options;
};
struct order_words {
    static constexpr std::string_view what = "option", where = " for `order`";
    static constexpr const auto& list = order_options;
};
struct colocate_words {
    static constexpr std::string_view what = "option", where = " for `colocate`";
    static constexpr const auto& list = colocate_options;
};

inline bool starts_word(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
inline bool in_word(char c) {
    return c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '#' && c != '{' && c != '}' && c != '"' &&
           c != '=';
}

template <class List>
bool listed(std::string_view word, const List& list) {
    for (std::string_view w : list)
        if (w == word) return true;
    return false;
}

// A statement keyword of another block, written where it does not belong: say where it goes.
template <class Words>
std::string where_it_belongs(std::string_view word) {
    if (Words::what != "statement") return {};
    auto in = [&](const auto& list, std::string_view block) -> std::string {
        if (!listed(word, list)) return {};  // words of this block never get here: they parse
        return "; `" + std::string(word) + "` goes inside " + std::string(block);
    };
    std::string s = in(vocab::service_items, "`service NAME { }`");
    if (s.empty()) s = in(vocab::group_items, "`group NAME { }`");
    if (s.empty()) s = in(vocab::fence_items, "`fence NAME { }`");
    if (s.empty()) s = in(vocab::fencing_items, "`fencing { }`");
    if (s.empty()) s = in(vocab::cluster_items, "`cluster NAME { }`");
    if (s.empty()) s = in(vocab::route_items, "`route SERVICE { }`");
    return s;
}

// Where a keyword of `Words` was expected and a word stands: throw E002 naming that word, with
// a "did you mean" over the words of that context. Anything else: fail, so the must<> around
// it reports what was expected.
template <class Words>
struct unknown_word {
    using rule_t = unknown_word;
    using subs_t = empty_list;

    template <apply_mode, rewind_mode, template <typename...> class, template <typename...> class,
              typename ParseInput, typename... States>
    static bool match(ParseInput& in, States&...) {
        const char* p = in.current();
        const char* end = in.end();
        if (p == end || !starts_word(*p)) return false;
        const char* q = p;
        while (q != end && in_word(*q)) ++q;
        std::string_view word(p, static_cast<std::size_t>(q - p));
        SyntaxError e;
        e.kind = SyntaxError::Kind::Unknown;
        e.at = p;
        e.length = word.size();
        std::string shown(word.substr(0, 40));
        if (word.size() > 40) shown += "...";
        e.message = "unknown " + std::string(Words::what) + " `" + shown + "`" + std::string(Words::where);
        if (word.size() <= 64) e.fixit = suggest_from(word, Words::list);
        if (!e.fixit) e.message += where_it_belongs<Words>(word);
        throw e;
    }
};

// Runs Rule; if it throws a recoverable SyntaxError, hands the error to the state
// (`on_recovered_error`), skips the broken line (and any block it opened), and succeeds.
// This is what lets one block report several broken statements.
const char* skip_broken_item(const char* item_begin, const char* error_at, const char* end);

template <class Rule>
struct recover_line {
    using rule_t = recover_line;
    using subs_t = type_list<Rule>;

    template <apply_mode A, rewind_mode M, template <typename...> class Action,
              template <typename...> class Control, typename ParseInput, typename State>
    static bool match(ParseInput& in, State& st) {
        const char* begin = in.current();
        try {
            return Control<Rule>::template match<A, M, Action, Control>(in, st);
        } catch (const SyntaxError& e) {
            if (e.fatal()) throw;
            st.on_recovered_error(e);
            const char* next = skip_broken_item(begin, e.at, in.end());
            if (next <= begin) throw;  // no progress possible: let the top level resync
            in.iterator() = next;
            return true;
        }
    }
};

// ---- values in their positions (one rule per position: one error message each) ----
struct equals : one<'='> {};
struct kv_value : sor<string_lit, word_value> {};
struct key_name : name {};
// KEY = VALUE, after `property`, `resource`, `op`, `param`, `meta`.
struct key_value : seq<must<key_name>, ws, must<equals>, ws, must<kv_value>> {};

struct id_string : string_lit {};
struct id_clause : seq<kw_id, ws, must<id_string>> {};
struct score_value : score {};
struct score_clause : seq<kw_score, ws, must<score_value>> {};

template <class Words>
struct end_or_unknown : sor<eos, unknown_word<Words>> {};

// A top-level keyword where a block item was expected: the block's `}` is missing.
struct block_unclosed : success {};
struct unclosed_before_keyword : seq<at<top_keyword>, raise<block_unclosed>> {};

// ---- cluster NAME { nodes ... | property K = V } ----
struct node_name : name {};
struct nodes_body : seq<kw_nodes, ws, must<node_name>, star<ws, node_name>> {};
struct nodes_end : eos {};
struct nodes_stmt : seq<nodes_body, ws, must<nodes_end>> {};
struct property_body : seq<kw_property, ws, key_value> {};
struct property_stmt : seq<property_body, ws, must<eos>> {};
struct cluster_item_expected : success {};
struct cluster_item : sor<nodes_stmt, property_stmt, unclosed_before_keyword, unknown_word<cluster_words>,
                          raise<cluster_item_expected>> {};

// Blocks: header line, item lines (each recovered on its own), closing brace.
struct cluster_name : name {};
struct cluster_open : one<'{'> {};
struct cluster_head : seq<kw_cluster, ws, must<cluster_name>, ws, must<cluster_open>> {};
struct cluster_close : seq<ws, one<'}'>> {};
struct cluster_block
    : seq<cluster_head, ws, must<eos>, until<cluster_close, sor<gap_line, recover_line<seq<ws, cluster_item>>>>> {};
struct cluster_stmt : seq<cluster_block, ws, must<eos>> {};

// ---- defaults { resource K = V | op K = V } ----
struct default_body : seq<sor<kw_resource, kw_op>, ws, key_value> {};
struct default_stmt : seq<default_body, ws, must<eos>> {};
struct defaults_item_expected : success {};
struct defaults_item : sor<default_stmt, unclosed_before_keyword, unknown_word<defaults_words>,
                           raise<defaults_item_expected>> {};
struct defaults_open : one<'{'> {};
struct defaults_head : seq<kw_defaults, ws, must<defaults_open>> {};
struct defaults_close : seq<ws, one<'}'>> {};
struct defaults_block
    : seq<defaults_head, ws, must<eos>, until<defaults_close, sor<gap_line, recover_line<seq<ws, defaults_item>>>>> {};
struct defaults_stmt : seq<defaults_block, ws, must<eos>> {};

// ---- service NAME { ... } ----
struct unit_value : sor<string_lit, word_value> {};
struct unit_body : seq<kw_unit, ws, must<unit_value>> {};
struct unit_stmt : seq<unit_body, ws, must<eos>> {};

struct agent_value : sor<string_lit, word_value> {};
struct agent_body : seq<kw_agent, ws, must<agent_value>> {};
struct agent_stmt : seq<agent_body, ws, must<eos>> {};

struct param_body : seq<kw_param, ws, key_value> {};
struct param_stmt : seq<param_body, ws, must<eos>> {};

struct meta_body : seq<kw_meta, ws, key_value> {};
struct meta_stmt : seq<meta_body, ws, must<eos>> {};

// utilization KEY = VALUE: what one instance uses of a node's capacity (placement-strategy).
struct utilization_body : seq<kw_utilization, ws, key_value> {};
struct utilization_stmt : seq<utilization_body, ws, must<eos>> {};

struct every_duration : duration {};
struct timeout_duration : duration {};
struct on_fail_action : name {};
struct role_name : name {};
struct monitor_option : sor<seq<kw_timeout, ws, must<timeout_duration>>, seq<kw_on_fail, ws, must<on_fail_action>>,
                            seq<kw_role, ws, must<role_name>>, id_clause> {};
struct monitor_body : seq<kw_monitor, ws, must<kw_every>, ws, must<every_duration>, star<ws, monitor_option>> {};
struct monitor_stmt : seq<monitor_body, ws, must<end_or_unknown<monitor_words>>> {};

struct op_timeout_body : seq<sor<kw_start, kw_stop>, ws, must<kw_timeout>, ws, must<timeout_duration>, star<ws, id_clause>> {};
struct op_timeout_stmt : seq<op_timeout_body, ws, must<end_or_unknown<op_timeout_words>>> {};

struct parallel_safe_body : seq<kw_parallel_safe> {};
struct parallel_safe_stmt : seq<parallel_safe_body, ws, must<eos>> {};

// clone max M per-node K [flags] | clone { max M  per-node K  flag  meta K = V }
struct max_count : count {};
struct per_node_count : count {};
struct clone_max : seq<kw_max, ws, must<max_count>> {};
struct clone_per_node : seq<kw_per_node, ws, must<per_node_count>> {};
struct promoted_max_count : count {};
struct promoted_per_node_count : count {};
struct clone_promoted_max : seq<kw_promoted_max, ws, must<promoted_max_count>> {};
struct clone_promoted_per_node : seq<kw_promoted_per_node, ws, must<promoted_per_node_count>> {};
struct clone_flag : sor<kw_interleave, kw_ordered, kw_notify, kw_globally_unique> {};
struct clone_meta : seq<kw_meta, ws, key_value> {};
struct clone_option
    : sor<clone_promoted_max, clone_promoted_per_node, clone_max, clone_per_node, clone_flag, clone_meta> {};

struct clone_open : one<'{'> {};
struct clone_close : seq<ws, one<'}'>> {};
struct clone_eol : eol {};
struct clone_item_expected : success {};
struct clone_block_item : seq<ws, sor<comment, clone_eol, clone_option, unknown_word<clone_words>,
                                      raise<clone_item_expected>>> {};
struct clone_block : seq<clone_open, until<clone_close, clone_block_item>> {};
struct clone_inline : seq<clone_option, star<ws, clone_option>> {};
struct clone_spec : sor<clone_block, clone_inline, unknown_word<clone_words>> {};
// A bare `clone` or `promotable` takes Pacemaker's defaults (what `pcs resource clone X` writes).
struct clone_body : seq<sor<kw_clone, kw_promotable>, opt<ws, clone_spec>> {};
struct clone_stmt : seq<clone_body, ws, must<end_or_unknown<clone_words>>> {};

// Location rules: `where` and conditions joined by `and` or `or`, with one level of parentheses
// (the grammar keeps its fixed depth). `(`/`)` are tokens, so the action sees the groups.
struct rule_open : one<'('>, keyword_tag {};
struct rule_close : one<')'>, keyword_tag {};
struct rule_attribute : sor<string_lit, name> {};
struct rule_op : sor<kw_eq, kw_ne, kw_lte, kw_lt, kw_gte, kw_gt> {};
struct rule_type : sor<kw_type_string, kw_type_integer, kw_type_number, kw_type_version> {};
struct rule_word : plus<not_one<' ', '\t', '\r', '\n', '#', '{', '}', '"', '=', '(', ')'>>, value_tag {};
struct rule_value : sor<string_lit, rule_word> {};
// A type word is the type only when a value follows it (`x eq integer` compares with "integer");
// at<> looks ahead without recording tokens.
struct rule_typed_value : sor<seq<at<rule_type, plus<blank>, rule_value>, rule_type, ws, rule_value>, must<rule_value>> {};
struct rule_unary : seq<sor<kw_defined, kw_not_defined>, ws, must<rule_attribute>> {};
struct rule_binary : seq<rule_attribute, ws, must<rule_op>, ws, rule_typed_value> {};
struct rule_condition : sor<rule_unary, rule_binary> {};
struct rule_joiner : sor<kw_and, kw_or> {};
struct rule_group : seq<rule_open, ws, must<rule_condition>, star<ws, rule_joiner, ws, must<rule_condition>>, ws,
                        must<rule_close>> {};
struct rule_term : sor<rule_group, rule_condition> {};
struct rule_expr : seq<rule_term, star<ws, rule_joiner, ws, must<rule_term>>> {};
struct score_attribute_name : name {};
struct location_role : sor<kw_started, kw_promoted, kw_unpromoted> {};
struct rule_role_clause : seq<kw_role, ws, must<location_role>> {};
struct score_attribute_clause : seq<kw_score_attribute, ws, must<score_attribute_name>> {};

struct location_node : name {};
struct prefer_rule : seq<kw_where, ws, must<rule_expr>,
                         star<ws, sor<score_attribute_clause, score_clause, rule_role_clause, id_clause>>> {};
struct prefer_body : seq<kw_prefer, ws, sor<prefer_rule, seq<must<location_node>, star<ws, sor<score_clause, id_clause>>>>> {};
struct prefer_stmt : seq<prefer_body, ws, must<end_or_unknown<prefer_words>>> {};
struct avoid_rule : seq<kw_where, ws, must<rule_expr>, star<ws, sor<rule_role_clause, id_clause>>> {};
struct avoid_body : seq<kw_avoid, ws, sor<avoid_rule, seq<must<location_node>, star<ws, id_clause>>>> {};
struct avoid_stmt : seq<avoid_body, ws, must<end_or_unknown<avoid_words>>> {};

struct service_item_expected : success {};
struct service_item
    : sor<unit_stmt, agent_stmt, param_stmt, monitor_stmt, op_timeout_stmt, meta_stmt, utilization_stmt,
          parallel_safe_stmt, clone_stmt, prefer_stmt, avoid_stmt, unclosed_before_keyword, unknown_word<service_words>, raise<service_item_expected>> {};

struct service_name : name {};
struct service_open : one<'{'> {};
struct service_head : seq<kw_service, ws, must<service_name>, ws, must<service_open>> {};
struct service_close : seq<ws, one<'}'>> {};
struct service_block
    : seq<service_head, ws, must<eos>, until<service_close, sor<gap_line, recover_line<seq<ws, service_item>>>>> {};
struct service_stmt : seq<service_block, ws, must<eos>> {};

// ---- group NAME { members A B C | meta K = V | clone ... | promotable ... | prefer | avoid } ----
struct member_name : name {};
struct members_body : seq<kw_members, ws, must<member_name>, star<ws, member_name>> {};
struct members_end : eos {};
struct members_stmt : seq<members_body, ws, must<members_end>> {};
struct group_item_expected : success {};
struct group_item : sor<members_stmt, meta_stmt, clone_stmt, prefer_stmt, avoid_stmt, unclosed_before_keyword,
                        unknown_word<group_words>, raise<group_item_expected>> {};
struct group_name : name {};
struct group_open : one<'{'> {};
struct group_head : seq<kw_group, ws, must<group_name>, ws, must<group_open>> {};
struct group_close : seq<ws, one<'}'>> {};
struct group_block
    : seq<group_head, ws, must<eos>, until<group_close, sor<gap_line, recover_line<seq<ws, group_item>>>>> {};
struct group_stmt : seq<group_block, ws, must<eos>> {};

// ---- fence NAME { agent stonith:T | param | hosts | host-map | delay-max | monitor | meta | prefer | avoid } ----
struct host_name : name {};
struct hosts_body : seq<kw_hosts, ws, must<host_name>, star<ws, host_name>> {};
struct hosts_end : eos {};
struct hosts_stmt : seq<hosts_body, ws, must<hosts_end>> {};
struct host_map_node : name {};
struct host_map_port : sor<string_lit, word_value> {};
struct host_map_body : seq<kw_host_map, ws, must<host_map_node>, ws, must<equals>, ws, must<host_map_port>> {};
struct host_map_stmt : seq<host_map_body, ws, must<eos>> {};
struct delay_max_duration : duration {};
struct delay_max_body : seq<kw_delay_max, ws, must<delay_max_duration>> {};
struct delay_max_stmt : seq<delay_max_body, ws, must<eos>> {};
struct fence_item_expected : success {};
struct fence_item : sor<agent_stmt, param_stmt, hosts_stmt, host_map_stmt, delay_max_stmt, monitor_stmt, meta_stmt,
                        clone_stmt, prefer_stmt, avoid_stmt, unclosed_before_keyword, unknown_word<fence_words>,
                        raise<fence_item_expected>> {};
struct fence_name : name {};
struct fence_open : one<'{'> {};
struct fence_head : seq<kw_fence, ws, must<fence_name>, ws, must<fence_open>> {};
struct fence_close : seq<ws, one<'}'>> {};
struct fence_block
    : seq<fence_head, ws, must<eos>, until<fence_close, sor<gap_line, recover_line<seq<ws, fence_item>>>>> {};
struct fence_stmt : seq<fence_block, ws, must<eos>> {};

// ---- fencing { level N NODE DEVICE... | level N pattern "RE" DEVICE... | level N attribute K = V DEVICE... } ----
struct level_index : count {};
struct level_pattern : string_lit {};
struct level_attribute : name {};
struct level_attribute_value : kv_value {};
struct level_node : name {};
struct level_target : sor<seq<kw_pattern, ws, must<level_pattern>>,
                          seq<kw_attribute, ws, must<level_attribute>, ws, must<equals>, ws, must<level_attribute_value>>,
                          level_node> {};
struct level_device : name {};
struct level_body : seq<kw_level, ws, must<level_index>, ws, must<level_target>, ws, must<level_device>,
                        star<ws, not_at<kw_id>, level_device>, opt<ws, id_clause>> {};
struct level_stmt : seq<level_body, ws, must<end_or_unknown<level_words>>> {};
struct fencing_item_expected : success {};
struct fencing_item
    : sor<level_stmt, unclosed_before_keyword, unknown_word<fencing_words>, raise<fencing_item_expected>> {};
struct fencing_open : one<'{'> {};
struct fencing_head : seq<kw_fencing, ws, must<fencing_open>> {};
struct fencing_close : seq<ws, one<'}'>> {};
struct fencing_block
    : seq<fencing_head, ws, must<eos>, until<fencing_close, sor<gap_line, recover_line<seq<ws, fencing_item>>>>> {};
struct fencing_stmt : seq<fencing_block, ws, must<eos>> {};

// ---- order A then B [optional|serialize] [id "X"] / colocate A with B [score S] [id "X"] ----
// The set forms: `order [A B] [ACTION] [parallel] [any] then ...` and `colocate [A B] [ROLE]
// [parallel] with ...`, any number of parts; a lone name may stand between sets.
struct first_service : name {};
struct then_service : name {};
struct order_action : sor<kw_start, kw_stop, kw_promote, kw_demote> {};
struct constraint_role : sor<kw_started, kw_promoted, kw_unpromoted> {};
// `[` and `]` are recorded as tokens, so the action sees where a set begins and ends.
struct set_open : one<'['>, keyword_tag {};
struct set_close : one<']'>, keyword_tag {};
struct set_member : name {};
struct resource_set : seq<set_open, ws, must<set_member>, star<ws, set_member>, ws, must<set_close>> {};
struct order_set : seq<resource_set, opt<ws, order_action>, star<ws, sor<kw_parallel, kw_any>>> {};
struct order_operand : sor<order_set, seq<must<then_service>, opt<ws, order_action>>> {};
struct order_then : seq<kw_then, ws, order_operand> {};
struct order_start : sor<order_set, seq<must<first_service>, opt<ws, order_action>, ws, must<kw_then>, ws,
                                        order_operand>> {};
struct order_body : seq<kw_order, ws, order_start, star<ws, order_then>,
                        star<ws, sor<kw_optional, kw_serialize, id_clause>>> {};
struct order_stmt : seq<order_body, ws, must<end_or_unknown<order_words>>> {};

struct with_service : name {};
struct colocate_set : seq<resource_set, opt<ws, constraint_role>, star<ws, kw_parallel>> {};
struct colocate_operand : sor<colocate_set, seq<must<with_service>, opt<ws, constraint_role>>> {};
struct colocate_with : seq<kw_with, ws, colocate_operand> {};
struct colocate_start : sor<colocate_set, seq<must<first_service>, opt<ws, constraint_role>, ws, must<kw_with>, ws,
                                              colocate_operand>> {};
struct colocate_body : seq<kw_colocate, ws, colocate_start, star<ws, colocate_with>,
                           star<ws, sor<score_clause, id_clause>>> {};
struct colocate_stmt : seq<colocate_body, ws, must<end_or_unknown<colocate_words>>> {};

// ---- route SERVICE { via ... | server NODE NAME | drain D } ----
struct backend_name : name {};
struct socket_path : string_lit {};
struct address_value : sor<string_lit, word_value> {};
struct haproxy_target : sor<seq<kw_socket, ws, must<socket_path>>, seq<kw_address, ws, must<address_value>>> {};
struct via_haproxy : seq<kw_haproxy, ws, must<kw_backend>, ws, must<backend_name>, ws, must<haproxy_target>> {};
struct drain_command : string_lit {};
struct ready_command : string_lit {};
struct via_command : seq<kw_command, ws, must<kw_drain>, ws, must<drain_command>, ws, must<kw_ready>, ws,
                         must<ready_command>> {};
// via dns zone ZONE name NAME server "ADDR:PORT" key "FILE" ttl 30s
struct zone_name : name {};
struct record_name : name {};
struct dns_server_value : sor<string_lit, word_value> {};
struct key_path : string_lit {};
struct ttl_duration : duration {};
struct via_dns : seq<kw_dns, ws, must<kw_zone>, ws, must<zone_name>, ws, must<kw_name>, ws, must<record_name>, ws,
                     must<kw_server>, ws, must<dns_server_value>, ws, must<kw_key>, ws, must<key_path>, ws,
                     must<kw_ttl>, ws, must<ttl_duration>> {};
// via nginx upstream NAME file "PATH" [config "PATH"]
struct upstream_name : name {};
struct upstream_file : string_lit {};
struct nginx_config : string_lit {};
struct via_nginx : seq<kw_nginx, ws, must<kw_upstream>, ws, must<upstream_name>, ws, must<kw_file>, ws,
                       must<upstream_file>, opt<ws, kw_config, ws, must<nginx_config>>> {};
struct router : sor<via_haproxy, via_dns, via_nginx, via_command, unknown_word<router_words>> {};
struct via_body : seq<kw_via, ws, must<router>> {};
struct via_stmt : seq<via_body, ws, must<eos>> {};

struct server_node : name {};
struct server_name : sor<string_lit, name> {};
struct server_body : seq<kw_server, ws, must<server_node>, ws, must<server_name>> {};
struct server_stmt : seq<server_body, ws, must<eos>> {};

struct drain_duration : duration {};
struct drain_body : seq<kw_drain, ws, must<drain_duration>> {};
struct drain_stmt : seq<drain_body, ws, must<eos>> {};

struct route_item_expected : success {};
struct route_item : sor<via_stmt, server_stmt, drain_stmt, unclosed_before_keyword, unknown_word<route_words>,
                        raise<route_item_expected>> {};
struct route_service : name {};
struct route_open : one<'{'> {};
struct route_head : seq<kw_route, ws, must<route_service>, ws, must<route_open>> {};
struct route_close : seq<ws, one<'}'>> {};
struct route_block
    : seq<route_head, ws, must<eos>, until<route_close, sor<gap_line, recover_line<seq<ws, route_item>>>>> {};
struct route_stmt : seq<route_block, ws, must<eos>> {};

// ---- the file ----
struct top_expected : success {};
struct top_item : sor<cluster_stmt, defaults_stmt, service_stmt, group_stmt, fencing_stmt, fence_stmt, order_stmt,
                      colocate_stmt, route_stmt, unknown_word<top_words>, raise<top_expected>> {};
struct top_line : sor<gap_line, seq<ws, top_item>> {};
struct file : until<seq<ws, eof>, top_line> {};

}  // namespace aa::grammar::rules

// analyze<>() must know how the two hand-written rules consume input.
namespace tao::pegtl {
template <class Name, class Rule>
struct analyze_traits<Name, aa::grammar::rules::recover_line<Rule>> : analyze_seq_traits<Rule> {};
template <class Name, class Words>
struct analyze_traits<Name, aa::grammar::rules::unknown_word<Words>> : analyze_any_traits<> {};
}  // namespace tao::pegtl
