// The patch on random CIB pairs: applying make_patchset(base, target) to base gives target.
// Bases are random schema-valid configurations (primitives, clones, groups, ops, meta
// attributes, constraints, tags, cluster properties); targets are derived from them by random
// edits (add, remove, modify, reorder, move into/out of groups). Checked in process on many
// cases, on arbitrary XML trees (id-less repeats, duplicate ids), and through the real cibadmin
// on fewer cases (each costs ~100 ms).
#include <gtest/gtest.h>

#include "support/xml_compare.hpp"
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <sstream>

#include "compiler/patch/patch.hpp"
#include "support/test_support.hpp"

namespace {

// ---- a small CIB model whose rendering is always schema-valid ---------------------------------

struct Op {
    std::string id, name, interval;
};
struct Nv {
    std::string name, value;
};
struct Prim {
    std::string id, type, description;  // description "" = absent
    std::vector<Op> ops;
    std::vector<Nv> meta;
};
struct Item {  // a top-level resource
    enum class Kind { Primitive, Clone, Group } kind;
    std::string id;               // the clone's or group's own id, or the primitive's
    std::vector<Prim> members;    // one for primitive/clone, >= 1 for a group
    std::vector<Nv> meta;         // clone/group meta attributes
};
struct Constraint {
    std::string id, kind, a, b, score;  // kind: rsc_order | rsc_colocation
};
struct Cib {
    std::vector<Nv> properties;
    std::vector<Item> resources;
    std::vector<Constraint> constraints;
    std::vector<std::string> tag_refs;
    int next_id = 0;
};

std::string fresh(Cib& c, const std::string& prefix) { return prefix + std::to_string(c.next_id++); }

std::string nvset(const std::string& tag, const std::string& id, const std::vector<Nv>& nvs) {
    if (nvs.empty()) return "";
    std::string out = "<" + tag + " id=\"" + id + "\">";
    for (const auto& nv : nvs)
        out += "<nvpair id=\"" + id + "-" + nv.name + "\" name=\"" + nv.name + "\" value=\"" + nv.value + "\"/>";
    return out + "</" + tag + ">";
}

std::string render(const Prim& p) {
    std::string out = "<primitive id=\"" + p.id + "\" class=\"systemd\" type=\"" + p.type + "\"";
    if (!p.description.empty()) out += " description=\"" + p.description + "\"";
    out += ">" + nvset("meta_attributes", p.id + "-meta", p.meta);
    if (!p.ops.empty()) {
        out += "<operations>";
        for (const auto& o : p.ops)
            out += "<op id=\"" + o.id + "\" name=\"" + o.name + "\" interval=\"" + o.interval + "\"/>";
        out += "</operations>";
    }
    return out + "</primitive>";
}

std::string render(const Item& r) {
    switch (r.kind) {
        case Item::Kind::Primitive: return render(r.members[0]);
        case Item::Kind::Clone:
            return "<clone id=\"" + r.id + "\">" + render(r.members[0]) + nvset("meta_attributes", r.id + "-meta", r.meta) +
                   "</clone>";
        case Item::Kind::Group: {
            std::string out = "<group id=\"" + r.id + "\">";
            for (const auto& m : r.members) out += render(m);
            return out + nvset("meta_attributes", r.id + "-meta", r.meta) + "</group>";
        }
    }
    return "";
}

std::string render(const Cib& c, int epoch) {
    std::string out = "<cib crm_feature_set=\"3.16.1\" validate-with=\"pacemaker-3.9\" epoch=\"" + std::to_string(epoch) +
                      "\" num_updates=\"2\" admin_epoch=\"0\" have-quorum=\"1\"><configuration><crm_config>" +
                      nvset("cluster_property_set", "cib-bootstrap-options", c.properties) +
                      "</crm_config><nodes><node id=\"1\" uname=\"n1\"/></nodes><resources>";
    for (const auto& r : c.resources) out += render(r);
    out += "</resources><constraints>";
    for (const auto& k : c.constraints) {
        if (k.kind == "rsc_order")
            out += "<rsc_order id=\"" + k.id + "\" first=\"" + k.a + "\" then=\"" + k.b + "\" score=\"" + k.score + "\"/>";
        else
            out += "<rsc_colocation id=\"" + k.id + "\" rsc=\"" + k.a + "\" with-rsc=\"" + k.b + "\" score=\"" + k.score + "\"/>";
    }
    out += "</constraints>";
    if (!c.tag_refs.empty()) {
        out += "<tags><tag id=\"aa-managed\">";
        for (const auto& r : c.tag_refs) out += "<obj_ref id=\"" + r + "\"/>";
        out += "</tag></tags>";
    }
    return out + "</configuration><status/></cib>";
}

// ---- generation and edits, driven by rapidcheck picks -----------------------------------------

int pick(int n) { return n <= 1 ? 0 : *rc::gen::inRange(0, n); }
bool coin() { return *rc::gen::arbitrary<bool>(); }
template <typename T>
void swap_two(std::vector<T>& v) {
    if (v.size() >= 2) std::swap(v[pick(v.size())], v[pick(v.size())]);
}

const char* kOpNames[] = {"monitor", "start", "stop"};
const char* kMetaNames[] = {"target-role", "resource-stickiness", "migration-threshold", "priority"};

Prim make_prim(Cib& c) {
    Prim p{fresh(c, "p"), "unit" + std::to_string(pick(5)), coin() ? "" : "d" + std::to_string(pick(3)), {}, {}};
    int ops = pick(3);
    for (int k = 0; k < ops; ++k) p.ops.push_back({fresh(c, "op"), kOpNames[k], std::to_string(10 * pick(4)) + "s"});
    for (const char* m : kMetaNames)
        if (pick(3) == 0) p.meta.push_back({m, std::to_string(pick(100))});
    return p;
}

Item make_item(Cib& c) {
    Item r;
    int k = pick(3);
    r.kind = k == 0 ? Item::Kind::Primitive : k == 1 ? Item::Kind::Clone : Item::Kind::Group;
    int members = r.kind == Item::Kind::Group ? 1 + pick(3) : 1;
    for (int m = 0; m < members; ++m) r.members.push_back(make_prim(c));
    r.id = r.kind == Item::Kind::Primitive ? r.members[0].id : fresh(c, r.kind == Item::Kind::Clone ? "clone" : "g");
    if (r.kind != Item::Kind::Primitive && coin()) r.meta.push_back({"interleave", coin() ? "true" : "false"});
    return r;
}

void add_constraint(Cib& c) {
    if (c.resources.size() < 2) return;
    const auto& a = c.resources[pick(c.resources.size())];
    const auto& b = c.resources[pick(c.resources.size())];
    if (a.id == b.id) return;
    c.constraints.push_back({fresh(c, "c"), coin() ? "rsc_order" : "rsc_colocation", a.id, b.id,
                             std::to_string(pick(5) * 100)});
}

std::vector<std::string> all_ids(const Item& r) {
    std::vector<std::string> ids{r.id};
    for (const auto& m : r.members)
        if (m.id != r.id) ids.push_back(m.id);
    return ids;
}

Cib make_cib() {
    Cib c;
    int n = pick(8);
    for (int k = 0; k < n; ++k) c.resources.push_back(make_item(c));
    for (int k = pick(4); k > 0; --k) add_constraint(c);
    for (const auto& r : c.resources)
        if (coin()) c.tag_refs.push_back(r.id);
    if (coin()) c.properties.push_back({"stonith-enabled", "false"});
    return c;
}

// Removes a top-level resource and everything that refers to it (references must stay valid).
void remove_resource(Cib& c, size_t at) {
    auto ids = all_ids(c.resources[at]);
    c.resources.erase(c.resources.begin() + at);
    auto refers = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
    std::erase_if(c.constraints, [&](const Constraint& k) { return refers(k.a) || refers(k.b); });
    std::erase_if(c.tag_refs, refers);
}

void edit_prim(Cib& c, Prim& p) {
    switch (pick(8)) {
        case 0: p.type += "x"; break;
        case 1: p.description = p.description.empty() ? "new" : ""; break;
        case 2: if (!p.ops.empty()) p.ops[pick(p.ops.size())].interval = std::to_string(pick(9)) + "m"; break;
        case 3: if (p.ops.size() < 3) p.ops.insert(p.ops.begin() + pick(p.ops.size() + 1), {fresh(c, "op"), kOpNames[p.ops.size()], "5s"}); break;
        case 4: if (!p.ops.empty()) p.ops.erase(p.ops.begin() + pick(p.ops.size())); break;
        case 5: swap_two(p.ops); break;
        case 6: if (!p.meta.empty()) p.meta[pick(p.meta.size())].value += "1"; else p.meta.push_back({"priority", "3"}); break;
        default: if (!p.meta.empty()) p.meta.erase(p.meta.begin() + pick(p.meta.size())); else swap_two(p.meta); break;
    }
}

void edit_once(Cib& c) {
    switch (pick(10)) {
        case 0: c.resources.insert(c.resources.begin() + pick(c.resources.size() + 1), make_item(c)); break;
        case 1: if (!c.resources.empty()) remove_resource(c, pick(c.resources.size())); break;
        case 2: swap_two(c.resources); break;
        case 3: case 4:
            if (!c.resources.empty()) {
                Item& r = c.resources[pick(c.resources.size())];
                edit_prim(c, r.members[pick(r.members.size())]);
                if (r.kind == Item::Kind::Group) swap_two(r.members);
            }
            break;
        case 5: {  // a plain primitive joins a group: delete here, create there
            auto prim = std::find_if(c.resources.begin(), c.resources.end(), [](const Item& r) { return r.kind == Item::Kind::Primitive; });
            auto group = std::find_if(c.resources.begin(), c.resources.end(), [](const Item& r) { return r.kind == Item::Kind::Group; });
            if (prim == c.resources.end() || group == c.resources.end()) break;
            Prim p = prim->members[0];
            group->members.insert(group->members.begin() + pick(group->members.size() + 1), p);
            c.resources.erase(prim);
            break;
        }
        case 6: add_constraint(c); break;
        case 7: if (!c.constraints.empty()) { c.constraints.erase(c.constraints.begin() + pick(c.constraints.size())); } break;
        case 8: swap_two(c.constraints); if (!c.constraints.empty()) c.constraints[0].score = "INFINITY"; break;
        default:
            swap_two(c.tag_refs);
            if (!c.resources.empty()) {
                const std::string& id = c.resources[pick(c.resources.size())].id;
                if (std::find(c.tag_refs.begin(), c.tag_refs.end(), id) == c.tag_refs.end()) c.tag_refs.push_back(id);
            }
            if (coin() && !c.properties.empty()) c.properties[0].value = c.properties[0].value == "false" ? "true" : "false";
            break;
    }
}

struct Pair {
    std::string base, target;
};

Pair make_pair_of_cibs() {
    Cib c = make_cib();
    std::string base = render(c, 10);
    for (int k = pick(6) + 1; k > 0; --k) edit_once(c);
    return {base, render(c, 10)};
}

// ---- comparing -----------------------------------------------------------------------------------

using aa::test::strict_canonical;
using aa::test::to_text;

// Applies our patch in process; returns the canonical result of the whole document.
std::string apply_in_process(const pugi::xml_node& base, const pugi::xml_node& target, std::string& patch_text) {
    pugi::xml_document patch, copy;
    aa::patch::make_patchset(base, target, patch);
    patch_text = to_text(patch);
    copy.append_copy(base);
    std::string error;
    RC_ASSERT(aa::patch::apply_patchset(copy.document_element(), patch, error));
    return strict_canonical(copy.document_element());
}

// Runs a property with its own number of cases (the global default is 100).
template <typename Testable>
void check_cases(int cases, Testable&& testable) {
    rc::detail::TestParams params = rc::detail::configuration().testParams;
    params.maxSuccess = cases;
    rc::detail::TestMetadata metadata;
    metadata.id = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    auto result = rc::detail::checkTestable(std::forward<Testable>(testable), metadata, params);
    if (!result.template is<rc::detail::SuccessResult>()) {
        std::ostringstream os;
        rc::detail::printResultMessage(result, os);
        FAIL() << os.str();
    }
}

TEST(PatchProperty, ApplyingThePatchToTheBaseGivesTheTarget) {
    check_cases(500, [] {
        Pair p = make_pair_of_cibs();
        pugi::xml_document base, target;
        RC_ASSERT(bool(base.load_string(p.base.c_str())));
        RC_ASSERT(bool(target.load_string(p.target.c_str())));
        std::string patch;
        std::string got = apply_in_process(base.document_element(), target.document_element(), patch);
        // The applier bumped the epoch the patch promised (10 -> 11) when anything changed.
        bool same = p.base == p.target;
        target.document_element().attribute("epoch") = same ? 10 : 11;
        if (!same) target.document_element().attribute("num_updates") = 0;
        RC_ASSERT(got == strict_canonical(target.document_element()));
    });
}

TEST(PatchProperty, ThePatchIsEmptyExactlyWhenNothingDiffers) {
    check_cases(200, [] {
        Pair p = make_pair_of_cibs();
        pugi::xml_document base, target, patch;
        base.load_string(p.base.c_str());
        target.load_string(p.target.c_str());
        aa::patch::make_patchset(base.document_element(), target.document_element(), patch);
        RC_ASSERT(aa::patch::is_empty(patch) == (p.base == p.target));
        RC_ASSERT(aa::patch::summarize(base.document_element(), target.document_element()).empty() ==
                  (p.base == p.target));
    });
}

// ---- arbitrary trees: repeated id-less names, ids shared with id-less namesakes, deep reordering --
// (Siblings never share name and id: a CIB's ids are unique, and the fast path relies on it.)

void random_tree(pugi::xml_node parent, int depth) {
    static const char* names[] = {"a", "b", "x"};
    int n = pick(depth > 2 ? 2 : 5);
    for (int k = 0; k < n; ++k) {
        pugi::xml_node e = parent.append_child(names[pick(3)]);
        std::string id = "i" + std::to_string(pick(12));
        if (pick(3) != 0 && !parent.find_child_by_attribute(e.name(), "id", id.c_str()))
            e.append_attribute("id") = id.c_str();
        if (coin()) e.append_attribute("v") = pick(3);
        random_tree(e, depth + 1);
    }
}

void random_edit(pugi::xml_node root) {
    std::vector<pugi::xml_node> all{root};
    for (auto n : root.select_nodes(".//*")) all.push_back(n.node());
    pugi::xml_node n = all[pick(all.size())];
    switch (pick(5)) {
        case 0: if (n != root) n.parent().remove_child(n); break;
        case 1: random_tree(n, 2); break;
        case 2: n.attribute("v") ? void(n.remove_attribute("v")) : void(n.append_attribute("v") = 9); break;
        case 3:
            if (n != root && n.previous_sibling()) n.parent().insert_move_before(n, n.parent().first_child());
            break;
        default:
            if (n != root && n.next_sibling()) n.parent().append_move(n);
            break;
    }
}

TEST(PatchProperty, ArbitraryTreesRoundTripToo) {
    check_cases(500, [] {
        pugi::xml_document base;
        pugi::xml_node cib = base.append_child("cib");
        cib.append_attribute("epoch") = 3;
        random_tree(cib.append_child("configuration"), 0);
        pugi::xml_document target;
        target.append_copy(cib);
        for (int k = pick(5) + 1; k > 0; --k) random_edit(target.document_element().child("configuration"));
        std::string patch;
        std::string got = apply_in_process(cib, target.document_element(), patch);
        pugi::xml_document expected;
        expected.append_copy(target.document_element());
        if (strict_canonical(cib) != strict_canonical(target.document_element())) {
            expected.document_element().attribute("epoch") = 4;
            expected.document_element().append_attribute("num_updates") = 0;
        }
        RC_LOG() << "base:\n" << to_text(cib) << "target:\n" << to_text(target) << "patch:\n" << patch
                 << "got:\n" << got << "\n";
        RC_ASSERT(got == strict_canonical(expected.document_element()));
    });
}

// ---- damaged patches: a clear answer, never a crash ----------------------------------------------

void damage(pugi::xml_node diff) {
    std::vector<pugi::xml_node> changes;
    for (auto c : diff.children("change")) changes.push_back(c);
    if (changes.empty()) return;
    pugi::xml_node c = changes[pick(changes.size())];
    pugi::xml_node other = changes[pick(changes.size())];
    static const char* ops[] = {"create", "delete", "modify", "move", "bogus", ""};
    switch (pick(7)) {
        case 0: c.attribute("path").set_value(other.attribute("path").value()); break;
        case 1: c.remove_attribute(pick(2) ? "path" : "position"); break;
        case 2: c.attribute("operation").set_value(ops[pick(6)]); break;
        case 3: (c.attribute("position") ? c.attribute("position") : c.append_attribute("position")) = pick(60) - 5; break;
        case 4: diff.append_move(c); break;  // e.g. a delete after the creates
        case 5: c.remove_child(c.first_child()); break;
        default: c.attribute("path").set_value(pick(2) ? "/cib" : "/cib/configuration/resources/"); break;
    }
}

TEST(PatchProperty, DamagedPatchesGetAnAnswerNotACrash) {
    check_cases(300, [] {
        Pair p = make_pair_of_cibs();
        pugi::xml_document base, target, patch;
        base.load_string(p.base.c_str());
        target.load_string(p.target.c_str());
        aa::patch::make_patchset(base.document_element(), target.document_element(), patch);
        for (int k = pick(4) + 1; k > 0; --k) damage(patch.child("diff"));
        std::string error;
        bool ok = aa::patch::apply_patchset(base.document_element(), patch, error);
        RC_ASSERT(ok || !error.empty());
        RC_ASSERT(std::string(base.document_element().name()) == "cib");
    });
}

// ---- the same through the real cibadmin ----------------------------------------------------------

TEST(PatchProperty, TheRealCibadminAppliesOurPatchToTheTarget) {
    check_cases(25, [] {
        Pair p = make_pair_of_cibs();
        aa::test::TempDir dir;
        pugi::xml_document base, target, patch;
        base.load_string(p.base.c_str());
        target.load_string(p.target.c_str());
        aa::patch::make_patchset(base.document_element(), target.document_element(), patch);
        aa::test::write_file(dir / "cib.xml", p.base);
        aa::test::write_file(dir / "patch.xml", to_text(patch));
        auto r = aa::test::run_command({"cibadmin", "--patch", "--xml-file", (dir / "patch.xml").string()}, "",
                                       {"CIB_file=" + (dir / "cib.xml").string()});
        RC_LOG() << "base:\n" << p.base << "\ntarget:\n" << p.target << "\npatch:\n" << to_text(patch) << r.err;
        RC_ASSERT(r.exit_code == 0);
        pugi::xml_document result;
        RC_ASSERT(bool(result.load_file((dir / "cib.xml").c_str())));
        RC_ASSERT(strict_canonical(result.document_element().child("configuration")) ==
                  strict_canonical(target.document_element().child("configuration")));
        RC_ASSERT(result.document_element().attribute("epoch").as_int() == (p.base == p.target ? 10 : 11));
    });
}

}  // namespace
