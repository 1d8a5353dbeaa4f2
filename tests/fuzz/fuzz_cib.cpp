// libFuzzer target for the CIB reader: cib::load + config_hash + canonical on arbitrary bytes.
// Seed it with the golden bases and /work/shared/corpus (see tests/fuzz/README.md). Oracles: a
// loaded document is one <cib> within the nesting limit; a refusal has a message naming the file.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/cib/cib.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    pugi::xml_document doc;
    std::string error;
    if (aa::cib::load(text, "fuzz.xml", doc, error)) {
        if (std::string(doc.document_element().name()) != "cib") __builtin_trap();
        if (aa::cib::config_hash(doc.child("cib")).size() != 64) __builtin_trap();
        (void)aa::cib::canonical(doc);
    } else if (error.rfind("fuzz.xml", 0) != 0) {
        __builtin_trap();
    }
    return 0;
}
