#include "runtime/shadow.hpp"

#include "compiler/util/file_io.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace aa::runtime {

Shadow::Shadow(const std::string& cib_xml) {
    std::string tmpl = (std::filesystem::temp_directory_path() / "aa-shadow-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a shadow directory: " + std::string(std::strerror(errno)));
    dir_ = tmpl;
    path_ = dir_ + "/cib.xml";
    if (std::string error = write_file_safely(path_, cib_xml, FileAccess::Private); !error.empty()) {
        std::filesystem::remove_all(dir_);
        throw std::runtime_error("cannot write the shadow CIB: " + error);
    }
}

Shadow::~Shadow() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

Result Shadow::apply_patch(const std::string& patch_xml) {
    Command c;
    c.argv = {"cibadmin", "--patch", "--xml-pipe"};
    c.env = {"CIB_file=" + path_};
    c.stdin_text = patch_xml;
    c.timeout = std::chrono::minutes(10);
    return run(c);
}

std::string Shadow::read() const {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read the shadow CIB " + path_);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace aa::runtime
