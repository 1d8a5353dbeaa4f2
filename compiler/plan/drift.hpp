// Drift: how a cluster's configuration differs from the reviewed spec, per owned object. Computed
// from the plan that would bring the cluster back to the spec, read the other way round.
#pragma once
#include <string>
#include <vector>

#include "compiler/plan/plan.hpp"

namespace aa::drift {

struct Item {
    enum class Kind {
        Differs,     // an owned object whose attributes someone changed
        Deleted,     // an owned object someone removed from the cluster
        NotApplied,  // in the spec, never applied (not owned yet)
        Leftover,    // owned, no longer in the spec: the last change was not applied
        Collides,    // an untagged cluster object carries an id the spec declares
    } kind;
    std::string element;
    std::string id;
    std::vector<plan::AttrChange> attrs;  // Differs: cluster value (before) vs spec value (after)
};

// `managed` is what the cluster's aa-managed tag lists.
std::vector<Item> compute(const plan::Plan& p, const std::vector<std::string>& managed);

std::string render_text(const std::vector<Item>& items);
std::string render_markdown(const std::vector<Item>& items);
std::string render_json(const std::vector<Item>& items);

}  // namespace aa::drift
