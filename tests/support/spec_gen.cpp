#include "support/spec_gen.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string_view>

#include "compiler/lang/vocabulary.hpp"
#include "support/test_support.hpp"

namespace aa::test {
namespace {

// ---- picking values (only valid inside rc::gen::exec) ----

int pick(int lo, int hi) { return *rc::gen::inRange(lo, hi + 1); }
bool chance(int percent) { return pick(0, 99) < percent; }
template <class T>
T one_of(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
}
template <class T>
void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<std::size_t>(pick(0, static_cast<int>(i) - 1))]);
}
// A random subset of `v` of size `k`, in random order.
template <class T>
std::vector<T> sample(std::vector<T> v, std::size_t k) {
    shuffle(v);
    v.resize(std::min(k, v.size()));
    return v;
}

std::size_t rank_of(std::string_view word) {
    auto order = vocab::service_items;
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), word) - order.begin());
}
std::size_t clone_rank(std::string_view word) {
    auto order = vocab::clone_items;
    return static_cast<std::size_t>(std::find(order.begin(), order.end(), word) - order.begin());
}

// ---- the spec as statements, before layout ----

struct Stmt {
    std::size_t rank = 0;            // canonical position inside its block
    std::vector<std::string> words;  // the header line
    bool block = false;
    std::vector<Stmt> body;
};

Stmt line(std::size_t rank, std::vector<std::string> words) { return Stmt{rank, std::move(words), false, {}}; }

struct Duration {
    std::string text;
    long ms;
};

const std::vector<Duration> kIntervals = {{"5s", 5000},   {"10s", 10000},  {"15s", 15000},  {"20s", 20000},
                                          {"30s", 30000}, {"45s", 45000},  {"2m", 120000},  {"5m", 300000},
                                          {"1h", 3600000}, {"1500ms", 1500}};
const std::vector<Duration> kTimeouts = {{"500ms", 500}, {"1s", 1000}, {"5s", 5000}, {"10s", 10000}, {"20s", 20000}, {"1m", 60000}};

struct Names {
    std::vector<std::string> nodes;
    std::vector<std::string> services;
    std::vector<bool> cloned;
};

// Sometimes an explicit CIB id (as `aa import` writes them); each one unique in the spec.
void maybe_id(Stmt& s, const std::string& id) {
    if (chance(10)) s.words.insert(s.words.end(), {"id", "\"" + id + "\""});
}

std::vector<Stmt> monitors(const std::string& service) {
    std::vector<Stmt> out;
    for (const Duration& every : sample(kIntervals, static_cast<std::size_t>(pick(0, 3)))) {
        std::vector<std::string> w{"monitor", "every", every.text};
        if (chance(50)) {
            std::vector<Duration> fits;
            for (const Duration& t : kTimeouts)
                if (t.ms <= every.ms) fits.push_back(t);
            if (!fits.empty()) w.insert(w.end(), {"timeout", one_of(fits).text});
        }
        if (chance(30)) w.insert(w.end(), {"on-fail", one_of<std::string>({"restart", "ignore", "block", "stop"})});
        out.push_back(line(rank_of("monitor"), w));
        maybe_id(out.back(), "x-" + service + "-monitor-" + every.text);
    }
    return out;
}

std::vector<Stmt> key_values(std::string_view keyword, const std::vector<std::pair<std::string, std::string>>& pool,
                             int most) {
    std::vector<Stmt> out;
    for (const auto& [k, v] : sample(pool, static_cast<std::size_t>(pick(0, most))))
        out.push_back(line(rank_of(keyword), {std::string(keyword), k, "=", v}));
    return out;
}

Stmt clone_stmt(bool systemd, int eligible, bool canonical) {
    std::string max = std::to_string(pick(1, eligible));
    std::string per_node = std::to_string(systemd ? 1 : pick(1, 2));
    std::vector<std::string> flags = sample<std::string>({"interleave", "ordered", "notify", "globally-unique"},
                                                         static_cast<std::size_t>(pick(0, 2)));
    // Only a globally unique clone may run several instances on one node (E034).
    if (per_node != "1" && std::find(flags.begin(), flags.end(), "globally-unique") == flags.end())
        flags.push_back("globally-unique");
    if (canonical)
        std::sort(flags.begin(), flags.end(), [](auto& a, auto& b) { return clone_rank(a) < clone_rank(b); });
    if (chance(50)) {
        Stmt s = line(rank_of("clone"), {"clone", "max", max, "per-node", per_node});
        s.words.insert(s.words.end(), flags.begin(), flags.end());
        return s;
    }
    Stmt s = line(rank_of("clone"), {"clone", "{"});
    s.block = true;
    s.body.push_back(line(clone_rank("max"), {"max", max}));
    if (chance(70)) s.body.push_back(line(clone_rank("per-node"), {"per-node", per_node}));
    for (const std::string& f : flags) s.body.push_back(line(clone_rank(f), {f}));
    for (const auto& [k, v] : sample<std::pair<std::string, std::string>>({{"priority", "5"}, {"target-role", "Started"}},
                                                                         static_cast<std::size_t>(pick(0, 2))))
        s.body.push_back(line(clone_rank("meta"), {"meta", k, "=", v}));
    return s;
}

Stmt service(const std::string& name, const Names& names, bool cloned, bool canonical) {
    Stmt s = line(0, {"service", name, "{"});
    s.block = true;
    bool systemd = chance(50);
    auto add = [&](std::vector<Stmt> more) { s.body.insert(s.body.end(), more.begin(), more.end()); };
    if (systemd) {
        s.body.push_back(line(rank_of("unit"), {"unit", one_of<std::string>({name + ".service", "\"" + name + ".service\"", name})}));
    } else {
        std::string agent = one_of<std::string>({"ocf:pacemaker:Dummy", "ocf:heartbeat:apache", "lsb:" + name});
        s.body.push_back(line(rank_of("agent"), {"agent", agent}));
        if (agent.starts_with("ocf:"))  // lsb and systemd agents take no params
            add(key_values("param", {{"state", "\"/run/" + name + ".state\""}, {"port", "8080"}, {"mode", "fast"},
                                 {"options", "\"-a \\\"quoted\\\" \\\\ path\\t\""}}, 3));
    }
    add(monitors(name));
    for (std::string op : {"start", "stop"})
        if (chance(40)) s.body.push_back(line(rank_of(op), {op, "timeout", one_of<std::string>({"20s", "60s", "90s", "2m"})}));
    add(key_values("meta", {{"migration-threshold", "3"}, {"failure-timeout", "5m"}, {"target-role", "Started"},
                            {"priority", "10"}}, 2));
    int n = static_cast<int>(names.nodes.size());
    int avoided = 0;
    for (const std::string& node : sample(names.nodes, static_cast<std::size_t>(pick(0, n)))) {
        if (avoided < n - 1 && chance(50)) {
            s.body.push_back(line(rank_of("avoid"), {"avoid", node}));
            maybe_id(s.body.back(), "x-" + name + "-avoid-" + node);
            ++avoided;
        } else {
            Stmt p = line(rank_of("prefer"), {"prefer", node});
            if (chance(50)) p.words.insert(p.words.end(), {"score", one_of<std::string>({"50", "100", "INFINITY", "10"})});
            maybe_id(p, "x-" + name + "-prefer-" + node);
            s.body.push_back(p);
        }
    }
    if (cloned || chance(20)) s.body.push_back(line(rank_of("parallel-safe"), {"parallel-safe"}));
    if (cloned) s.body.push_back(clone_stmt(systemd, n - avoided, canonical));
    return s;
}

Stmt cluster(const Names& names) {
    Stmt c = line(0, {"cluster", one_of<std::string>({"prod", "lab", "web_1", "c.east"}), "{"});
    c.block = true;
    Stmt nodes = line(0, {"nodes"});
    nodes.words.insert(nodes.words.end(), names.nodes.begin(), names.nodes.end());
    c.body.push_back(nodes);
    for (const auto& [k, v] : sample<std::pair<std::string, std::string>>(
             {{"stonith-enabled", one_of<std::string>({"true", "false"})}, {"no-quorum-policy", "stop"},
              {"cluster-recheck-interval", "2m"}, {"maintenance-mode", "false"}},
             static_cast<std::size_t>(pick(0, 3))))
        c.body.push_back(line(1, {"property", k, "=", v}));
    return c;
}

std::optional<Stmt> defaults() {
    if (!chance(50)) return std::nullopt;
    Stmt d = line(0, {"defaults", "{"});
    d.block = true;
    for (const auto& [k, v] : sample<std::pair<std::string, std::string>>(
             {{"resource-stickiness", "100"}, {"migration-threshold", "3"}, {"failure-timeout", "10m"}},
             static_cast<std::size_t>(pick(0, 2))))
        d.body.push_back(line(0, {"resource", k, "=", v}));
    for (const auto& [k, v] : sample<std::pair<std::string, std::string>>({{"timeout", "20s"}, {"record-pending", "true"}},
                                                                         static_cast<std::size_t>(pick(0, 2))))
        d.body.push_back(line(1, {"op", k, "=", v}));
    return d;
}

// Constraints follow one random ranking of the services, so orders never form a cycle.
std::vector<Stmt> relations(const Names& names) {
    std::vector<std::string> ranked = names.services;
    shuffle(ranked);
    std::vector<std::pair<std::string, std::string>> pairs;
    for (std::size_t i = 0; i < ranked.size(); ++i)
        for (std::size_t j = i + 1; j < ranked.size(); ++j) pairs.emplace_back(ranked[i], ranked[j]);
    std::vector<Stmt> out;
    for (const auto& [a, b] : sample(pairs, static_cast<std::size_t>(pick(0, 3)))) {
        Stmt o = line(0, {"order", a, "then", b});
        if (chance(30)) o.words.push_back(one_of<std::string>({"optional", "serialize"}));
        maybe_id(o, "x-order-" + a + "-" + b);
        out.push_back(o);
    }
    for (const auto& [a, b] : sample(pairs, static_cast<std::size_t>(pick(0, 3)))) {
        Stmt c = line(0, {"colocate", b, "with", a});
        if (chance(30)) c.words.insert(c.words.end(), {"score", one_of<std::string>({"100", "INFINITY", "-50"})});
        maybe_id(c, "x-colocation-" + b + "-" + a);
        out.push_back(c);
    }
    return out;
}

std::optional<Stmt> route(const std::string& service, const Names& names) {
    if (!chance(50)) return std::nullopt;
    Stmt r = line(0, {"route", service, "{"});
    r.block = true;
    int kind = pick(0, 2);
    if (kind == 0)
        r.body.push_back(line(0, {"via", "haproxy", "backend", "be_" + service, "socket", "\"/run/haproxy/admin.sock\""}));
    else if (kind == 1)
        r.body.push_back(line(0, {"via", "haproxy", "backend", "be_" + service, "address", "127.0.0.1:9999"}));
    else
        r.body.push_back(line(0, {"via", "command", "drain", "\"lbctl drain {server}\"", "ready", "\"lbctl ready {backend} {server}\""}));
    for (std::size_t i = 0; i < names.nodes.size(); ++i)
        r.body.push_back(line(1, {"server", names.nodes[i], service + "_" + std::to_string(i + 1)}));
    if (chance(50)) r.body.push_back(line(2, {"drain", one_of<std::string>({"30s", "1m", "500ms"})}));
    return r;
}

// ---- layout ----

class Layout {
public:
    explicit Layout(bool canonical) : canonical_(canonical), eol_(!canonical && chance(15) ? "\r\n" : "\n") {}

    std::string top(std::vector<Stmt> items) {
        bool first = true;
        for (Stmt& s : items) {
            if (!first) blank_lines(true);
            first = false;
            statement(0, s);
        }
        if (chance(20)) {
            if (!items.empty()) blank_lines(true);
            comment_lines(0);
        }
        return std::move(out_);
    }

private:
    void statement(int depth, Stmt& s) {
        if (chance(20)) comment_lines(depth);
        emit(depth, join(s.words), true);
        if (!s.block) return;
        if (canonical_)
            std::stable_sort(s.body.begin(), s.body.end(), [](const Stmt& a, const Stmt& b) { return a.rank < b.rank; });
        else
            shuffle(s.body);
        bool first = true;
        for (Stmt& child : s.body) {
            if (!first && chance(15)) blank_lines(false);
            first = false;
            statement(depth + 1, child);
        }
        if (chance(15)) comment_lines(depth + 1);
        emit(depth, "}", false);
    }

    void emit(int depth, const std::string& code, bool may_comment) {
        out_ += indent(depth) + code;
        if (may_comment && chance(20)) out_ += sep() + comment();
        else if (!canonical_ && chance(5)) out_ += " \t";  // trailing whitespace
        out_ += eol_;
    }

    void comment_lines(int depth) {
        for (int i = pick(1, 2); i > 0; --i) out_ += indent(depth) + comment() + eol_;
    }

    void blank_lines(bool required) {
        int n = canonical_ ? 1 : pick(required ? 0 : 1, 2);
        for (int i = 0; i < n; ++i) out_ += (canonical_ || chance(80) ? "" : "  ") + eol_;
    }

    std::string comment() {
        return one_of<std::string>({"# note", "#", "## twice", "# café — ünïcode", "# a { brace } and \"quotes\"",
                                    "#no space", "# = looks like key = value"});
    }

    std::string indent(int depth) {
        if (canonical_) return std::string(static_cast<std::size_t>(depth) * 2, ' ');
        return one_of<std::string>({std::string(static_cast<std::size_t>(depth) * 2, ' '), std::string(static_cast<std::size_t>(depth) * 4, ' '),
                                    std::string(static_cast<std::size_t>(depth), '\t'), ""});
    }

    std::string sep() { return canonical_ || chance(70) ? " " : one_of<std::string>({"  ", "\t", " \t "}); }

    std::string join(const std::vector<std::string>& words) {
        std::string s;
        for (std::size_t i = 0; i < words.size(); ++i) s += (i ? sep() : "") + words[i];
        return s;
    }

    bool canonical_;
    std::string eol_;
    std::string out_;
};

std::string valid_spec(SpecGenOptions options) {
    Names names;
    std::string prefix = one_of<std::string>({"node", "web", "db", "n"});
    for (int i = 1, n = pick(1, 5); i <= n; ++i) names.nodes.push_back(prefix + "-0" + std::to_string(i));
    std::vector<std::string> pool = {"app", "api", "web", "db", "cache", "queue", "worker", "proxy"};
    for (int i = 0, n = pick(0, 6); i < n; ++i) names.services.push_back(pool[static_cast<std::size_t>(i)] + "_" + std::to_string(pick(0, 9)));

    std::vector<Stmt> top{cluster(names)};
    if (auto d = defaults()) top.push_back(*d);
    for (const std::string& name : names.services) {
        bool cloned = chance(60);
        top.push_back(service(name, names, cloned, options.canonical));
        if (cloned)
            if (auto r = route(name, names)) top.push_back(*r);
    }
    for (Stmt& r : relations(names)) top.push_back(r);
    shuffle(top);
    return Layout(options.canonical).top(std::move(top));
}

// ---- mutations ----

std::vector<std::string> example_texts() {
    std::vector<std::string> texts;
    for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "examples"))
        if (entry.path().extension() == ".aa") texts.push_back(read_file(entry.path()));
    std::sort(texts.begin(), texts.end());
    return texts;
}

std::string random_bytes() {
    static const std::string interesting = "{}#\"\\= \n\t\r-.:@0123456789abcsxyz";
    std::string s;
    for (int i = pick(1, 8); i > 0; --i)
        s += chance(80) ? interesting[static_cast<std::size_t>(pick(0, static_cast<int>(interesting.size()) - 1))]
                        : static_cast<char>(pick(0, 255));
    return s;
}

void mutate_once(std::string& text) {
    std::size_t size = text.size();
    std::size_t at = static_cast<std::size_t>(pick(0, static_cast<int>(size)));
    std::size_t len = std::min<std::size_t>(static_cast<std::size_t>(pick(1, 40)), size - at);
    switch (pick(0, 3)) {
    case 0: text.insert(at, random_bytes()); break;
    case 1: text.erase(at, len); break;
    case 2: text.replace(at, len, random_bytes()); break;
    default: text.insert(static_cast<std::size_t>(pick(0, static_cast<int>(size))), text.substr(at, len)); break;
    }
}

}  // namespace

rc::Gen<std::string> gen_valid_spec_text(SpecGenOptions options) {
    return rc::gen::exec([options] { return valid_spec(options); });
}

rc::Gen<std::string> gen_mutated_example() {
    return rc::gen::exec([] {
        static const std::vector<std::string> examples = example_texts();
        std::string text = examples.empty() ? std::string() : one_of(examples);
        for (int i = pick(1, 6); i > 0; --i) mutate_once(text);
        return text;
    });
}

std::string generate_large_spec(int services) {
    std::string out = "cluster bench {\n  nodes node-01 node-02 node-03\n}\n";
    auto name = [](int i) {
        std::string digits = std::to_string(i);
        return "svc" + std::string(digits.size() < 5 ? 5 - digits.size() : 0, '0') + digits;
    };
    for (int i = 0; i < services; ++i) {
        out += "\nservice " + name(i) + " {\n  unit " + name(i) +
               "\n  monitor every 30s\n  parallel-safe\n  clone max 2\n}\n";
        if (i > 0 && i % 2 == 0) out += "\norder " + name(i - 1) + " then " + name(i) + "\n";
        if (i > 0 && i % 2 == 1) out += "\ncolocate " + name(i) + " with " + name(i - 1) + "\n";
    }
    return out;
}

}  // namespace aa::test
