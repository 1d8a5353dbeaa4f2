// aa explain E0NN: print the long explanation of a diagnostic code.
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "compiler/diag/explain.hpp"
#include "compiler/util/escape.hpp"

namespace aa::cli {

void register_explain(CLI::App& app) {
    auto* cmd = app.add_subcommand("explain", "Explain a diagnostic code, with a failing example");
    auto code = std::make_shared<std::string>();
    cmd->add_option("CODE", *code, "E0NN or W0NN")->required();
    cmd->callback([code] {
        std::string c = *code;
        for (char& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        if (auto text = explain(c)) {
            std::fputs(escape_for_terminal(*text, true).c_str(), stdout);
            set_exit_code(0);
            return;
        }
        std::fprintf(stderr, "error: no such diagnostic code `%s`; codes are listed in docs/errors/\n",
                     escape_for_terminal(c).c_str());
        set_exit_code(1);
    });
}

}  // namespace aa::cli
