// `via dns`: RFC 2136 dynamic updates, TSIG-signed, to the DNS server that is primary for the
// zone. BIND's own clients do the protocol work: `dig` reads the record set back from that
// server, `nsupdate` sends one update message per change set. Both get the key as a file name
// (`-k FILE`), so the secret never appears on a command line, in a journal or in a message.
#include <arpa/inet.h>

#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "runtime/router.hpp"
#include "runtime/runner.hpp"

namespace aa::runtime {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::seconds tool_timeout{15};

// "127.0.0.1:53" or "[::1]:53" -> host and port, for dig's `@HOST -p PORT` and nsupdate's `server`.
std::pair<std::string, std::string> split_endpoint(const std::string& endpoint) {
    auto colon = endpoint.rfind(':');
    if (colon == std::string::npos || colon == 0) throw RouterError("DNS server '" + endpoint + "' is not ADDR:PORT");
    std::string host = endpoint.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    return {host, endpoint.substr(colon + 1)};
}

// The address in a canonical text form, so "2001:0db8::0001" and dig's "2001:db8::1" compare equal.
// Empty for something that is not an address.
std::string canonical(const std::string& address, bool& v6) {
    unsigned char buf[16];
    char text[INET6_ADDRSTRLEN];
    if (::inet_pton(AF_INET, address.c_str(), buf) == 1) {
        v6 = false;
        return ::inet_ntop(AF_INET, buf, text, sizeof text) ? text : "";
    }
    if (::inet_pton(AF_INET6, address.c_str(), buf) == 1) {
        v6 = true;
        return ::inet_ntop(AF_INET6, buf, text, sizeof text) ? text : "";
    }
    return {};
}

std::string canonical(const std::string& address) {
    bool v6 = false;
    return canonical(address, v6);
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

// dig prints one ";; Got answer:" block per query, in the order asked.
std::vector<DigAnswer> parse_dig(const std::string& out) {
    std::vector<DigAnswer> answers;
    bool bad_signature = false;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(";; Couldn't verify signature", 0) == 0) bad_signature = true;
        if (line.rfind(";; Got answer:", 0) == 0) {
            answers.emplace_back();
            answers.back().signature_failed = bad_signature;
            bad_signature = false;
            continue;
        }
        if (answers.empty()) continue;
        DigAnswer& a = answers.back();
        if (auto at = line.find("status: "); line.rfind(";; ->>HEADER<<-", 0) == 0 && at != std::string::npos) {
            std::string rest = line.substr(at + 8);
            a.status = rest.substr(0, rest.find(','));
        } else if (line.rfind(";; flags:", 0) == 0) {
            std::string flags = line.substr(9, line.find(';', 9) - 9);
            a.authoritative = (" " + flags + " ").find(" aa ") != std::string::npos;
        } else if (!line.empty() && line[0] != ';') {
            std::istringstream fields(line);
            std::vector<std::string> f;
            for (std::string w; fields >> w;) f.push_back(w);
            if (f.size() >= 5) a.records.push_back(std::move(f));
        }
    }
    return answers;
}

namespace {

class DnsRouter : public Router {
public:
    explicit DnsRouter(model::Route route) : route_(std::move(route)) {
        std::tie(host_, port_) = split_endpoint(route_.dns_server);
        fqdn_ = route_.backend + ".";
    }

    // The key file is readable, the server answers a query signed with it, and is authoritative
    // for the zone. Nothing is changed.
    void check() override {
        std::ifstream key(route_.key_file);
        if (!key)
            throw RouterError(context() + ": cannot read the TSIG key file " + route_.key_file + ": " +
                              std::strerror(errno));
        query(true);
    }

    void set_ready(const model::Server& s) override { set_states({{s, true}}); }
    void set_drain(const model::Server& s) override { set_states({{s, false}}); }

    // Resolvers keep answering from their cache for up to the TTL after the record is withdrawn;
    // the instance may stop only after that, whatever `max` says (the checker makes the route's
    // drain at least the TTL).
    bool wait_drained(const model::Server& s, std::chrono::milliseconds) override {
        const auto ttl = std::chrono::seconds(route_.ttl_s);
        auto it = withdrawn_at_.find(canonical(s.name));
        const auto until = (it == withdrawn_at_.end() ? Clock::now() : it->second) + ttl;
        if (until > Clock::now()) std::this_thread::sleep_until(until);
        return true;
    }

    std::vector<ServerState> states() override {
        const std::map<std::string, bool> published = query(false);
        std::vector<ServerState> out;
        for (const model::Server& s : route_.servers)
            out.push_back({route_.backend, s.name, published.count(canonical(s.name)) ? "ready" : "drain", "unknown", 0});
        return out;
    }

    // What differs from the record set the server has, in one update message: one serial step.
    void set_states(const std::vector<ServerChange>& changes) override {
        const std::map<std::string, bool> published = query(false);
        std::string message = "server " + host_ + " " + port_ + "\nzone " + route_.zone + "\n";
        std::vector<std::string> withdrawn;
        bool any = false;
        for (const ServerChange& c : changes) {
            bool v6 = false;
            const std::string address = canonical(c.server.name, v6);
            if (address.empty())
                throw RouterError(context() + ": server " + c.server.name + " of " + c.server.node +
                                  " is not an IP address");
            if (published.count(address) == static_cast<std::size_t>(c.ready)) continue;
            const std::string type = v6 ? "AAAA" : "A";
            if (c.ready) message += "update add " + fqdn_ + " " + std::to_string(route_.ttl_s) + " " + type + " " + address + "\n";
            else {
                message += "update delete " + fqdn_ + " " + type + " " + address + "\n";
                withdrawn.push_back(address);
            }
            any = true;
        }
        if (!any) return;
        message += "send\n";
        Command cmd;
        cmd.argv = {"nsupdate", "-k", route_.key_file, "-t", "5"};
        cmd.stdin_text = message;
        cmd.timeout = tool_timeout;
        Result r = run(cmd);
        if (!r.ok()) throw RouterError(context() + ": the update was refused, nothing changed: " + r.describe());
        for (const std::string& a : withdrawn) withdrawn_at_[a] = Clock::now();
    }

private:
    std::string context() const {
        return "route " + route_.service + " (DNS server " + route_.dns_server + ", zone " + route_.zone + ")";
    }

    // The zone's SOA and the record's A and AAAA sets, asked of the server itself (no recursion).
    // Returns the published addresses; throws when the server does not answer, rejects the key
    // (`signed`) or is not authoritative for the zone.
    std::map<std::string, bool> query(bool sign) {
        Command cmd;
        cmd.argv = {"dig", "@" + host_, "-p", port_};
        if (sign) cmd.argv.insert(cmd.argv.end(), {"-k", route_.key_file});
        cmd.argv.insert(cmd.argv.end(), {"+norecurse", "+time=3", "+tries=1", "+noall", "+comments", "+answer",
                                         route_.zone, "SOA", fqdn_, "A", fqdn_, "AAAA"});
        cmd.timeout = tool_timeout;
        Result r = run(cmd);
        if (r.not_found)
            throw RouterError(context() + ": dig is not installed (Debian package bind9-dnsutils)");
        if (!r.ok()) throw RouterError(context() + ": the server does not answer: " + describe_dig(r));
        std::vector<DigAnswer> answers = parse_dig(r.out);
        if (answers.size() != 3)
            throw RouterError(context() + ": the server does not answer every query: " + describe_dig(r));
        const DigAnswer& soa = answers[0];
        if (soa.signature_failed || soa.status == "NOTAUTH")
            throw RouterError(context() + ": the server rejects the TSIG key in " + route_.key_file + " (status " +
                              soa.status + ")");
        bool has_soa = false;
        for (const auto& rec : soa.records) has_soa = has_soa || rec[3] == "SOA";
        if (soa.status != "NOERROR" || !soa.authoritative || !has_soa)
            throw RouterError(context() + ": the server is not authoritative for zone " + route_.zone + " (status " +
                              (soa.status.empty() ? "none" : soa.status) + (soa.authoritative ? "" : ", no aa flag") +
                              "); is the zone configured there?");
        std::map<std::string, bool> published;
        for (std::size_t i = 1; i < 3; ++i) {
            const DigAnswer& a = answers[i];
            if (a.status != "NOERROR" && a.status != "NXDOMAIN")
                throw RouterError(context() + ": query for " + fqdn_ + " failed with status " + a.status);
            for (const auto& rec : a.records)
                if ((rec[3] == "A" || rec[3] == "AAAA") && rec[0] == fqdn_) published[canonical(rec[4])] = true;
        }
        return published;
    }

    // dig reports a missing server on stdout (";; communications error ..."); that is the message.
    static std::string describe_dig(const Result& r) {
        Result shown = r;
        if (trimmed(shown.err).empty()) {
            std::istringstream in(r.out);
            for (std::string line; std::getline(in, line);)
                if (line.rfind(";; ", 0) == 0 && line.find("Got answer") == std::string::npos &&
                    line.find("->>HEADER") == std::string::npos && line.find("flags:") == std::string::npos)
                    shown.err += line.substr(3) + "; ";
        }
        return shown.describe();
    }

    model::Route route_;
    std::string host_, port_, fqdn_;
    std::map<std::string, Clock::time_point> withdrawn_at_;
};

}  // namespace

std::unique_ptr<Router> dns_router(const model::Route& route) {
    if (route.zone.empty() || route.backend.empty() || route.dns_server.empty() || route.key_file.empty())
        throw RouterError("route " + route.service + ": `via dns` needs a zone, a name, a server and a key");
    return std::make_unique<DnsRouter>(route);
}

}  // namespace aa::runtime
