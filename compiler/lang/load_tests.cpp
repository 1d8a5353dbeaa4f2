#include "compiler/lang/load_tests.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "grammar/scenario_parse.hpp"

namespace aa {
namespace {

namespace fs = std::filesystem;

bool is_test_file(const fs::path& p) { return p.extension() == ".aatest"; }

void add_unique(std::vector<std::string>& v, const std::string& s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

// A NUL byte or invalid UTF-8, as load.cpp refuses them in `.aa` files.
std::optional<std::size_t> bad_byte(const std::string& t) {
    for (std::size_t i = 0; i < t.size();) {
        auto c = static_cast<unsigned char>(t[i]);
        if (c == 0) return i;
        std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (n == 0 || i + n > t.size() || (n == 2 && c < 0xC2)) return i;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(t[i + k]) & 0xC0) != 0x80) return i;
        i += n;
    }
    return std::nullopt;
}

}  // namespace

SpecAndTests find_tests(const std::vector<std::string>& paths) {
    SpecAndTests out;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (is_test_file(p)) {
            add_unique(out.tests, p);
        } else if (fs::is_directory(p, ec)) {
            out.spec.push_back(p);
            std::vector<std::string> in_dir;
            for (fs::directory_iterator it(p, ec), end; !ec && it != end; it.increment(ec))
                if (is_test_file(it->path())) in_dir.push_back(it->path().string());
            std::sort(in_dir.begin(), in_dir.end());
            for (const std::string& t : in_dir) add_unique(out.tests, t);
        } else {
            out.spec.push_back(p);
            fs::path beside = fs::path(p).replace_extension(".aatest");
            if (p != "-" && fs::is_regular_file(beside, ec)) add_unique(out.tests, beside.string());
        }
    }
    return out;
}

std::vector<ast::TestFile> load_tests(const std::vector<std::string>& files, SourceSet& sources, Diagnostics& diags) {
    std::vector<ast::TestFile> out;
    for (const std::string& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream ss;
        if (in) ss << in.rdbuf();
        if (!in || in.bad()) {
            diags.error("E003", Span{}, "cannot read `" + f + "`: the file cannot be opened or read").path = f;
            continue;
        }
        ast::TestFile file = load_test_text(f, std::move(ss).str(), sources, diags);
        out.push_back(std::move(file));
    }
    return out;
}

ast::TestFile load_test_text(std::string path, std::string text, SourceSet& sources, Diagnostics& diags) {
    std::optional<std::size_t> bad = bad_byte(text);
    std::uint32_t index = sources.add(std::move(path), std::move(text));
    if (bad) {
        diags.error("E004", sources.span_at(index, static_cast<std::uint32_t>(*bad), 1),
                    "invalid UTF-8 or a NUL byte; `.aatest` files are UTF-8 text");
        ast::TestFile empty;
        empty.source = index;
        return empty;
    }
    return grammar::parse_tests(sources, index, diags);
}

}  // namespace aa
