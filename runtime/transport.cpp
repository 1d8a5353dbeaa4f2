#include "runtime/transport.hpp"

#include <stdexcept>

namespace aa::runtime {
namespace {

Result run_here(const std::string& node, std::vector<std::string> argv, const std::string& stdin_text,
                std::chrono::milliseconds timeout) {
    Command c;
    c.argv = std::move(argv);
    c.stdin_text = stdin_text;
    c.timeout = timeout;
    c.node = node;
    return run(c);
}

class LocalTransport : public Transport {
public:
    Result run_on(const std::string& node, const std::vector<std::string>& argv, const std::string& stdin_text,
                  std::chrono::milliseconds timeout) override {
        return run_here(node, argv_for(node, argv), stdin_text, timeout);
    }
    std::vector<std::string> argv_for(const std::string&, const std::vector<std::string>& argv) const override {
        return argv;
    }
    std::string name() const override { return "local"; }
};

class SshTransport : public Transport {
public:
    Result run_on(const std::string& node, const std::vector<std::string>& argv, const std::string& stdin_text,
                  std::chrono::milliseconds timeout) override {
        return run_here(node, argv_for(node, argv), stdin_text, timeout);
    }
    // BatchMode: a missing key fails at once instead of waiting for a password nobody types.
    // The remote sshd joins the words with spaces and gives them to a shell: quote each one.
    std::vector<std::string> argv_for(const std::string& node, const std::vector<std::string>& argv) const override {
        // ssh would read "-oProxyCommand=..." as an option, not a host.
        if (node.empty() || node[0] == '-') throw std::invalid_argument("not a node name for ssh: '" + node + "'");
        std::vector<std::string> out{"ssh", "-o", "BatchMode=yes", node, "--"};
        for (const std::string& w : argv) out.push_back(shell_quote(w));
        return out;
    }
    std::string name() const override { return "ssh"; }
};

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

class TemplateTransport : public Transport {
public:
    explicit TemplateTransport(std::string tmpl) : tmpl_(std::move(tmpl)), words_(split_words(tmpl_)) {
        if (words_.empty()) throw std::invalid_argument("--host-exec template is empty");
    }
    Result run_on(const std::string& node, const std::vector<std::string>& argv, const std::string& stdin_text,
                  std::chrono::milliseconds timeout) override {
        return run_here(node, argv_for(node, argv), stdin_text, timeout);
    }
    std::vector<std::string> argv_for(const std::string& node, const std::vector<std::string>& argv) const override {
        std::vector<std::string> out;
        for (const std::string& w : words_) out.push_back(replace_all(w, "{node}", node));
        out.insert(out.end(), argv.begin(), argv.end());
        return out;
    }
    std::string name() const override { return "template " + shell_quote(tmpl_); }

private:
    std::string tmpl_;
    std::vector<std::string> words_;
};

}  // namespace

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::string cur;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quote == '\'') {
            if (c == '\'') quote = 0; else cur += c;
        } else if (quote == '"') {
            if (c == '"') quote = 0;
            else if (c == '\\' && i + 1 < text.size() && std::string("\"\\$`").find(text[i + 1]) != std::string::npos)
                cur += text[++i];
            else cur += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == '\\' && i + 1 < text.size()) {
            cur += text[++i];
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) words.push_back(cur);
            cur.clear();
            in_word = false;
        } else {
            cur += c;
            in_word = true;
        }
    }
    if (quote) throw std::invalid_argument("unterminated " + std::string(1, quote) + " quote in: " + text);
    if (in_word) words.push_back(cur);
    return words;
}

std::unique_ptr<Transport> local_transport() { return std::make_unique<LocalTransport>(); }
std::unique_ptr<Transport> ssh_transport() { return std::make_unique<SshTransport>(); }
std::unique_ptr<Transport> template_transport(std::string tmpl) {
    return std::make_unique<TemplateTransport>(std::move(tmpl));
}

}  // namespace aa::runtime
