#include "compiler/format/format_tests.hpp"

#include <algorithm>
#include <string_view>
#include <variant>

namespace aa {
namespace {

constexpr std::size_t kCommentColumn = 43;  // as format.cpp: trailing comments start in column 44

std::size_t width(std::string_view s) {
    return std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

std::string comment_text(const ast::Comment& c) {
    std::string_view t = c.text;
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r' || t.back() == '\n')) t.remove_suffix(1);
    return std::string(t);
}

class Out {
public:
    void comments(int depth, const std::vector<ast::Comment>& cs) {
        for (const ast::Comment& c : cs) text_ += indent(depth) + comment_text(c) + "\n";
    }
    void line(int depth, const std::string& code, const Maybe<ast::Comment>& trailing) {
        std::string t = indent(depth) + code;
        if (trailing) {
            std::size_t w = width(t);
            t += w + 2 <= kCommentColumn ? std::string(kCommentColumn - w, ' ') : std::string(2, ' ');
            t += comment_text(*trailing);
        }
        text_ += t + "\n";
    }
    void blank() {
        if (!text_.empty() && !(text_.size() >= 2 && text_.ends_with("\n\n"))) text_ += '\n';
    }
    std::string take() { return std::move(text_); }

private:
    static std::string indent(int depth) { return std::string(static_cast<std::size_t>(depth) * 2, ' '); }
    std::string text_;
};

std::string joined(const std::vector<ast::Value>& words) {
    std::string s;
    for (const ast::Value& w : words) s += (s.empty() ? "" : " ") + w.raw;
    return s;
}

std::string statement(const ast::TestItem& item) {
    return std::visit(
        [](const auto& st) -> std::string {
            using T = std::decay_t<decltype(st)>;
            if constexpr (std::is_same_v<T, ast::GoldenStmt>) {
                return st.keyword.text;
            } else if constexpr (std::is_same_v<T, ast::StateStmt>) {
                if (st.key && st.value)
                    return st.keyword.text + " " + st.subject.text + " attribute " + st.key->text + " = " + st.value->raw;
                return joined(st.words);
            } else {
                return joined(st.words);
            }
        },
        item);
}

}  // namespace

std::string format_tests(const ast::TestFile& file, const SourceSet&) {
    Out out;
    bool first = true;
    for (const ast::Test& t : file.tests) {
        if (!first) out.blank();
        first = false;
        out.comments(0, t.trivia.leading);
        out.line(0, "test " + t.name.raw + " {", t.trivia.trailing);
        bool first_item = true;
        for (const ast::TestItem& item : t.items) {
            const ast::Node& n = ast::node_of(item);
            if (!first_item && n.trivia.blank_line_before) out.blank();
            first_item = false;
            out.comments(1, n.trivia.leading);
            out.line(1, statement(item), n.trivia.trailing);
        }
        out.comments(1, t.end_comments);
        out.line(0, "}", std::nullopt);
    }
    if (!file.end_comments.empty()) {
        out.blank();
        out.comments(0, file.end_comments);
    }
    return out.take();
}

}  // namespace aa
