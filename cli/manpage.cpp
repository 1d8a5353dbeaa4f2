#include "cli/manpage.hpp"

#include <algorithm>
#include <cctype>

namespace aa::cli {
namespace {

// Text as roff reads it literally: backslashes doubled, hyphens as \-, and a line never starting
// with a control character ('.' or '\'').
std::string roff(const std::string& text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
        line_start = c == '\n';
    }
    return out;
}

std::string page_name(const CommandDoc& cmd) {
    std::string name = "aa";
    for (const std::string& word : cmd.path) name += "-" + word;
    return name;
}

std::string command_words(const CommandDoc& cmd) {
    std::string words = "aa";
    for (const std::string& word : cmd.path) words += " " + word;
    return words;
}

std::string upper(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string synopsis_item(const OptionDoc& opt) {
    std::string item = opt.names.empty() ? opt.positional : opt.names.back();
    if (!opt.names.empty() && !opt.value.empty()) item += " " + opt.value;
    if (opt.repeatable) item += "...";
    return opt.required ? item : "[" + item + "]";
}

std::string option_term(const OptionDoc& opt) {
    if (opt.names.empty()) return "\\fI" + roff(opt.positional) + "\\fR" + (opt.repeatable ? "..." : "");
    std::string term;
    for (const std::string& n : opt.names) term += (term.empty() ? "" : ", ") + ("\\fB" + roff(n) + "\\fR");
    if (!opt.value.empty()) term += " \\fI" + roff(opt.value) + "\\fR";
    return term;
}

std::string render(const CommandDoc& cmd, const std::vector<CommandDoc>& tree, const std::string& version) {
    std::string name = page_name(cmd);
    std::string t = ".TH " + roff(upper(name)) + " 1 \"\" \"" + roff(version) + "\" \"aa manual\"\n";
    t += ".SH NAME\n" + roff(name) + " \\- " + roff(cmd.description) + "\n";
    t += ".SH SYNOPSIS\n.B " + roff(command_words(cmd)) + "\n";
    if (!cmd.subcommands.empty()) t += "\\fICOMMAND\\fR\n";
    for (const OptionDoc& opt : cmd.options) t += roff(synopsis_item(opt)) + "\n";
    if (!cmd.options.empty()) {
        t += ".SH OPTIONS\n";
        for (const OptionDoc& opt : cmd.options) {
            t += ".TP\n" + option_term(opt) + "\n" + roff(opt.description.empty() ? "(no description)" : opt.description);
            if (opt.required) t += roff(" (required)");
            t += "\n";
        }
    }
    if (!cmd.subcommands.empty()) {
        t += ".SH COMMANDS\n";
        for (const CommandDoc& child : tree) {
            if (child.path.size() != cmd.path.size() + 1 ||
                !std::equal(cmd.path.begin(), cmd.path.end(), child.path.begin()))
                continue;
            t += ".TP\n\\fB" + roff(child.path.back()) + "\\fR\n" + roff(child.description) +
                 " (see \\fB" + roff(page_name(child)) + "\\fR(1))\n";
        }
    }
    t += ".SH SEE ALSO\n\\fBaa\\fR(1), \\fBcrm_simulate\\fR(8), \\fBcibadmin\\fR(8); "
         "/usr/share/doc/aa/ (README, docs, examples)\n";
    return t;
}

}  // namespace

std::vector<ManPage> man_pages(const std::vector<CommandDoc>& tree, const std::string& version) {
    std::vector<ManPage> pages;
    for (const CommandDoc& cmd : tree) pages.push_back({page_name(cmd) + ".1", render(cmd, tree, version)});
    return pages;
}

}  // namespace aa::cli
