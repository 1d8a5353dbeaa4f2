#include "compiler/plan/plan.hpp"

#include <algorithm>

namespace aa::plan {
namespace {

// The aa-managed tag is bookkeeping of ownership, not a change to the cluster's behaviour.
bool counted(const Change& c) { return c.element != "tag" && c.element != "obj_ref" && c.element != "tags"; }

int count(const std::vector<Change>& changes, Change::Kind kind) {
    return static_cast<int>(std::count_if(changes.begin(), changes.end(),
                                          [&](const Change& c) { return c.kind == kind && counted(c); }));
}

}  // namespace

int Plan::creates() const { return count(changes, Change::Kind::Create); }
int Plan::modifies() const { return count(changes, Change::Kind::Modify); }
int Plan::deletes() const { return count(changes, Change::Kind::Delete); }

}  // namespace aa::plan
