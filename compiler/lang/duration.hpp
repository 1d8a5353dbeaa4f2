// Durations of the `.aa` language: an integer with one of the units ms, s, m, h ("30s", "2m", "500ms", "1h").
// Shared by the checker (which refuses bad ones) and the runtime (which waits that long).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace aa {

// Milliseconds in `text`, which may be negative ("-5s", so the checker can say why it is refused).
// nullopt for anything that is not an integer followed by a unit: a bare number, "30 s", "30sec",
// or a value too large for 64 bits.
std::optional<std::int64_t> duration_ms(std::string_view text);

// True for an integer without a unit ("30", "-1"): the mistake the checker names (E060).
bool is_bare_integer(std::string_view text);

}  // namespace aa
