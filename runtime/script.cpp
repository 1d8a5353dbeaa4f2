#include "runtime/script.hpp"

#include <fmt/format.h>

#include "compiler/plan/actions.hpp"
#include "runtime/cluster.hpp"
#include "runtime/router.hpp"

namespace aa::runtime {
namespace {

using Kind = plan::Action::Kind;

// The fixed part: helpers every script uses. Undo commands are kept newest first in $UNDO.
constexpr const char* kPrelude = R"(set -u
WORK=$(mktemp -d) || exit 1
COMMITTED=no
UNDO=""
step() { printf '==> %s\n' "$*" >&2; }
undo_push() { UNDO="$1
$UNDO"; }
abort() {
    printf 'FAILED: %s\n' "$1" >&2
    if [ "$COMMITTED" = yes ]; then
        echo "The CIB change is committed and is NOT undone: check every node (systemctl, crm_mon, the router)." >&2
    else
        echo "Rolling back what ran, newest first. The CIB was not changed." >&2
        printf '%s\n' "$UNDO" | while IFS= read -r cmd; do
            [ -n "$cmd" ] || continue
            printf '  undo: %s\n' "$cmd" >&2
            eval "$cmd" || printf '  undo FAILED: %s\n' "$cmd" >&2
        done
    fi
    rm -rf "$WORK"
    exit 1
}
# cib_attr NAME FILE: a version attribute of the <cib> element.
cib_attr() { sed -n "s/.*<cib [^>]*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p" "$2" | head -n 1; }
# versioned_patch NUM_UPDATES: the plan's patch, its source version moved to the CIB's num_updates
# (status churn is not a conflict; admin_epoch and epoch still have to match).
versioned_patch() { sed "/<source /s/num_updates=\"[0-9]*\"/num_updates=\"$1\"/" "$WORK/patch.xml"; }
)";

class Writer {
public:
    Writer(const plan::Plan& p, const Transport& hosts, const ScriptTarget& t) : p_(p), hosts_(hosts), t_(t) {}

    std::string run() {
        header();
        read_and_compare();
        if (!p_.patch_xml.empty()) shadow();
        preconditions();
        for (const plan::Action& a : p_.actions) action(a);
        line("rm -rf \"$WORK\"");
        line("step 'done: the plan is applied'");
        return out_;
    }

private:
    void line(const std::string& s) { out_ += s + "\n"; }
    void comment(const std::string& s) { line("# " + s); }
    void step(const std::string& s) { line("\nstep " + shell_quote(s)); }

    // A Pacemaker tool against the target CIB, as a shell command line.
    std::string cib_tool(const std::vector<std::string>& argv) const {
        if (t_.cib != "live") return "CIB_file=" + shell_quote(t_.cib) + " " + shell_join(argv);
        if (t_.on_node.empty()) return shell_join(argv);
        return shell_join(hosts_.argv_for(t_.on_node, argv));
    }
    std::string host(const std::string& node, const std::vector<std::string>& argv) const {
        return shell_join(hosts_.argv_for(node, argv));
    }
    void abort_unless(const std::string& cmd, const std::string& why) { line(cmd + " || abort " + shell_quote(why)); }

    void header() {
        line("#!/bin/sh");
        comment("Written by `aa plan --script`: the transaction of this plan, step by step, to review or run by hand.");
        comment(fmt::format("Base: {} at admin_epoch {} epoch {} (num_updates {}), configuration sha256 {}",
                            p_.base_source, p_.base_version.admin_epoch, p_.base_version.epoch,
                            p_.base_version.num_updates, p_.base_config_hash));
        comment("Target CIB: " + (t_.cib == "live" ? "the live cluster" + (t_.on_node.empty() ? "" : " on " + t_.on_node) : t_.cib));
        comment("Host commands run through: " + hosts_.name());
        comment("A failure before the commit undoes what ran (newest first); after the commit nothing is undone.");
        out_ += kPrelude;
        if (p_.patch_xml.empty()) return;
        line("cat >\"$WORK/patch.xml\" <<'AA_PATCH_EOF'");
        out_ += p_.patch_xml;
        if (!p_.patch_xml.empty() && p_.patch_xml.back() != '\n') out_ += "\n";
        line("AA_PATCH_EOF");
    }

    void version_guard(const std::string& file, const std::string& when) {
        line(fmt::format("[ \"$(cib_attr admin_epoch \"{0}\")\" = {1} ] && [ \"$(cib_attr epoch \"{0}\")\" = {2} ] ||", file,
                         p_.base_version.admin_epoch, p_.base_version.epoch));
        line("    abort " + shell_quote(fmt::format("the plan is stale: the CIB {} is not at admin_epoch {} epoch {}; re-plan with `aa plan ... --out`",
                                                   when, p_.base_version.admin_epoch, p_.base_version.epoch)));
    }

    void read_and_compare() {
        step("read the CIB and compare with the plan's base");
        abort_unless(cib_tool({"cibadmin", "--query"}) + " >\"$WORK/cib.xml\"", "cannot read the CIB");
        comment("aa apply also compares the configuration's sha256; here the version is the guard.");
        version_guard("$WORK/cib.xml", "now");
    }

    void shadow() {
        step("shadow: the patch on a private copy, crm_verify, crm_simulate");
        line("cp \"$WORK/cib.xml\" \"$WORK/shadow.xml\"");
        abort_unless("versioned_patch \"$(cib_attr num_updates \"$WORK/cib.xml\")\" | CIB_file=\"$WORK/shadow.xml\" cibadmin --patch --xml-pipe",
                     "the plan's patch does not apply to the current CIB");
        comment("crm_verify judges the configuration alone: the status's orphans and failed operations are the transition's.");
        line("cp \"$WORK/shadow.xml\" \"$WORK/config.xml\"");
        abort_unless("CIB_file=\"$WORK/config.xml\" cibadmin --replace --scope status --xml-text '<status/>'",
                     "cannot make the configuration-only copy");
        line("verify=$(crm_verify --xml-file \"$WORK/config.xml\" -VV 2>&1) || true");
        // Errors the plan showed as already in the cluster (or accepted) do not stop the script.
        std::string known;
        for (const auto* list : {&p_.already, &p_.problems})
            for (const std::string& e : *list)
                if (e.rfind("crm_verify: ", 0) == 0) known += " -e " + shell_quote(e.substr(12));
        line("case \"$verify\" in *'Errors found during check'*)");
        line(fmt::format("    new=$(printf '%s\\n' \"$verify\" | grep 'error' | grep -v 'Errors found during check'{}) || true",
                         known.empty() ? "" : " | grep -vF" + known));
        line("    if [ -n \"$new\" ]; then printf '%s\\n' \"$new\" >&2; abort 'crm_verify: the patched configuration is invalid'; fi ;;");
        line("esac");
        comment("The plan predicts:");
        for (const auto& [rsc, nodes] : p_.placement) {
            std::string list;
            for (const std::string& n : nodes) list += " " + n;
            comment(fmt::format("  {}:{}", rsc, list.empty() ? " nowhere" : list));
        }
        comment("Compare with the transition crm_simulate schedules (review it before going on):");
        line("CIB_shadow_dir=\"$WORK\" crm_simulate --xml-file \"$WORK/shadow.xml\" --run >&2 || abort 'crm_simulate failed'");
    }

    void preconditions() {
        bool any = false;
        for (const plan::Action& a : p_.actions) {
            if (a.kind != Kind::CheckUnit && a.kind != Kind::CheckRouter) continue;
            if (!any) step("preconditions, before anything changes"), line("MISSING=\"\""), any = true;
            if (a.kind == Kind::CheckUnit) {
                line(fmt::format("if ! out=$({}) || [ -z \"$out\" ]; then MISSING=\"$MISSING {} ({})\"; fi",
                                 host(a.node, a.argv), a.node, a.unit));
            } else if (const model::Route* r = route_of(a.service)) {
                if (r->via == model::Route::Via::Haproxy)
                    abort_unless(haproxy("show servers state " + r->backend, *r) + " >/dev/null",
                                 "the router of " + a.service + " does not answer");
                else if (r->via == model::Route::Via::Dns)
                    abort_unless(dig_soa(*r), "the DNS server of " + a.service +
                                                  " does not answer for zone " + r->zone + " with this key");
                else if (r->via == model::Route::Via::Nginx)
                    abort_unless(nginx(*r, {"-t", "-q"}), "nginx rejects its configuration (" + a.service + ")");
                else
                    comment("router of " + a.service + ": operator commands, nothing to ask");
            }
        }
        if (any) line("[ -z \"$MISSING\" ] || abort \"unit missing on:$MISSING; nothing was changed\"");
    }

    const model::Route* route_of(const std::string& service) const {
        for (const model::Route& r : p_.model.routes)
            if (r.service == service) return &r;
        return nullptr;
    }

    std::string haproxy(const std::string& command, const model::Route& r) const {
        std::string endpoint = r.socket.empty() ? "TCP:" + r.address : "UNIX-CONNECT:" + r.socket;
        return "printf '%s\\n' " + shell_quote(command) + " | socat stdio " + shell_quote(endpoint);
    }

    static std::pair<std::string, std::string> host_port(const std::string& endpoint) {
        auto colon = endpoint.rfind(':');
        std::string host = endpoint.substr(0, colon);
        if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
        return {host, colon == std::string::npos ? "53" : endpoint.substr(colon + 1)};
    }

    // A signed SOA query that must come back authoritative (the router's own check, by hand).
    std::string dig_soa(const model::Route& r) const {
        auto [host, port] = host_port(r.dns_server);
        return shell_join({"dig", "@" + host, "-p", port, "-k", r.key_file, "+norecurse", "+noall", "+comments",
                           r.zone, "SOA"}) +
               " | grep -q 'status: NOERROR'";
    }

    std::string nginx(const model::Route& r, std::vector<std::string> args) const {
        std::vector<std::string> argv{"nginx"};
        if (!r.nginx_config.empty()) argv.insert(argv.end(), {"-c", r.nginx_config});
        argv.insert(argv.end(), args.begin(), args.end());
        return shell_join(argv);
    }

    // One RFC 2136 update through nsupdate: publish or withdraw the node's address.
    std::string nsupdate(const model::Route& r, const std::string& address, bool drain) const {
        auto [host, port] = host_port(r.dns_server);
        const std::string type = address.find(':') == std::string::npos ? "A" : "AAAA";
        const std::string update = drain ? fmt::format("update delete {}. {} {}", r.backend, type, address)
                                         : fmt::format("update add {}. {} {} {}", r.backend, r.ttl_s, type, address);
        return "printf '%s\\n' " + shell_quote("server " + host + " " + port) + " " + shell_quote("zone " + r.zone) +
               " " + shell_quote(update) + " send | " + shell_join({"nsupdate", "-k", r.key_file});
    }

    // The server's line of aa's upstream file rewritten (private temporary file, rename), then
    // `nginx -t` and the graceful reload.
    std::string nginx_set(const model::Route& r, const plan::Action& a, bool drain) const {
        const std::string f = shell_quote(r.upstream_file);
        return "t=$(mktemp " + shell_quote(r.upstream_file + ".aa-XXXXXX") + ") && awk -v s=" + shell_quote(a.server) +
               " -v n=" + shell_quote(a.node) + " -v d=" + (drain ? "1" : "0") +
               " '$1 == \"server\" && ($2 == s || $2 == s \";\") { print \"    server \" s (d ? \" down\" : \"\") \";  # \" n; next } "
               "{ print }' " + f + " >\"$t\" && mv \"$t\" " + f + " && " + nginx(r, {"-t", "-q"}) + " && " +
               nginx(r, {"-s", "reload"});
    }

    // The router command that sets the server's state (drain or ready).
    std::string route_command(const plan::Action& a, const model::Route& r, bool drain) const {
        model::Server s{a.node, a.server};
        if (r.via == model::Route::Via::Haproxy)
            return haproxy(fmt::format("set server {}/{} state {}", r.backend, a.server, drain ? "drain" : "ready"), r);
        if (r.via == model::Route::Via::Dns) return nsupdate(r, a.server, drain);
        if (r.via == model::Route::Via::Nginx) return nginx_set(r, a, drain);
        return host(a.node, {"sh", "-c", expand_route_template(drain ? r.drain_cmd : r.ready_cmd, s, r.backend)});
    }

    void action(const plan::Action& a) {
        switch (a.kind) {
            case Kind::CheckUnit:
            case Kind::CheckRouter: return;
            case Kind::Drain:
            case Kind::Ready: return routing(a);
            case Kind::Disable:
            case Kind::Stop: return unit(a);
            case Kind::Hold: return hold(a);
            case Kind::Commit: return commit();
            case Kind::Pin: return pin(a, true);
            case Kind::Release: return release(a);
            case Kind::Unpin: return pin(a, false);
            case Kind::Wait: return wait();
        }
    }

    // Rolling changes (docs/rollout.md): the hold is undone on rollback; after the commit each
    // release lets Pacemaker restart that node's instance, and the script waits for the cluster
    // to settle (crm_resource --wait) before readying the server.
    void hold(const plan::Action& a) {
        step(actions::describe(a));
        const std::vector<std::string> set = node_status_attribute_argv(a.node, "maintenance", "true");
        const std::vector<std::string> clear = node_status_attribute_argv(a.node, "maintenance", "");
        line("undo_push " + shell_quote(cib_tool(clear)));
        abort_unless(cib_tool(set), actions::describe(a));
    }

    void pin(const plan::Action& a, bool add) {
        step(actions::describe(a));
        const model::Service* svc = p_.model.find_service(a.service);
        if (!svc) return;
        const std::string id = actions::pin_id(a);
        const std::string xml = add ? "<rsc_location id=\"" + id + "\" rsc=\"" + svc->resource_id() + "\" node=\"" + a.node +
                                          "\" score=\"-INFINITY\"/>"
                                    : "<rsc_location id=\"" + id + "\"/>";
        abort_unless(cib_tool({"cibadmin", add ? "--create" : "--delete", "--scope", "constraints", "--xml-text", xml}),
                     actions::describe(a));
    }

    void release(const plan::Action& a) {
        step(actions::describe(a));
        abort_unless(cib_tool(node_status_attribute_argv(a.node, "maintenance", "")), actions::describe(a));
        if (t_.cib != "live") return;
        abort_unless(cib_tool({"crm_resource", "--wait", fmt::format("--timeout={}s", t_.wait_seconds)}),
                     "the cluster did not settle after releasing " + a.node);
    }

    void unit(const plan::Action& a) {
        step(actions::describe(a));
        bool disable = a.kind == Kind::Disable;
        comment(disable ? "record whether it was enabled, to re-enable it on rollback" : "record whether it was active, to restart it on rollback");
        comment("a state systemctl cannot tell stops the script: nothing to undo is guessed");
        line(fmt::format("state=$({} 2>/dev/null) || true", host(a.node, {"systemctl", disable ? "is-enabled" : "is-active", a.unit})));
        line(fmt::format("case \"$state\" in {}) undo_push {} ;; {}) ;; *) abort {} ;; esac",
                         disable ? "enabled|enabled-runtime" : "active|reloading|activating",
                         shell_quote(host(a.node, {"systemctl", disable ? "enable" : "start", a.unit})),
                         disable ? "disabled|static|masked|masked-runtime|linked|linked-runtime|indirect|generated|transient|alias"
                                 : "inactive|failed|deactivating|maintenance",
                         "\"$(printf 'cannot read the state of %s on %s (systemctl said: %s); nothing to undo is guessed' " +
                             shell_quote(a.unit) + " " + shell_quote(a.node) + " \"$state\")\""));
        abort_unless(host(a.node, a.argv), actions::describe(a));
    }

    void routing(const plan::Action& a) {
        const model::Route* r = route_of(a.service);
        if (!r) return;
        step(actions::describe(a));
        bool drain = a.kind == Kind::Drain;
        if (drain && !committed_) line("undo_push " + shell_quote(route_command(a, *r, false)));
        abort_unless(route_command(a, *r, drain), actions::describe(a));
        if (drain && r->drain_ms > 0 && r->via == model::Route::Via::Haproxy) {
            comment(fmt::format("wait up to {} for the server's sessions to finish", r->drain));
            line(fmt::format("i=0; while [ $i -lt {} ] && [ \"$({} | awk -F, '$1==\"{}\" && $2==\"{}\" {{print $5}}')\" != 0 ]; do sleep 1; i=$((i+1)); done",
                             (r->drain_ms + 999) / 1000, haproxy("show stat", *r), r->backend, a.server));
        }
        if (drain && r->via == model::Route::Via::Dns) {
            comment(fmt::format("resolvers may answer from cache for the TTL ({} s)", r->ttl_s));
            line(fmt::format("sleep {}", (r->drain_ms + 999) / 1000));
        }
    }

    void commit() {
        step("commit: cibadmin --patch, guarded by the base version re-read just before");
        abort_unless(cib_tool({"cibadmin", "--query"}) + " >\"$WORK/now.xml\"", "cannot re-read the CIB");
        version_guard("$WORK/now.xml", "just before the commit");
        abort_unless("versioned_patch \"$(cib_attr num_updates \"$WORK/now.xml\")\" | " +
                         cib_tool({"cibadmin", "--patch", "--xml-pipe"}),
                     "the commit failed (exit 103: the CIB moved; re-plan); nothing was committed");
        line("COMMITTED=yes");
        committed_ = true;
    }

    void wait() {
        step("wait until the cluster runs the instances where the simulation placed them");
        if (t_.cib != "live") {
            comment("A CIB file is not a running cluster: the simulated transition stands for convergence.");
            return;
        }
        line(fmt::format("deadline=$(( $(date +%s) + {} ))", t_.wait_seconds));
        line("placed() { " + cib_tool({"crm_resource", "--locate", "--resource"}) +
             " \"$1\" 2>/dev/null | sed -n 's/.* is running on: \\([^ ]*\\).*/\\1/p' | sort | tr '\\n' ' '; }");
        for (const auto& [rsc, nodes] : p_.placement) {
            std::string want;
            for (const std::string& n : nodes) want += n + " ";
            line(fmt::format("until [ \"$(placed {})\" = {} ]; do", shell_quote(rsc), shell_quote(want)));
            line(fmt::format("    [ \"$(date +%s)\" -lt \"$deadline\" ] || abort {}",
                             shell_quote("the cluster did not place " + rsc + " on " + (want.empty() ? "no node" : want) + "in time")));
            line("    sleep 2");
            line("done");
        }
    }

    const plan::Plan& p_;
    const Transport& hosts_;
    const ScriptTarget& t_;
    std::string out_;
    bool committed_ = false;
};

}  // namespace

std::string render_script(const plan::Plan& p, const Transport& hosts, const ScriptTarget& target) {
    return Writer(p, hosts, target).run();
}

}  // namespace aa::runtime
