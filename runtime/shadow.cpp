#include "runtime/shadow.hpp"

#include "compiler/util/file_io.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>
#include <iterator>
#include <mutex>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace aa::runtime {
namespace {

// "PID STARTTIME" of a process (field 22 of /proc/PID/stat): a pid alone may be reused.
std::string process_identity(const std::string& pid) {
    std::ifstream in("/proc/" + pid + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t close = stat.rfind(')');
    if (close == std::string::npos) return {};
    std::istringstream fields(stat.substr(close + 2));
    std::string f;
    for (int i = 3; i <= 22 && fields >> f; ++i) {}
    return pid + " " + f;
}

const std::string& my_identity() {
    static const std::string id = process_identity(std::to_string(::getpid()));
    return id;
}

// A killed aa (SIGKILL, a power cut of the container) cannot remove its shadow directories. The
// first shadow of each run removes those whose owner (pid and start time) no longer runs.
void sweep_orphans(const std::filesystem::path& tmp) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(tmp, ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind("aa-shadow-", 0) != 0 || !e.is_directory(ec) || e.is_symlink(ec)) continue;
        struct stat st {};
        if (::lstat(e.path().c_str(), &st) != 0 || st.st_uid != ::geteuid()) continue;
        std::ifstream owner(e.path() / "owner");
        std::string pid, start;
        if (owner >> pid >> start) {
            if (process_identity(pid) == pid + " " + start) continue;  // its aa still runs
        } else if (::time(nullptr) - st.st_mtime < 600) {
            continue;  // just created (the owner file comes a moment later), or an older aa's
        }
        std::filesystem::remove_all(e.path(), ec);
    }
}

}  // namespace

Shadow::Shadow(const std::string& cib_xml) {
    static std::once_flag swept;
    std::call_once(swept, [] { sweep_orphans(std::filesystem::temp_directory_path()); });
    std::string tmpl = (std::filesystem::temp_directory_path() / "aa-shadow-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a shadow directory: " + std::string(std::strerror(errno)));
    dir_ = tmpl;
    path_ = dir_ + "/cib.xml";
    (void)write_file_safely(dir_ + "/owner", my_identity() + "\n", FileAccess::Private);
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
