#include "grammar/builder.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "compiler/lang/vocabulary.hpp"

namespace aa::grammar {

Builder::Builder(const SourceSet& sources, std::uint32_t file, Diagnostics& diags, ast::File& out)
    : sources_(sources), file_(file), diags_(diags), out_(out) {
    const SourceFile& f = sources.file(file);
    begin_ = f.text.data();
    end_ = f.text.data() + f.text.size();
    line_starts_ = &f.line_starts;
    out_.items.reserve(count_top_level_lines());
}

// The number of lines that start with a top-level keyword: the number of top-level statements
// in a file laid out as usual. Reserving it keeps big files from copying their statements.
std::size_t Builder::count_top_level_lines() const {
    std::size_t n = 0;
    for (const std::uint32_t start : *line_starts_) {
        const char* p = begin_ + start;
        const char* q = p;
        while (q != end_ && *q >= 'a' && *q <= 'z') ++q;
        std::string_view word(p, static_cast<std::size_t>(q - p));
        for (std::string_view k : vocab::top_level) n += word == k;
    }
    return n;
}

// Same result as SourceSet::span_at, but walks forward from the last line found instead of
// searching all lines: the parser asks in source order, so this is a step or two.
Span Builder::locate(std::uint32_t offset, std::uint32_t length) const {
    const std::vector<std::uint32_t>& ls = *line_starts_;
    std::size_t l = line_hint_ < ls.size() ? line_hint_ : 0;
    if (offset < ls[l]) {
        l = static_cast<std::size_t>(std::upper_bound(ls.begin(), ls.end(), offset) - ls.begin()) - 1;
    } else {
        for (int steps = 0; l + 1 < ls.size() && ls[l + 1] <= offset; ++l) {
            if (++steps > 8) {
                l = static_cast<std::size_t>(std::upper_bound(ls.begin(), ls.end(), offset) - ls.begin()) - 1;
                break;
            }
        }
    }
    line_hint_ = l;
    return Span{file_, offset, static_cast<std::uint32_t>(l + 1), offset - ls[l] + 1, length};
}

Span Builder::span(const char* p, std::size_t n) const {
    return locate(offset(p), static_cast<std::uint32_t>(n));
}

void Builder::push_ident(const char* p, std::size_t n) {
    Token t;
    t.is_ident = true;
    t.text.assign(p, n);
    t.offset = offset(p);
    t.length = static_cast<std::uint32_t>(n);
    toks.push_back(std::move(t));
}

void Builder::push_value(ast::ValueKind kind, std::string text, const char* p, std::size_t n) {
    Token t;
    t.kind = kind;
    t.text = std::move(text);
    t.offset = offset(p);
    t.length = static_cast<std::uint32_t>(n);
    toks.push_back(std::move(t));
}

ast::Ident Builder::ident(const Token& t) const {
    return ast::Ident{t.text, locate(t.offset, t.length)};
}

ast::Value Builder::value(const Token& t) const {
    return ast::Value{t.kind, t.text, std::string(begin_ + t.offset, t.length),
                      locate(t.offset, t.length)};
}

void Builder::comment(const char* p, std::size_t n) {
    if (n > 0 && p[n - 1] == '\r') --n;
    ast::Comment c{std::string(p, n), span(p, n)};
    // Same line as the statement that just ended: it trails that statement.
    std::uint32_t at = offset(p);
    bool same_line = last_ != nullptr && last_end_ <= at &&
                     std::memchr(begin_ + last_end_, '\n', at - last_end_) == nullptr;
    if (same_line && !last_->trailing) {
        last_->trailing = std::move(c);
        return;
    }
    last_ = nullptr;
    pending_.push_back(std::move(c));
}

ast::Trivia Builder::take_trivia() {
    ast::Trivia t;
    t.leading = std::move(pending_);
    t.blank_line_before = pending_blank_;
    pending_.clear();
    pending_blank_ = false;
    return t;
}

std::vector<ast::Comment> Builder::take_comments() {
    std::vector<ast::Comment> c = std::move(pending_);
    pending_.clear();
    pending_blank_ = false;
    last_ = nullptr;
    return c;
}

void Builder::ended(ast::Trivia& t, const char* end) {
    last_ = &t;
    last_end_ = offset(end);
}

void Builder::move_service_items() {
    if (!service && !group) return;
    std::vector<ast::ServiceItem>& items = service ? service->items : group->items;
    // A long block hands its buffer over, so it is never held twice; a short one is copied into
    // an exact fit and the builder's buffer is reused for the next block.
    if (items.empty() && service_items.size() > 64) {
        items.swap(service_items);
        return;
    }
    items.reserve(items.size() + service_items.size());
    for (ast::ServiceItem& item : service_items) items.push_back(std::move(item));
    service_items.clear();
}

void Builder::move_clone_items() {
    if (!clone) return;
    if (clone->items.empty() && clone_items.size() > 64) {  // as move_service_items
        clone->items.swap(clone_items);
        return;
    }
    clone->items.reserve(clone->items.size() + clone_items.size());
    for (ast::CloneItem& item : clone_items) clone->items.push_back(std::move(item));
    clone_items.clear();
}

void Builder::add_top(ast::TopItem item, const char* end) {
    out_.items.push_back(std::move(item));
    ended(const_cast<ast::Node&>(ast::node_of(out_.items.back())).trivia, end);
    toks.clear();
}

void Builder::report(const SyntaxError& e) {
    std::size_t length = e.length;
    if (e.at + length > end_) length = static_cast<std::size_t>(end_ - e.at);
    if (reported_++ == max_syntax_errors) {
        diags_.error("E001", span(e.at, length),
                     "too many syntax errors (" + std::to_string(max_syntax_errors) +
                         "); the rest of this file is not parsed");
        throw TooManyErrors{};
    }
    std::string message = e.message;
    if (e.kind == SyntaxError::Kind::Unclosed) {
        std::string open = open_block_description();
        if (!open.empty()) message = "expected `}` to close " + open;
    }
    Diagnostic& d = diags_.error(e.kind == SyntaxError::Kind::Unknown ? "E002" : "E001", span(e.at, length),
                                 std::move(message));
    if (e.fixit) d.fixit = FixIt{*e.fixit};
}

void Builder::on_recovered_error(const SyntaxError& e) {
    report(e);
    toks.clear();
    clone.reset();
    clone_items.clear();
    clone_block = false;
    last_ = nullptr;
}

namespace {
template <class Block>
void keep_partial(std::optional<Block>& block, const Builder& b, const char* at, std::vector<ast::TopItem>& items) {
    if (!block) return;
    const char* start = b.text_begin() + block->span.offset;
    block->span = b.span(start, static_cast<std::size_t>(at - start));
    items.push_back(std::move(*block));
    block.reset();
}
}  // namespace

void Builder::close_open_blocks(const char* at) {
    clone.reset();
    clone_items.clear();
    clone_block = false;
    keep_partial(cluster, *this, at, out_.items);
    keep_partial(defaults, *this, at, out_.items);
    move_service_items();
    keep_partial(service, *this, at, out_.items);
    keep_partial(group, *this, at, out_.items);
    keep_partial(route, *this, at, out_.items);
    keep_partial(fencing, *this, at, out_.items);
    toks.clear();
    last_ = nullptr;
}

std::string Builder::open_block_description() const {
    auto where = [&](const Span& s) { return " (opened at line " + std::to_string(s.line) + ")"; };
    if (clone && clone_block) return "the `" + clone->keyword.text + "` block" + where(clone->span);
    if (service) return "`" + service->keyword.text + " " + service->name.text + "`" + where(service->span);
    if (fencing) return "`fencing`" + where(fencing->span);
    if (group) return "`group " + group->name.text + "`" + where(group->span);
    if (route) return "`route " + route->service.text + "`" + where(route->span);
    if (cluster) return "`cluster " + cluster->name.text + "`" + where(cluster->span);
    if (defaults) return "`defaults`" + where(defaults->span);
    return {};
}

void Builder::finish() {
    for (ast::Comment& c : take_comments()) out_.end_comments.push_back(std::move(c));
}

}  // namespace aa::grammar
