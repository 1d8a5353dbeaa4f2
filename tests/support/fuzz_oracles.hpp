// What must hold for any input to the spec front end and to the CIB reader. The libFuzzer targets
// (tests/fuzz) trap when an oracle fails; tests/property/fuzz_regressions_test.cpp runs every
// input the fuzzers ever broke (tests/fuzz/regressions/) through the same oracles in each build.
#pragma once
#include <string>
#include <string_view>

namespace aa::fuzz {

// "" when the input behaved; otherwise which promise it broke.
// Spec text: the front end ends with a model or with an error, never neither or both; text that
// parses cleanly formats to a fixed point that parses cleanly too.
std::string frontend_oracle(std::string_view bytes);
// CIB bytes: either one <cib> root within the nesting limit whose digest and canonical form can be
// computed, or a refusal whose message starts with the file's name.
std::string cib_oracle(std::string_view bytes);

}  // namespace aa::fuzz
