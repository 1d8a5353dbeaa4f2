// The parse state the grammar's actions fill in: tokens of the statement being read, comments
// not yet attached, the block under construction, and the File being built.
// Internal to grammar/ (build_ast.cpp holds the actions, parse.cpp the driver).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/lang/ast.hpp"
#include "compiler/diag/diag.hpp"
#include "compiler/diag/source.hpp"
#include "grammar/syntax_error.hpp"

namespace aa::grammar {

// One word of the statement being read; statements are assembled from these when they end.
struct Token {
    bool is_ident = false;
    ast::ValueKind kind = ast::ValueKind::Word;
    std::string text;  // decoded
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
};

class Builder {
public:
    Builder(const SourceSet& sources, std::uint32_t file, Diagnostics& diags, ast::File& out);

    // ---- positions ----
    const char* text_begin() const { return begin_; }
    std::uint32_t offset(const char* p) const { return static_cast<std::uint32_t>(p - begin_); }
    Span span(const char* p, std::size_t n) const;

    // ---- tokens ----
    void push_ident(const char* p, std::size_t n);
    void push_value(ast::ValueKind kind, std::string text, const char* p, std::size_t n);
    ast::Ident ident(const Token& t) const;
    ast::Value value(const Token& t) const;
    std::vector<Token> toks;

    // ---- comments and blank lines ----
    void comment(const char* p, std::size_t n);
    void blank_line() { pending_blank_ = true; }
    ast::Trivia take_trivia();
    std::vector<ast::Comment> take_comments();
    // The statement whose line a comment right after `end` would trail.
    void ended(ast::Trivia& t, const char* end);

    // ---- blocks under construction ----
    std::optional<ast::Cluster> cluster;
    std::optional<ast::Defaults> defaults;
    std::optional<ast::Service> service;
    std::optional<ast::Group> group;  // shares service_items with `service` (one is open at a time)
    std::optional<ast::Route> route;
    std::optional<ast::Fencing> fencing;
    std::optional<ast::CloneStmt> clone;
    // The open service's items are collected here and moved into a vector of the right size
    // when the block closes: service items are large, and growing vectors of them dominated
    // the parse time of big specs.
    std::vector<ast::ServiceItem> service_items;
    std::vector<ast::CloneItem> clone_items;  // the same for the open clone's options
    void move_service_items();
    void move_clone_items();
    bool clone_block = false;  // inside `clone { ... }`

    // Adds a finished statement to `items` and makes it the target of a trailing comment.
    template <class Item, class Items>
    void add(Items& items, Item&& item, const char* end) {
        items.push_back(std::forward<Item>(item));
        ended(std::get<std::decay_t<Item>>(items.back()).trivia, end);
        toks.clear();
    }
    void add_top(ast::TopItem item, const char* end);

    // ---- errors ----
    // After this many syntax errors in one file the rest is noise: report that and stop.
    static constexpr std::size_t max_syntax_errors = 100;
    struct TooManyErrors {};
    void report(const SyntaxError& e);  // throws TooManyErrors past the limit
    // Called by rules::recover_line: the broken statement is dropped, the block goes on.
    void on_recovered_error(const SyntaxError& e);
    // After an error that ends the top-level statement: keep what the open block had so far.
    void close_open_blocks(const char* at);
    // "`service app` (opened at line 3)": the innermost open block, for "expected `}`".
    std::string open_block_description() const;
    void finish();

private:
    const SourceSet& sources_;
    std::uint32_t file_;
    Diagnostics& diags_;
    ast::File& out_;
    const char* begin_;
    const char* end_;
    const std::vector<std::uint32_t>* line_starts_;
    mutable std::size_t line_hint_ = 0;  // spans are mostly asked for in source order
    Span locate(std::uint32_t offset, std::uint32_t length) const;
    std::size_t count_top_level_lines() const;
    std::vector<ast::Comment> pending_;
    bool pending_blank_ = false;
    ast::Trivia* last_ = nullptr;  // the statement that ended last (for a trailing comment)
    std::uint32_t last_end_ = 0;
    std::size_t reported_ = 0;
};

// build_ast.cpp: the grammar with its actions, over [begin, end). Throws SyntaxError.
void run_grammar(const char* begin, const char* end, Builder& b);

}  // namespace aa::grammar
