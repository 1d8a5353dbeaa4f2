#include "compiler/util/escape.hpp"

namespace aa {
namespace {

constexpr char hex[] = "0123456789abcdef";

bool c0_or_del(unsigned char c) { return c < 0x20 || c == 0x7f; }
bool c1_at(std::string_view t, std::size_t i) {
    return static_cast<unsigned char>(t[i]) == 0xc2 && i + 1 < t.size() && static_cast<unsigned char>(t[i + 1]) >= 0x80 &&
           static_cast<unsigned char>(t[i + 1]) <= 0x9f;
}

}  // namespace

std::size_t first_control_char(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (c0_or_del(static_cast<unsigned char>(text[i])) || c1_at(text, i)) return i;
    return std::string_view::npos;
}

std::string describe_control_char(std::string_view text, std::size_t at) {
    unsigned code = c1_at(text, at) ? static_cast<unsigned char>(text[at + 1]) : static_cast<unsigned char>(text[at]);
    static constexpr const char* names[] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF",
                                            "VT",  "FF",  "CR",  "SO",  "SI",  "DLE", "DC1", "DC2", "DC3", "DC4", "NAK",
                                            "SYN", "ETB", "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
    std::string u = "U+00";
    u += hex[code >> 4];
    u += hex[code & 15];
    for (char& c : u) c = static_cast<char>(c >= 'a' && c <= 'f' ? c - 32 : c);
    if (code < 0x20) return std::string(names[code]) + " (" + u + ")";
    if (code == 0x7f) return "DEL (" + u + ")";
    return "a C1 control (" + u + ")";
}

std::string escape_for_terminal(std::string_view text, bool keep_newlines) {
    std::size_t first = first_control_char(text);
    if (keep_newlines)
        while (first != std::string_view::npos && text[first] == '\n') {
            std::size_t next = first_control_char(text.substr(first + 1));
            first = next == std::string_view::npos ? next : first + 1 + next;
        }
    if (first == std::string_view::npos) return std::string(text);
    std::string out(text.substr(0, first));
    out.reserve(text.size() + 8);
    for (std::size_t i = first; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c1_at(text, i)) {
            auto d = static_cast<unsigned char>(text[++i]);
            out += "\\u00";
            out += hex[d >> 4];
            out += hex[d & 15];
        } else if (!c0_or_del(c) || (keep_newlines && c == '\n')) {
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == 0x1b) {
            out += "\\e";
        } else {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace aa
