// Ownership: which CIB objects a spec manages, recorded in the CIB itself as
// <tags><tag id="aa-managed"><obj_ref id="..."/>...</tag></tags>, and the desired CIB built from a base.
#pragma once
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "compiler/lang/model.hpp"

namespace aa::ownership {

inline constexpr const char* tag_id = "aa-managed";

struct Options {
    bool adopt = false;
    // The status section is never diffed (patch_diff.cpp); without it the desired CIB of a busy
    // cluster costs half the memory. Keep it when the desired CIB is simulated (aa test).
    bool with_status = true;
};

struct Collision {
    std::string id;       // an untagged CIB object the spec would take
    std::string element;  // its element name (primitive, rsc_location, nvpair, ...)
    // With --adopt: resources inside the object that the spec does not name. Adopting the object
    // would delete them, so it is refused instead.
    std::vector<std::string> unnamed;
};

struct Result {
    bool ok = false;
    std::vector<Collision> collisions;
    std::vector<std::string> adopted;
};

// Ids the base's aa-managed tag lists (empty when there is no tag).
std::vector<std::string> managed_ids(const pugi::xml_node& base_cib);

// desired = copy of base whose configuration is changed so that: everything the aa-managed tag lists that the
// spec no longer declares is deleted (with the tag entries); every spec object replaces its owned CIB twin IN
// PLACE (same position) or is appended; objects not tagged are never touched; property/defaults nvpairs are
// owned one by one; the tag lists exactly the spec's ids (removed when the spec owns nothing). A spec id that
// exists untagged is a Collision (result not ok) unless options.adopt, then it is taken over and listed in
// `adopted`. Nodes and status are untouched; version attributes stay the base's.
Result build_desired(const pugi::xml_node& base_cib, const model::Model& m, const Options& opt,
                     pugi::xml_document& desired_out);

}  // namespace aa::ownership
