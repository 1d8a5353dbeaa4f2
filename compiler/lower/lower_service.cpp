// A service's <primitive>: attributes id, class, type, provider and children instance_attributes,
// meta_attributes, operations, in the order `pcs resource create` writes them.
#include <algorithm>

#include "compiler/lower/lower.hpp"

namespace aa::lower {
namespace {

// pcs writes an op's attributes in the order of the command line, appending interval when it is
// missing. The pcs commands this mirrors are `op monitor interval=I [timeout=T] [on-fail=A]` and
// `op start timeout=T` (interval="0s" added by pcs), so start/stop carry interval after timeout.
void append_op(pugi::xml_node operations, const std::string& rsc, const model::Op& op) {
    pugi::xml_node x = operations.append_child("op");
    x.append_attribute("name") = op.name.c_str();
    const bool interval_first = op.name == "monitor";
    if (interval_first) x.append_attribute("interval") = op.interval.c_str();
    if (op.timeout) x.append_attribute("timeout") = op.timeout->c_str();
    if (op.on_fail) x.append_attribute("on-fail") = op.on_fail->c_str();
    if (op.role) x.append_attribute("role") = op.role->c_str();
    if (!interval_first) x.append_attribute("interval") = op.interval.c_str();
    x.append_attribute("id") = op_id(rsc, op).c_str();
}

// pcs sorts operations by name, keeping the command-line order among equal names.
void append_operations(pugi::xml_node primitive, const model::Service& s) {
    if (s.ops.empty()) return;
    std::vector<const model::Op*> ops;
    for (const model::Op& op : s.ops) ops.push_back(&op);
    std::stable_sort(ops.begin(), ops.end(),
                     [](const model::Op* a, const model::Op* b) { return a->name < b->name; });
    pugi::xml_node operations = primitive.append_child("operations");
    for (const model::Op* op : ops) append_op(operations, s.name, *op);
}

}  // namespace

std::string op_id(const std::string& rsc, const model::Op& op) {
    return op.id ? *op.id : rsc + "-" + op.name + "-interval-" + op.interval;
}

pugi::xml_node append_primitive(pugi::xml_node parent, const model::Service& s) {
    pugi::xml_node p = parent.append_child("primitive");
    p.append_attribute("id") = s.name.c_str();
    p.append_attribute("class") = s.agent_class.c_str();
    p.append_attribute("type") = s.type.c_str();
    if (!s.provider.empty()) p.append_attribute("provider") = s.provider.c_str();
    if (!s.params.empty())
        append_nvpair_set(p, "instance_attributes", s.name + "-instance_attributes", s.params, true);
    if (!s.meta.empty()) append_nvpair_set(p, "meta_attributes", s.name + "-meta_attributes", s.meta, true);
    append_operations(p, s);
    // `pcs resource utilization NAME K=V ...` sorts the new pairs by name, after the operations.
    if (!s.utilization.empty()) append_nvpair_set(p, "utilization", s.name + "-utilization", s.utilization, true);
    return p;
}

void lower_service(const model::Service& s, pugi::xml_node resources) {
    if (!s.group.empty()) return;  // lowered with its group (lower_group.cpp)
    if (s.clone)
        append_clone(resources, s);
    else
        append_primitive(resources, s);
}

}  // namespace aa::lower
