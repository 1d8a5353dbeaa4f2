// aa fmt [--check] PATH... | aa fmt -: canonical layout, in place.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <optional>

#include "cli/commands.hpp"
#include "cli/frontend.hpp"
#include "compiler/format/format.hpp"
#include "compiler/format/format_tests.hpp"
#include "compiler/lang/load.hpp"
#include "compiler/lang/load_tests.hpp"

namespace aa::cli {
namespace {

std::vector<std::string> expand(const std::vector<std::string>& paths) {
    std::vector<std::string> files;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(p, ec)) {
            std::vector<std::string> in_dir;
            for (const auto& e : std::filesystem::directory_iterator(p, ec))
                if (e.path().extension() == ".aa" || e.path().extension() == ".aatest") in_dir.push_back(e.path().string());
            std::sort(in_dir.begin(), in_dir.end());
            files.insert(files.end(), in_dir.begin(), in_dir.end());
        } else {
            files.push_back(p);
        }
    }
    return files;
}

bool is_test_file(const std::string& path) { return std::filesystem::path(path).extension() == ".aatest"; }

// A behaviour-test file (docs/testing.md): parsed by its own grammar, printed by format_tests().
std::optional<std::string> format_test_text(const std::string& path, std::string text, const ColorOption& color,
                                            std::string* original) {
    SourceSet sources;
    Diagnostics diags;
    std::vector<ast::TestFile> files;
    if (path == "<stdin>") files.push_back(load_test_text(path, std::move(text), sources, diags));
    else files = load_tests({path}, sources, diags);
    print_diagnostics(diags, sources, color);
    if (diags.has_errors() || files.empty()) return std::nullopt;
    if (original) *original = sources.file(files[0].source).text;
    return format_tests(files[0], sources);
}

int format_stdin(const ColorOption& color, bool tests) {
    std::string text, error;
    if (!read_fd_bounded(0, "<stdin>", kMaxSpecBytes, text, error)) return fail(error), 2;
    if (tests) {
        std::optional<std::string> out = format_test_text("<stdin>", std::move(text), color, nullptr);
        if (!out) return 1;
        std::fputs(out->c_str(), stdout);
        return 0;
    }
    SourceSet sources;
    Diagnostics diags;
    ast::File file = load_text("<stdin>", std::move(text), sources, diags);
    print_diagnostics(diags, sources, color);
    if (diags.has_errors()) return 1;
    std::fputs(format_file(file, sources).c_str(), stdout);
    return 0;
}

// Formats one file; returns 0 unchanged, 1 changed (or would change), 2 error.
int format_one(const std::string& path, bool check_only, const ColorOption& color) {
    std::string formatted, original;
    if (is_test_file(path)) {
        std::optional<std::string> out = format_test_text(path, {}, color, &original);
        if (!out) return 2;
        formatted = std::move(*out);
    } else {
        SourceSet sources;
        Diagnostics diags;
        ast::Spec spec = load_spec({path}, sources, diags);
        print_diagnostics(diags, sources, color);
        if (diags.has_errors() || spec.files.empty()) return 2;
        formatted = format_file(spec.files[0], sources);
        original = sources.file(spec.files[0].source).text;
    }
    if (formatted == original) return 0;
    if (check_only) {
        std::printf("%s\n", path.c_str());
        return 1;
    }
    std::string error;
    if (!write_file_atomic(path, formatted, error)) {
        std::fprintf(stderr, "error: %s\n", error.c_str());
        return 2;
    }
    std::printf("formatted %s\n", path.c_str());
    return 0;
}

}  // namespace

void register_fmt(CLI::App& app) {
    auto* cmd = app.add_subcommand("fmt", "Rewrite specs in the canonical layout (`-`: stdin to stdout)");
    struct Opts {
        std::vector<std::string> paths;
        bool check = false;
        bool tests = false;
        ColorOption color;
    };
    auto o = std::make_shared<Opts>();
    cmd->add_option("PATH", o->paths, "spec files or directories, or - for stdin")->required();
    cmd->add_flag("--check", o->check, "List files that would change and exit 1; change nothing");
    cmd->add_flag("--aatest", o->tests, "With `-`: stdin is a behaviour-test file (*.aatest)");
    add_color_option(cmd, o->color);
    cmd->callback([o] {
        if (o->paths.size() == 1 && o->paths[0] == "-") {
            set_exit_code(format_stdin(o->color, o->tests));
            return;
        }
        bool changed = false, failed = false;
        for (const std::string& f : expand(o->paths)) {
            int rc = format_one(f, o->check, o->color);
            changed |= rc == 1;
            failed |= rc == 2;
        }
        set_exit_code(failed || (o->check && changed) ? 1 : 0);
    });
}

}  // namespace aa::cli
