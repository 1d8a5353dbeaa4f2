// What each must<> point of the grammar expected, in words: the E001 message table.
// A rule used in must<> or raise<> without an entry here does not compile (the primary
// template is left undefined), so no syntax error can ever say just "parse error".
#pragma once
#include <string_view>
#include <type_traits>

#include "compiler/lang/duration.hpp"
#include "grammar/rules.hpp"
#include "grammar/syntax_error.hpp"

namespace aa::grammar {

template <class Rule>
struct error_message;  // undefined: every must<> target needs an entry below

// `closes_block`: the rule stands where a block item was expected; at the end of the input
// the real problem is the missing `}`, and the parser says so.
#define AA_EXPECT(RULE, TEXT)                                 \
    template <>                                               \
    struct error_message<RULE> {                              \
        static constexpr std::string_view text = TEXT;        \
        static constexpr bool closes_block = false;           \
    }
#define AA_EXPECT_ITEM(RULE, TEXT)                            \
    template <>                                               \
    struct error_message<RULE> {                              \
        static constexpr std::string_view text = TEXT;        \
        static constexpr bool closes_block = true;            \
    }

namespace r = rules;

// lexical
AA_EXPECT(r::escape_char, "expected an escape: \\\" \\\\ \\n or \\t after `\\`");
AA_EXPECT(r::string_close, "expected `\"` to close the string (strings end on the same line)");
AA_EXPECT(r::duration_end, "is not a duration: write one whole number and one unit, ms, s, m or h (like 30s or 2m)");
AA_EXPECT(r::eos, "expected the end of the line");
AA_EXPECT(r::nodes_end, "expected a node name or the end of the line");
template <class Words>
struct error_message<r::end_or_unknown<Words>> {
    static constexpr std::string_view text = "expected the end of the line";
    static constexpr bool closes_block = false;
};

// KEY = VALUE, ids, scores
AA_EXPECT(r::key_name, "expected a key name (like resource-stickiness) in `KEY = VALUE`");
AA_EXPECT(r::equals, "expected `=` after the key");
AA_EXPECT(r::kv_value, "expected a value after `=` (a word or a \"string\")");
AA_EXPECT(r::id_string, "expected a quoted id after `id`, like id \"my-id\"");
AA_EXPECT(r::score_value, "expected a score after `score`: an integer, INFINITY, -INFINITY, inf or -inf");

// blocks
AA_EXPECT(r::block_unclosed, "expected `}` to close the block");
AA_EXPECT(r::top_expected, "expected a statement: cluster, defaults, service, group, fence, fencing, order, colocate "
                           "or route");
AA_EXPECT(r::cluster_name, "expected a cluster name after `cluster`");
AA_EXPECT(r::cluster_open, "expected `{` after the cluster name");
AA_EXPECT_ITEM(r::cluster_item_expected, "expected `nodes`, `property` or `}` in the cluster block");
AA_EXPECT(r::node_name, "expected a node name after `nodes`");
AA_EXPECT(r::defaults_open, "expected `{` after `defaults`");
AA_EXPECT_ITEM(r::defaults_item_expected, "expected `resource KEY = VALUE`, `op KEY = VALUE` or `}` in the defaults block");
AA_EXPECT(r::service_name, "expected a service name after `service`");
AA_EXPECT(r::service_open, "expected `{` after the service name");
AA_EXPECT_ITEM(r::service_item_expected, "expected a service statement (unit, agent, param, monitor, start, stop, "
                                         "meta, utilization, parallel-safe, clone, promotable, prefer, avoid) or `}`");
AA_EXPECT(r::group_name, "expected a group name after `group`");
AA_EXPECT(r::group_open, "expected `{` after the group name");
AA_EXPECT_ITEM(r::group_item_expected, "expected a group statement (members, meta, clone, promotable, prefer, "
                                       "avoid) or `}`");
AA_EXPECT(r::member_name, "expected a service name after `members`");
AA_EXPECT(r::members_end, "expected a service name or the end of the line");
AA_EXPECT(r::fence_name, "expected a fence device name after `fence`");
AA_EXPECT(r::fence_open, "expected `{` after the fence device name");
AA_EXPECT_ITEM(r::fence_item_expected, "expected a fence device statement (agent, param, hosts, host-map, delay-max, "
                                       "monitor, meta, prefer, avoid) or `}`");
AA_EXPECT(r::host_name, "expected a node name after `hosts`");
AA_EXPECT(r::hosts_end, "expected a node name or the end of the line");
AA_EXPECT(r::host_map_node, "expected a node name after `host-map`, as in host-map node-01 = 1");
AA_EXPECT(r::host_map_port, "expected what the device calls the node after `=` (a word or a \"string\")");
AA_EXPECT(r::delay_max_duration, "expected a duration like 5s after `delay-max`");
AA_EXPECT(r::fencing_open, "expected `{` after `fencing`");
AA_EXPECT_ITEM(r::fencing_item_expected, "expected `level N TARGET DEVICE...` or `}` in the fencing block");
AA_EXPECT(r::level_index, "expected the level's number after `level`, like level 1");
AA_EXPECT(r::level_target, "expected the level's target: a node name, `pattern \"REGEX\"` or `attribute NAME = VALUE`");
AA_EXPECT(r::level_pattern, "expected a quoted regular expression after `pattern`, like pattern \"node-0[1-3]\"");
AA_EXPECT(r::level_attribute, "expected a node attribute name after `attribute`, as in attribute rack = r1");
AA_EXPECT(r::level_attribute_value, "expected the attribute's value after `=`");
AA_EXPECT(r::level_device, "expected a fence device name after the level's target");
AA_EXPECT(r::route_service, "expected a service name after `route`");
AA_EXPECT(r::route_open, "expected `{` after the service name");
AA_EXPECT_ITEM(r::route_item_expected, "expected `via`, `server`, `drain` or `}` in the route block");

// service statements
AA_EXPECT(r::unit_value, "expected a systemd unit after `unit`, like app.service");
AA_EXPECT(r::agent_value, "expected an agent after `agent`, like ocf:pacemaker:Dummy");
AA_EXPECT(r::kw_every, "expected `every` after `monitor`, as in monitor every 30s");
AA_EXPECT(r::every_duration, "expected a duration like 30s after `every`");
AA_EXPECT(r::timeout_duration, "expected a duration like 20s after `timeout`");
AA_EXPECT(r::kw_timeout, "expected `timeout` after `start`/`stop`, as in start timeout 60s");
AA_EXPECT(r::on_fail_action, "expected an action after `on-fail`: ignore, block, demote, stop, restart, standby, "
                             "fence or restart-container");
AA_EXPECT(r::clone_spec, "expected `{` or clone options (max, per-node, interleave, ordered, notify, "
                         "globally-unique, meta) after `clone`");
AA_EXPECT(r::max_count, "expected a number after `max`, like max 2");
AA_EXPECT(r::promoted_max_count, "expected a number after `promoted-max`, like promoted-max 1");
AA_EXPECT(r::promoted_per_node_count, "expected a number after `promoted-per-node`, like promoted-per-node 1");
AA_EXPECT(r::role_name, "expected a role after `role`: Promoted or Unpromoted");
AA_EXPECT(r::per_node_count, "expected a number after `per-node`, like per-node 1");
AA_EXPECT_ITEM(r::clone_item_expected, "expected a clone option (max, per-node, interleave, ordered, notify, "
                                       "globally-unique, meta) or `}`");
AA_EXPECT(r::location_node, "expected a node name, or `where` and a rule");
AA_EXPECT(r::rule_expr, "expected a condition after `where`: ATTRIBUTE eq VALUE, defined ATTRIBUTE or ( ... )");
AA_EXPECT(r::rule_term, "expected a condition after the joiner: ATTRIBUTE eq VALUE, defined ATTRIBUTE or ( ... )");
AA_EXPECT(r::rule_condition, "expected a condition: ATTRIBUTE eq VALUE or defined ATTRIBUTE (parentheses do not nest)");
AA_EXPECT(r::rule_attribute, "expected a node attribute name (or a quoted one, like \"#uname\")");
AA_EXPECT(r::rule_op, "expected a comparison after the attribute: eq, ne, lt, gt, lte or gte");
AA_EXPECT(r::rule_value, "expected the value to compare with (a word or a \"string\")");
AA_EXPECT(r::rule_close, "expected `and`, `or` or `)` to close the parenthesis");
AA_EXPECT(r::score_attribute_name, "expected a node attribute name after `score-attribute`");
AA_EXPECT(r::location_role, "expected a role after `role`: started, promoted or unpromoted");

// relations
AA_EXPECT(r::first_service, "expected a service name");
AA_EXPECT(r::kw_then, "expected `then` after the first service, as in order db then app");
AA_EXPECT(r::then_service, "expected a service name after `then`");
AA_EXPECT(r::kw_with, "expected `with` after the service, as in colocate app with db");
AA_EXPECT(r::with_service, "expected a service name after `with`");
AA_EXPECT(r::set_member, "expected a service name after `[`, as in order [fs vip] then app");
AA_EXPECT(r::set_close, "expected a service name or `]` to close the set");

// route statements
AA_EXPECT(r::router, "expected `haproxy`, `dns`, `nginx` or `command` after `via`");
AA_EXPECT(r::kw_zone, "expected `zone ZONE` after `dns`, as in via dns zone app.example name web ...");
AA_EXPECT(r::zone_name, "expected a zone name after `zone`, like app.example");
AA_EXPECT(r::kw_name, "expected `name NAME` after the zone (the record's name relative to the zone)");
AA_EXPECT(r::record_name, "expected a record name after `name`, like web");
AA_EXPECT(r::kw_server, "expected `server \"ADDR:PORT\"` (the DNS server that takes the updates) after the name");
AA_EXPECT(r::dns_server_value, "expected the DNS server's ADDR:PORT after `server`, like \"127.0.0.1:53\"");
AA_EXPECT(r::kw_key, "expected `key \"FILE\"` (the TSIG key file) after the server");
AA_EXPECT(r::key_path, "expected a quoted TSIG key file after `key`, like \"/etc/aa/app.key\"");
AA_EXPECT(r::kw_ttl, "expected `ttl DURATION` (the records' TTL) after the key file");
AA_EXPECT(r::ttl_duration, "expected a duration like 30s after `ttl`");
AA_EXPECT(r::kw_upstream, "expected `upstream NAME` after `nginx`");
AA_EXPECT(r::upstream_name, "expected an upstream name after `upstream`");
AA_EXPECT(r::kw_file, "expected `file \"PATH\"` (the include file aa owns) after the upstream name");
AA_EXPECT(r::upstream_file, "expected a quoted path after `file`, like \"/etc/nginx/aa/app.conf\"");
AA_EXPECT(r::nginx_config, "expected a quoted path after `config`, like \"/etc/nginx/nginx.conf\"");
AA_EXPECT(r::kw_backend, "expected `backend NAME` after `haproxy`");
AA_EXPECT(r::backend_name, "expected a backend name after `backend`");
AA_EXPECT(r::haproxy_target, "expected `socket \"PATH\"` or `address HOST:PORT` after the backend name");
AA_EXPECT(r::socket_path, "expected a quoted path after `socket`, like \"/run/haproxy/admin.sock\"");
AA_EXPECT(r::address_value, "expected HOST:PORT after `address`, like 127.0.0.1:9999");
AA_EXPECT(r::kw_drain, "expected `drain \"COMMAND\"` after `command`");
AA_EXPECT(r::drain_command, "expected a quoted command after `drain`");
AA_EXPECT(r::kw_ready, "expected `ready \"COMMAND\"` after the drain command");
AA_EXPECT(r::ready_command, "expected a quoted command after `ready`");
AA_EXPECT(r::server_node, "expected a node name after `server`");
AA_EXPECT(r::server_name, "expected the router's server after the node, as in server node-01 app1 or server node-01 \"192.0.2.1\"");
AA_EXPECT(r::drain_duration, "expected a duration like 30s after `drain`");

#undef AA_EXPECT
#undef AA_EXPECT_ITEM

// A duration token the grammar cannot read ("1m30s", "1.5s", "30S", "10sec"): the whole token is
// named and underlined, with the language's spelling of what it most likely means.
inline SyntaxError duration_error(const char* begin, const char* at, const char* end) {
    auto in_token = [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_';
    };
    const char* start = at;
    while (start != begin && in_token(start[-1])) --start;
    const char* stop = at;
    while (stop != end && in_token(*stop)) ++stop;
    std::string_view token(start, static_cast<std::size_t>(stop - start));
    SyntaxError e;
    e.at = start;
    e.length = token.size();
    e.message = "`" + std::string(token.substr(0, 40)) + "` " + std::string(error_message<rules::duration_end>::text);
    if (token.size() <= 40) e.fixit = repair_duration(token);
    return e;
}

// PEGTL's control: a failed must<> throws a SyntaxError at the exact byte with the message above.
template <class Rule>
struct control : tao::pegtl::normal<Rule> {
    template <class ParseInput, class... States>
    [[noreturn]] static void raise(const ParseInput& in, States&&...) {
        if constexpr (std::is_same_v<Rule, rules::duration_end>) throw duration_error(in.begin(), in.current(), in.end());
        SyntaxError e;
        e.at = in.current();
        e.message = std::string(error_message<Rule>::text);
        if constexpr (error_message<Rule>::closes_block || std::is_same_v<Rule, rules::block_unclosed>) {
            if (in.empty() || std::is_same_v<Rule, rules::block_unclosed>) e.kind = SyntaxError::Kind::Unclosed;
        }
        throw e;
    }
};

}  // namespace aa::grammar
