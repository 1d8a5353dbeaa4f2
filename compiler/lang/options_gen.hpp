// Writes options_table.cpp from Pacemaker's own option metadata: the daemons' OCF-style XML
// (`pacemaker-schedulerd metadata`, ...) and the hand-kept resource_options.txt. Used by
// scripts/gen-options (through tests/unit/options_table_test.cpp with AA_UPDATE_OPTIONS=1) and by
// the test that regenerates the table from the installed Pacemaker and compares.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace aa::options {

struct DaemonMetadata {
    std::string daemon;  // "pacemaker-schedulerd"
    std::string xml;     // its `metadata` output
};

// The daemons whose metadata describes options, in the order they are merged (first one wins
// for an option two daemons list).
inline constexpr std::string_view metadata_daemons[] = {"pacemaker-schedulerd", "pacemaker-controld",
                                                        "pacemaker-based", "pacemaker-fenced"};

// The C++ source of options_table.cpp. Throws std::runtime_error on metadata it cannot read
// (an unknown content type names itself, so a Pacemaker upgrade says what to map).
std::string generate_table(const std::vector<DaemonMetadata>& daemons, std::string_view resource_options);

}  // namespace aa::options
