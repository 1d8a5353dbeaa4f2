// The CIB patch: the format-2 patchset (the one `crm_diff` writes and `cibadmin --patch` applies)
// turning a base CIB into the desired one, an in-process applier of such patchsets (the test
// oracle beside cibadmin), and the per-object change summary a reviewer reads in `aa plan`.
// The exact format is described in docs/patch-format.md.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <pugixml.hpp>

namespace aa::patch {

// The format-2 patchset turning base into target (both whole <cib> documents; only the children
// of <configuration> and <cib> attributes differ in practice; the status section is never
// diffed). <diff format="2"><version><source admin_epoch epoch num_updates/><target admin_epoch
// epoch=base+1 num_updates=.../></version><change operation="create|delete|modify|move"
// path="/cib/configuration/resources/primitive[@id='x']" ...>, with positions, change-list /
// change-attr and change-result exactly as Pacemaker writes and reads them.
void make_patchset(const pugi::xml_node& base_cib, const pugi::xml_node& target_cib,
                   pugi::xml_document& patch_out);

// True when the patchset holds no <change>.
bool is_empty(const pugi::xml_node& patch);

// In-process application, with the same semantics as `cibadmin --patch` (including the version
// check: the CIB's admin_epoch/epoch/num_updates must equal the patch's source). On failure
// returns false with a message in `error`; `cib` may then be partly changed.
bool apply_patchset(pugi::xml_node cib, const pugi::xml_node& patch, std::string& error);

struct AttrChange {
    std::string name;
    std::optional<std::string> before, after;
};

struct ObjectChange {
    enum class Kind { Create, Modify, Delete } kind;
    std::string element;    // primitive, clone, rsc_location, nvpair, op, tag, obj_ref...
    std::string id;
    std::string parent_id;  // the object it lives in (the primitive of an op, the set of an nvpair)
    std::vector<AttrChange> attrs;  // Modify: changed attributes; Create/Delete: all attributes
};

// What a reviewer reads in `aa plan`: one entry per CIB object created, modified or deleted, in
// document order. Objects are elements with an id; a created/deleted object is reported once
// (not its children separately).
std::vector<ObjectChange> summarize(const pugi::xml_node& base_cib, const pugi::xml_node& target_cib);

}  // namespace aa::patch
