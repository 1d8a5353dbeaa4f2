// libFuzzer target for the front end (load_text, check, render, format_file) on arbitrary bytes.
// The promises it checks are in tests/support/fuzz_oracles.hpp; tests/fuzz/run-fuzzers seeds it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "support/fuzz_oracles.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string broken = aa::fuzz::frontend_oracle({reinterpret_cast<const char*>(data), size});
    if (!broken.empty()) {
        std::fprintf(stderr, "front-end oracle: %s\n", broken.c_str());
        __builtin_trap();
    }
    return 0;
}
