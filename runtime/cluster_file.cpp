// A CIB file as a cluster: every Pacemaker tool runs with CIB_file=path.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

#include "runtime/cluster.hpp"

namespace aa::runtime {
namespace {

class FileCluster : public Cluster {
public:
    explicit FileCluster(std::string path) : path_(std::move(path)) {}
    ~FileCluster() override { unlock(); }

    std::string lock(std::chrono::milliseconds wait) override {
        if (lock_fd_ >= 0) return {};
        // cibadmin's file backend has no lock of its own and may replace the file by rename, so the
        // lock is a separate file beside it: opened read-only (never truncated, never followed).
        std::string lock_path = path_ + ".aa-lock";
        int fd = ::open(lock_path.c_str(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0) return "cannot open the lock file " + lock_path + ": " + std::strerror(errno);
        auto deadline = std::chrono::steady_clock::now() + wait;
        while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno != EWOULDBLOCK && errno != EINTR) {
                std::string why = std::strerror(errno);
                ::close(fd);
                return "cannot lock " + lock_path + ": " + why;
            }
            if (std::chrono::steady_clock::now() >= deadline) {
                ::close(fd);
                return "another aa holds the lock on " + path_ + " (" + lock_path + ") and did not release it within " +
                       std::to_string(wait.count()) + " ms";
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        lock_fd_ = fd;
        return {};
    }
    void unlock() override {
        if (lock_fd_ >= 0) ::close(lock_fd_);  // closing the only descriptor releases the flock
        lock_fd_ = -1;
    }

    std::string query() override {
        // cibadmin on a missing CIB_file creates nothing but says little; name the file ourselves.
        if (!std::filesystem::exists(path_)) {
            Result r;
            r.argv = {"cibadmin", "--query"};
            r.err = "no such CIB file: " + path_;
            throw CommandError(std::move(r), "reading " + describe());
        }
        return checked(tool({"cibadmin", "--query"}), "reading " + describe());
    }
    Result patch(const std::string& patch_xml) override {
        return tool({"cibadmin", "--patch", "--xml-pipe"}, patch_xml);
    }
    std::string status_xml() override {
        return checked(tool({"crm_mon", "--one-shot", "--inactive", "--output-as=xml"}), "status of " + describe());
    }
    std::string describe() const override { return "file " + path_; }

    Result run_tool(const std::vector<std::string>& argv) override { return tool(argv); }

private:
    Result tool(std::vector<std::string> argv, const std::string& stdin_text = {}) {
        Command c;
        c.argv = std::move(argv);
        c.env = {"CIB_file=" + path_};
        c.stdin_text = stdin_text;
        c.timeout = std::chrono::minutes(10);
        return run(c);
    }
    static std::string checked(Result r, const std::string& context) {
        if (!r.ok()) throw CommandError(std::move(r), context);
        return std::move(r.out);
    }
    std::string path_;
    int lock_fd_ = -1;
};

}  // namespace

std::unique_ptr<Cluster> file_cluster(std::string path) { return std::make_unique<FileCluster>(std::move(path)); }

}  // namespace aa::runtime
