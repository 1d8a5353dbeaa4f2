// A private temporary copy of a CIB: patched and simulated without touching the user's file or
// the live cluster. The directory is removed when the Shadow dies.
#pragma once
#include <filesystem>
#include <string>

#include "runtime/runner.hpp"

namespace aa::runtime {

class Shadow {
public:
    // Writes cib_xml to <tmpdir>/cib.xml. Throws std::runtime_error if the temp dir cannot be made.
    explicit Shadow(const std::string& cib_xml);
    ~Shadow();
    Shadow(const Shadow&) = delete;
    Shadow& operator=(const Shadow&) = delete;

    const std::string& path() const { return path_; }   // the CIB file
    const std::string& dir() const { return dir_; }     // private scratch dir (CIB_shadow_dir, graphs)
    // `cibadmin --patch --xml-pipe` with CIB_file=path(); the Result says whether it applied.
    Result apply_patch(const std::string& patch_xml);
    std::string read() const;

private:
    std::string dir_;
    std::string path_;
};

}  // namespace aa::runtime
