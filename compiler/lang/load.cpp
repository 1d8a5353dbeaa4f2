#include "compiler/lang/load.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <system_error>

#include "compiler/util/file_io.hpp"
#include "grammar/parse.hpp"

namespace aa {
namespace {

namespace fs = std::filesystem;

struct BadByte {
    std::size_t offset;
    std::string message;
};

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not valid UTF-8
// (overlong forms, surrogates and code points above U+10FFFF are refused).
std::size_t utf8_sequence(const std::string& s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k)
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    if (n == 2 && c < 0xC2) return 0;
    if (n == 3) {
        unsigned char c1 = byte(i + 1);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) return 0;
    }
    if (n == 4) {
        unsigned char c1 = byte(i + 1);
        if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) return 0;
    }
    return n;
}

std::optional<BadByte> find_bad_byte(const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        if (text[i] == '\0') return BadByte{i, "NUL byte in the source; `.aa` files are text"};
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            ++i;
            continue;
        }
        std::size_t n = utf8_sequence(text, i);
        if (n == 0) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[i]));
            return BadByte{i, std::string("invalid UTF-8 (byte ") + hex + "); `.aa` files are UTF-8 text"};
        }
        i += n;
    }
    return std::nullopt;
}

void cannot_read(Diagnostics& diags, const std::string& path, const std::string& why) {
    diags.error("E003", Span{}, "cannot read `" + path + "`: " + why).path = path;
}


// The *.aa files of a directory, sorted; not recursive.
std::optional<std::vector<fs::path>> aa_files_in(const fs::path& dir) {
    std::error_code ec;
    std::vector<fs::path> out;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (it->path().extension() == ".aa" && it->is_regular_file(type_ec)) out.push_back(it->path());
    }
    if (ec) return std::nullopt;
    std::sort(out.begin(), out.end());
    return out;
}

void load_file(const fs::path& p, ast::Spec& spec, SourceSet& sources, Diagnostics& diags) {
    // Bounded and regular files only: /dev/zero or a FIFO must not hang or exhaust memory.
    std::string text, error;
    if (!read_file_bounded(p.string(), kMaxSpecBytes, text, error))
        return cannot_read(diags, p.string(), error.substr(error.find(": ") + 2));
    spec.files.push_back(load_text(p.string(), std::move(text), sources, diags));
}

void load_path(const std::string& path, ast::Spec& spec, SourceSet& sources, Diagnostics& diags) {
    if (path == "-") {
        std::string text, error;
        if (!read_fd_bounded(0, "<stdin>", kMaxSpecBytes, text, error))
            return cannot_read(diags, "<stdin>", error.substr(error.find(": ") + 2));
        spec.files.push_back(load_text("<stdin>", std::move(text), sources, diags));
        return;
    }
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) return cannot_read(diags, path, "no such file or directory");
    if (!fs::is_directory(st)) return load_file(path, spec, sources, diags);
    std::optional<std::vector<fs::path>> files = aa_files_in(path);
    if (!files) return cannot_read(diags, path, "the directory cannot be listed");
    if (files->empty()) return cannot_read(diags, path, "the directory holds no *.aa files");
    for (const fs::path& f : *files) load_file(f, spec, sources, diags);
}

}  // namespace

ast::Spec load_spec(const std::vector<std::string>& paths, SourceSet& sources, Diagnostics& diags) {
    ast::Spec spec;
    for (const std::string& path : paths) {
        try {
            load_path(path, spec, sources, diags);
        } catch (const std::exception& e) {
            cannot_read(diags, path, e.what());
        }
    }
    return spec;
}

ast::File load_text(std::string path, std::string text, SourceSet& sources, Diagnostics& diags) {
    std::optional<BadByte> bad = find_bad_byte(text);
    std::uint32_t index = sources.add(std::move(path), std::move(text));
    if (bad) {
        diags.error("E004", sources.span_at(index, static_cast<std::uint32_t>(bad->offset), 1), bad->message);
        ast::File empty;
        empty.source = index;
        return empty;
    }
    return grammar::parse(sources, index, diags);
}

}  // namespace aa
