#include "compiler/util/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace aa {
namespace {

std::string why(int err) { return std::strerror(err); }

std::string size_text(std::size_t bytes) {
    if (bytes >= (std::size_t(1) << 30) && bytes % (std::size_t(1) << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
    if (bytes >= (std::size_t(1) << 20) && bytes % (std::size_t(1) << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
    return fmt::format("{} bytes", bytes);
}

std::string kind_of(mode_t m) {
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISSOCK(m)) return "a socket";
    if (S_ISDIR(m)) return "a directory";
    if (S_ISLNK(m)) return "a symbolic link";
    return "not a regular file";
}

bool write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

mode_t current_umask() {
    mode_t m = ::umask(077);
    ::umask(m);
    return m;
}

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::string write_file_safely(const std::string& path, std::string_view text, FileAccess access) {
    namespace fs = std::filesystem;
    if (path.empty()) return "no file name given";
    struct stat st{};
    bool exists = ::lstat(path.c_str(), &st) == 0;
    if (!exists && errno != ENOENT) return fmt::format("cannot write {}: {}", path, why(errno));
    // Decision (docs/decisions.md): a link is refused rather than replaced by a copy or followed
    // to wherever it points; the operator names the real file.
    if (exists && S_ISLNK(st.st_mode))
        return fmt::format("refusing to write {}: it is a symbolic link (name the file it points to)", path);
    if (exists && !S_ISREG(st.st_mode))
        return fmt::format("refusing to write {}: it is {}", path, kind_of(st.st_mode));

    fs::path target(path);
    std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
    std::string tmp = (fs::path(dir) / ("." + target.filename().string() + ".aa-XXXXXX")).string();
    Fd f;
    f.fd = ::mkostemp(tmp.data(), O_CLOEXEC);  // O_CREAT|O_EXCL, 0600: never a planted name
    if (f.fd < 0) return fmt::format("cannot create a temporary file in {}: {}", dir, why(errno));
    auto fail = [&](const std::string& what) {
        int e = errno;
        ::unlink(tmp.c_str());
        return fmt::format("cannot write {}: {}: {}; the file is unchanged", path, what, why(e));
    };
    mode_t mode = access == FileAccess::Private ? 0600
                  : exists                      ? (st.st_mode & 07777)
                                                : (0666 & ~current_umask());
    if (exists && (st.st_uid != ::geteuid() || st.st_gid != ::getegid()) && ::fchown(f.fd, st.st_uid, st.st_gid) != 0)
        return fail(fmt::format("cannot keep its owner {}:{}", st.st_uid, st.st_gid));
    if (::fchmod(f.fd, mode) != 0) return fail("cannot set its mode");
    if (!write_all(f.fd, text)) return fail("write");
    if (::fsync(f.fd) != 0) return fail("fsync");
    if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("rename");
    Fd d;
    d.fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d.fd >= 0) ::fsync(d.fd);  // the rename itself is durable once the directory is
    return {};
}

bool read_fd_bounded(int fd, const std::string& name, std::size_t max_bytes, std::string& text, std::string& error) {
    text.clear();
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return error = fmt::format("{}: cannot read: {}", name, why(errno)), false;
        if (n == 0) return true;
        if (text.size() + static_cast<std::size_t>(n) > max_bytes)
            return error = fmt::format("{}: too large: more than {} (the limit for this kind of file)", name, size_text(max_bytes)),
                   text.clear(), false;
        text.append(buf, static_cast<std::size_t>(n));
    }
}

bool read_file_bounded(const std::string& path, std::size_t max_bytes, std::string& text, std::string& error) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; the type is checked right after.
    Fd f;
    f.fd = ::open(path.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (f.fd < 0) return error = fmt::format("{}: cannot open: {}", path, why(errno)), false;
    struct stat st{};
    if (::fstat(f.fd, &st) != 0) return error = fmt::format("{}: cannot read: {}", path, why(errno)), false;
    if (!S_ISREG(st.st_mode))
        return error = fmt::format("{}: refusing to read {}: only regular files are read", path, kind_of(st.st_mode)), false;
    if (static_cast<unsigned long long>(st.st_size) > max_bytes)
        return error = fmt::format("{}: too large: {} bytes, more than {} (the limit for this kind of file)", path,
                                   static_cast<long long>(st.st_size), size_text(max_bytes)),
               false;
    ::fcntl(f.fd, F_SETFL, ::fcntl(f.fd, F_GETFL) & ~O_NONBLOCK);
    text.reserve(static_cast<std::size_t>(st.st_size));
    return read_fd_bounded(f.fd, path, max_bytes, text, error);
}

}  // namespace aa
