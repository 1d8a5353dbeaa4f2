// `aa recover JOURNAL`: after an apply (or rollout) that was killed, make cluster and nodes agree
// again. The CIB decides: still the base configuration -> the host steps the journal says were
// started are undone, newest first; the planned configuration -> the commit happened, the host
// steps before it stand, and routing is brought in line with where instances run (finished);
// anything else -> nothing is touched and the operator is told why. See docs/journal.md.
#pragma once
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"
#include "runtime/cluster.hpp"
#include "runtime/journal.hpp"
#include "runtime/route_sync.hpp"
#include "runtime/transport.hpp"

namespace aa::runtime {

struct RecoverOutcome {
    enum class Did { Nothing, Undone, Finished, Refused } did = Did::Nothing;
    bool ok = false;                 // cluster and nodes consistent again
    std::string summary;             // one paragraph: what the CIB holds and what was done
    std::vector<std::string> lines;  // each undo or routing change, with its result
    std::string outcome_word() const;  // for the journal's end record: "recovered: undone", ...
};

struct RecoverOptions {
    std::chrono::milliseconds step_timeout{std::chrono::seconds(60)};
    std::function<void(const std::string&)> progress;
};

// `plan` may be null (the plan file is gone): then router undos and routing cannot run and say so.
RecoverOutcome recover(const JournalState& journal, const plan::Plan* plan, Cluster& cluster, Transport& hosts,
                       const RouterFactory& routers, const RecoverOptions& opt);

}  // namespace aa::runtime
