// SHA-256 (FIPS 180-4, computed by nettle), for the plan's fingerprints of its base and spec.
#pragma once
#include <string>
#include <string_view>

namespace aa {

// Lowercase hex digest of data.
std::string sha256_hex(std::string_view data);

}  // namespace aa
