// SHA-256 (FIPS 180-4), for the plan's fingerprint of its base configuration.
#pragma once
#include <string>
#include <string_view>

namespace aa {

// Lowercase hex digest of data.
std::string sha256_hex(std::string_view data);

}  // namespace aa
