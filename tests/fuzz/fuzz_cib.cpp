// libFuzzer target for the CIB reader (cib::load, config_hash, canonical) on arbitrary bytes.
// The promises it checks are in tests/support/fuzz_oracles.hpp; tests/fuzz/run-fuzzers seeds it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "support/fuzz_oracles.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string broken = aa::fuzz::cib_oracle({reinterpret_cast<const char*>(data), size});
    if (!broken.empty()) {
        std::fprintf(stderr, "cib oracle: %s\n", broken.c_str());
        __builtin_trap();
    }
    return 0;
}
