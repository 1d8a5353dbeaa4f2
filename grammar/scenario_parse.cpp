// The test-file grammar's actions and driver. Words are recorded as tokens while a statement is
// read; when its body matched, the statement is assembled from them (spans, comments attached).
#include "grammar/scenario_parse.hpp"

#include <cctype>
#include <cstring>
#include <optional>
#include <type_traits>

#include "grammar/scenario_errors.hpp"
#include "grammar/scenario_rules.hpp"

namespace aa::grammar {
namespace {

namespace s = scenario_rules;
namespace r = rules;

std::string decode(std::string_view raw) {
    std::string out;
    for (std::size_t i = 1; i + 1 < raw.size(); ++i) {
        char c = raw[i];
        if (c == '\\' && i + 2 < raw.size()) {
            char e = raw[++i];
            out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
        } else {
            out += c;
        }
    }
    return out;
}

struct Word {
    bool ident = false;
    ast::ValueKind kind = ast::ValueKind::Word;
    std::string text;
    std::uint32_t offset = 0, length = 0;
};

class State {
public:
    State(const SourceSet& sources, std::uint32_t file, Diagnostics& diags, ast::TestFile& out)
        : sources_(sources), file_(file), diags_(diags), out_(out), begin_(sources.file(file).text.data()) {}

    const char* text_begin() const { return begin_; }
    Span span(const char* p, std::size_t n) const {
        return sources_.span_at(file_, static_cast<std::uint32_t>(p - begin_), static_cast<std::uint32_t>(n));
    }

    std::vector<Word> words;
    void push(bool ident, ast::ValueKind kind, std::string text, const char* p, std::size_t n) {
        words.push_back({ident, kind, std::move(text), static_cast<std::uint32_t>(p - begin_), static_cast<std::uint32_t>(n)});
    }
    ast::Ident ident(const Word& w) const { return {w.text, sources_.span_at(file_, w.offset, w.length)}; }
    ast::Value value(const Word& w) const {
        return {w.kind, w.text, std::string(begin_ + w.offset, w.length), sources_.span_at(file_, w.offset, w.length)};
    }
    std::vector<ast::Value> all_words() const {
        std::vector<ast::Value> out;
        for (const Word& w : words) out.push_back(value(w));
        return out;
    }

    // ---- comments ----
    void comment(const char* p, std::size_t n) {
        if (n > 0 && p[n - 1] == '\r') --n;
        ast::Comment c{std::string(p, n), span(p, n)};
        auto at = static_cast<std::uint32_t>(p - begin_);
        bool same_line = last_ && last_end_ <= at && std::memchr(begin_ + last_end_, '\n', at - last_end_) == nullptr;
        if (same_line && !last_->trailing) {
            last_->trailing = std::move(c);
            return;
        }
        last_ = nullptr;
        pending_.push_back(std::move(c));
    }
    void blank_line() { pending_blank_ = true; }
    ast::Trivia take_trivia() {
        ast::Trivia t;
        t.leading = std::move(pending_);
        t.blank_line_before = pending_blank_;
        pending_.clear();
        pending_blank_ = false;
        return t;
    }
    std::vector<ast::Comment> take_comments() {
        std::vector<ast::Comment> c = std::move(pending_);
        pending_.clear();
        pending_blank_ = false;
        last_ = nullptr;
        return c;
    }
    void ended(ast::Trivia& t, const char* end) {
        last_ = &t;
        last_end_ = static_cast<std::uint32_t>(end - begin_);
    }

    // ---- the test under construction ----
    std::optional<ast::Test> test;
    template <class Stmt, class In>
    Stmt start(const In& in) {
        Stmt st;
        st.span = span(in.begin(), in.size());
        st.trivia = take_trivia();
        st.keyword = ident(words.at(0));
        return st;
    }
    template <class Stmt>
    void add(Stmt&& st, const char* end) {
        test->items.push_back(std::forward<Stmt>(st));
        ended(std::get<std::decay_t<Stmt>>(test->items.back()).trivia, end);
        words.clear();
    }
    void close_test(const char* end) {
        ast::Test done = std::move(*test);
        test.reset();
        const char* head = begin_ + done.span.offset;
        done.span = span(head, static_cast<std::size_t>(end - head));
        out_.tests.push_back(std::move(done));
        last_ = nullptr;  // a comment after `}` leads whatever follows
        words.clear();
    }

    // ---- errors ----
    static constexpr std::size_t max_errors = 100;
    struct TooMany {};
    void report(const SyntaxError& e) {
        std::size_t length = e.length;
        const char* end = begin_ + sources_.file(file_).text.size();
        if (e.at + length > end) length = static_cast<std::size_t>(end - e.at);
        if (reported_++ == max_errors) {
            diags_.error("E001", span(e.at, length), "too many syntax errors; the rest of this file is not parsed");
            throw TooMany{};
        }
        std::string message = e.message;
        if (e.kind == SyntaxError::Kind::Unclosed && test)
            message = "expected `}` to close `test \"" + test->name.text + "\"` (opened at line " +
                      std::to_string(test->span.line) + ")";
        Diagnostic& d = diags_.error(e.kind == SyntaxError::Kind::Unknown ? "E002" : "E001", span(e.at, length),
                                     std::move(message));
        if (e.fixit) d.fixit = FixIt{*e.fixit};
    }
    void on_recovered_error(const SyntaxError& e) {
        report(e);
        words.clear();
        last_ = nullptr;
    }
    void keep_open_test(const char* at) {
        if (test) close_test(at);
        words.clear();
        last_ = nullptr;
    }
    void finish() {
        for (ast::Comment& c : take_comments()) out_.end_comments.push_back(std::move(c));
    }

private:
    const SourceSet& sources_;
    std::uint32_t file_;
    Diagnostics& diags_;
    ast::TestFile& out_;
    const char* begin_;
    std::vector<ast::Comment> pending_;
    bool pending_blank_ = false;
    ast::Trivia* last_ = nullptr;
    std::uint32_t last_end_ = 0;
    std::size_t reported_ = 0;
};

template <class Rule>
struct action : tao::pegtl::nothing<Rule> {};

// ---- tokens ----
template <class Rule>
    requires(std::is_base_of_v<r::keyword_tag, Rule> || std::is_base_of_v<r::name_tag, Rule>)
struct action<Rule> {
    template <class In>
    static void apply(const In& in, State& st) {
        st.push(true, ast::ValueKind::Word, in.string(), in.begin(), in.size());
    }
};
template <class Rule>
    requires std::is_base_of_v<r::value_tag, Rule>
struct action<Rule> {
    template <class In>
    static void apply(const In& in, State& st) {
        st.push(false, ast::ValueKind::Word, in.string(), in.begin(), in.size());
    }
};
template <class Rule>
    requires std::is_base_of_v<r::string_tag, Rule>
struct action<Rule> {
    template <class In>
    static void apply(const In& in, State& st) {
        st.push(false, ast::ValueKind::String, decode(in.string_view()), in.begin(), in.size());
    }
};
template <class Rule>
    requires std::is_base_of_v<r::count_tag, Rule>
struct action<Rule> {
    template <class In>
    static void apply(const In& in, State& st) {
        st.push(false, ast::ValueKind::Integer, in.string(), in.begin(), in.size());
    }
};

template <>
struct action<r::comment> {
    template <class In>
    static void apply(const In& in, State& st) {
        st.comment(in.begin(), in.size());
    }
};
template <>
struct action<r::blank_line> {
    template <class In>
    static void apply(const In&, State& st) {
        st.blank_line();
    }
};

// ---- the test block ----
template <>
struct action<s::test_head> {
    template <class In>
    static void apply(const In& in, State& st) {
        ast::Test t;
        t.span = st.span(in.begin(), in.size());
        t.trivia = st.take_trivia();
        t.keyword = st.ident(st.words.at(0));
        t.name = st.value(st.words.at(1));
        st.test = std::move(t);
        st.ended(st.test->trivia, in.end());
        st.words.clear();
    }
};
template <>
struct action<s::test_close> {
    template <class In>
    static void apply(const In&, State& st) {
        st.test->end_comments = st.take_comments();
    }
};
template <>
struct action<s::test_block> {
    template <class In>
    static void apply(const In& in, State& st) {
        st.close_test(in.end());
    }
};

// ---- given / when: [keyword, subject, state, ...] ----
template <class In>
void add_state(const In& in, State& st) {
    auto stmt = st.start<ast::StateStmt>(in);
    const auto& w = st.words;
    stmt.subject = st.ident(w.at(1));
    stmt.state = st.ident(w.at(2));
    if (stmt.state.text == "attribute") {
        stmt.key = st.ident(w.at(3));
        stmt.value = st.value(w.at(4));
    } else if (stmt.state.text == "failed" || stmt.state.text == "fails") {
        stmt.node = st.ident(w.at(4));
        if (w.size() > 6) stmt.count = st.value(w.at(6));
    }
    stmt.words = st.all_words();
    st.add(std::move(stmt), in.end());
}
template <>
struct action<s::given_body> {
    template <class In>
    static void apply(const In& in, State& st) {
        add_state(in, st);
    }
};
template <>
struct action<s::when_body> {
    template <class In>
    static void apply(const In& in, State& st) {
        add_state(in, st);
    }
};

// ---- expect: the words say which form matched ----
template <>
struct action<s::expect_body> {
    template <class In>
    static void apply(const In& in, State& st) {
        using K = ast::ExpectStmt::Kind;
        auto e = st.start<ast::ExpectStmt>(in);
        const auto& w = st.words;
        const std::string& first = w.at(1).text;
        auto rest = [&](std::size_t from) {
            for (std::size_t i = from; i < w.size(); ++i) e.names.push_back(st.ident(w[i]));
        };
        if (first == "nothing") {
            e.kind = K::NothingStopped;
        } else if (first == "route") {
            e.service = st.ident(w.at(2));
            if (w.at(3).text == "ready") {
                e.kind = K::RouteReady;
                rest(4);
            } else {
                e.kind = K::RouteCount;
                e.comparison = "at least";
                e.count = st.value(w.at(5));
            }
        } else if (first == "no" || (w.size() > 3 && w[2].text == "of" && w[1].ident)) {
            std::size_t a = first == "no" ? 2 : 1;
            e.kind = K::Action;
            e.negated = first == "no";
            e.action = st.ident(w.at(a));
            e.service = st.ident(w.at(a + 2));
            if (w.size() > a + 4) e.names.push_back(st.ident(w.at(a + 4)));
        } else {
            e.service = st.ident(w.at(1));
            std::size_t i = 2;
            if (w.at(i).text == "promoted" || w.at(i).text == "unpromoted") e.role = st.ident(w.at(i++));
            const std::string& form = w.at(i).text;
            if (form == "on") {
                e.kind = K::On;
                rest(i + 1);
            } else if (form == "not") {
                e.kind = K::NotOn;
                rest(i + 2);
            } else if (form == "stopped") {
                e.kind = K::Stopped;
            } else {
                e.kind = K::Count;
                e.comparison = form == "exactly" ? "exactly" : "at " + w.at(i + 1).text;
                e.count = st.value(w.at(form == "exactly" ? i + 1 : i + 2));
            }
        }
        e.words = st.all_words();
        st.add(std::move(e), in.end());
    }
};

template <>
struct action<s::golden_body> {
    template <class In>
    static void apply(const In& in, State& st) {
        auto g = st.start<ast::GoldenStmt>(in);
        st.add(std::move(g), in.end());
    }
};

bool starts_test(const char* p, const char* end) {
    if (end - p < 4 || std::memcmp(p, "test", 4) != 0) return false;
    return end - p == 4 || !(std::isalnum(static_cast<unsigned char>(p[4])) || std::strchr("_.-", p[4]));
}

const char* next_line(const char* p, const char* end) {
    const void* nl = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
    return nl ? static_cast<const char*>(nl) + 1 : end;
}

// After an error that ends the test: resume at the next line that opens a test.
const char* resync(const char* begin, const char* attempt, const char* at, const char* end) {
    bool line_start = at == begin || at[-1] == '\n';
    if (line_start && at > attempt && starts_test(at, end)) return at;
    const char* p = next_line(at, end);
    while (p != end && !starts_test(p, end)) p = next_line(p, end);
    return p;
}

}  // namespace

ast::TestFile parse_tests(const SourceSet& sources, std::uint32_t source, Diagnostics& diags) {
    ast::TestFile file;
    file.source = source;
    try {
        State st(sources, source, diags, file);
        const std::string& text = sources.file(source).text;
        const char* begin = text.data();
        const char* end = begin + text.size();
        const char* cur = begin;
        if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) cur += 3;
        while (cur != end) {
            try {
                using Input = tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy, tao::pegtl::eol::lf_crlf, const char*>;
                Input in(cur, end, "aatest");
                tao::pegtl::parse<s::file, action, control>(in, st);
                break;
            } catch (const SyntaxError& e) {
                st.report(e);
                st.keep_open_test(e.at);
                cur = resync(begin, cur, e.at, end);
            }
        }
        st.finish();
    } catch (const State::TooMany&) {
    } catch (const std::exception& e) {
        diags.error("E001", Span{}, std::string("the parser stopped: ") + e.what()).path = sources.file(source).path;
    }
    return file;
}

}  // namespace aa::grammar
