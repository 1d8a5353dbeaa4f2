// Durations of the `.aa` language: an integer with one of the units ms, s, m, h ("30s", "2m", "500ms", "1h").
// Shared by the checker (which refuses bad ones) and the runtime (which waits that long).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aa {

// Milliseconds in `text`, which may be negative ("-5s", so the checker can say why it is refused).
// nullopt for anything that is not an integer followed by a unit: a bare number, "30 s", "30sec",
// or a value too large for 64 bits.
std::optional<std::int64_t> duration_ms(std::string_view text);

// True for an integer without a unit ("30", "-1"): the mistake the checker names (E060).
bool is_bare_integer(std::string_view text);

}  // namespace aa

namespace aa {

// What a person most likely meant by a token that is not a duration of the language, spelled in
// the language: "1m30s" -> "90s", "1.5s" -> "1500ms", "30S" -> "30s", "10sec" -> "10s", "2min" -> "2m".
// nullopt when no unit is recognisable ("10x").
std::optional<std::string> repair_duration(std::string_view token);

}  // namespace aa
