// Pacemaker's options, as the installed Pacemaker describes them: the one table that the checker,
// the formatter, import and (later) the language server's completion read. Cluster properties and
// fence-device parameters come from the daemons' own metadata (`pacemaker-schedulerd metadata`,
// -controld, -based, -fenced); resource meta-attributes and operation properties from
// resource_options.txt (Pacemaker Explained). options_table.cpp is generated from both
// (scripts/gen-options); tests/unit/options_table_test.cpp regenerates it and finds no difference.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace aa::options {

// Where an option is written in the CIB, and so where it has an effect.
enum class Scope {
    Cluster,      // crm_config (cluster_property_set): `property K = V`
    FenceDevice,  // instance attributes of a stonith resource (pcmk_host_list, ...)
    Resource,     // meta attributes of any resource, and rsc_defaults: `meta K = V`
    Clone,        // meta attributes of a clone only: the `clone` block
    Promotable,   // meta attributes of a promotable clone only
    Operation,    // attributes of an op, and op_defaults: `defaults { op K = V }`
};

enum class Type {
    Boolean,     // true/false, yes/no, on/off, y/n, 1/0 (any case), as crm_is_true reads them
    Integer,     // an integer, or INFINITY/-INFINITY (Pacemaker's pcmk__valid_number)
    Score,       // an integer or [+-]INFINITY, clamped to +-1000000
    Duration,    // Pacemaker's "time": an integer with an optional unit (no unit: seconds)
    Enum,        // one of `values` (case-insensitive, as Pacemaker compares them)
    Percentage,  // a non-negative integer followed by %
    TimeSpec,    // an ISO 8601 date and time (interval-origin)
    String,      // any text without control characters
};

struct Option {
    std::string_view name;
    Scope scope;
    Type type;
    std::string_view default_value;  // empty: none documented
    std::span<const std::string_view> values;  // Enum only
    std::string_view source;       // the daemon, or the Pacemaker Explained section
    std::string_view description;  // one line, from the metadata
    bool advanced = false;         // "*** Advanced Use Only ***" or deprecated in the metadata
    std::string_view alias_of;     // a deprecated name Pacemaker still reads: the current name
};

// The Pacemaker release the table was generated from (`pacemakerd --version` of the daemons' metadata).
std::string_view pacemaker_version();

// Every option, each (name, scope) once, in the order of the metadata.
std::span<const Option> all();

// The option `name` in `scope`, or nullptr.
const Option* find(Scope scope, std::string_view name);
// The option `name` in any scope other than `not_in` (where an attribute really belongs), or nullptr.
const Option* find_elsewhere(std::string_view name, Scope not_in);
// The names in `scope`, for suggestions and completion.
std::vector<std::string_view> names(Scope scope);

std::string_view scope_name(Scope scope);
std::string_view type_name(Type type);

// ---- values ----

// What a value check found. `ok` values may still carry a note (e.g. a score beyond INFINITY).
struct Verdict {
    bool ok = true;
    std::string expected;                  // the accepted forms, in words: "true or false (also yes/no, on/off, 1/0)"
    std::optional<std::string> suggestion; // a close accepted value
};

// Judges `value` as a value of `option` (control characters are judged elsewhere: they are never ok).
Verdict judge(const Option& option, std::string_view value);

// A boolean Pacemaker reads as false: false, no, off, n or 0, in any case (crm_is_true's complement
// among the spellings judge() accepts).
bool is_false(std::string_view value);

// Pacemaker's "time" as milliseconds, for the forms judge() accepts; nullopt otherwise.
std::optional<long long> duration_ms(std::string_view value);

}  // namespace aa::options
